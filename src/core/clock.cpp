#include "core/clock.hpp"

#include <chrono>

namespace clockko {

Timestamp SystemClock::Now() const {
  const auto now = std::chrono::system_clock::now();
  return Timestamp::FromUnixSeconds(
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count());
}

}  // namespace clockko
