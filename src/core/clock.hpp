#pragma once
// Clock: the only source of "now" for domain code, injected so expiry, lockout and token tests are
// exact (tests use FakeClock). Implementations are thread-safe.
#include "core/timestamp.hpp"

namespace clockko {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The wall clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

}  // namespace clockko
