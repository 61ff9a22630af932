#pragma once
// FakeClock: a clockko::Clock whose time moves only when a test says so (Set / Advance), so
// expiry and lockout tests are exact and never sleep. Thread-safe (atomic seconds).
#include <atomic>
#include <cstdint>

#include "core/clock.hpp"
#include "core/timestamp.hpp"

namespace clockko::testing {

class FakeClock final : public clockko::Clock {
 public:
  // 2023-11-14T22:13:20Z: an arbitrary fixed instant, far from the epoch.
  static constexpr std::int64_t kDefaultStart = 1'700'000'000;

  explicit FakeClock(Timestamp start = Timestamp::FromUnixSeconds(kDefaultStart))
      : seconds_(start.unix_seconds()) {}

  Timestamp Now() const override {
    return Timestamp::FromUnixSeconds(seconds_.load(std::memory_order_relaxed));
  }

  void Set(Timestamp t) { seconds_.store(t.unix_seconds(), std::memory_order_relaxed); }
  // Moves time forward (or back, with a negative argument).
  void Advance(std::int64_t seconds) { seconds_.fetch_add(seconds, std::memory_order_relaxed); }
  void AdvanceMinutes(std::int64_t minutes) { Advance(minutes * 60); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace clockko::testing
