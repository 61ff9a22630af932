#pragma once
// MinimumDuration: makes a scope last at least `floor` (wall time), so an answer that must not
// reveal which branch ran (forgot-password and send-verification-email for a registered vs an
// unknown address, API.md §4.1) takes the same time either way. Runs on worker threads only:
// sleeping there holds one worker for a few milliseconds; I/O threads never sleep.
#include <chrono>
#include <thread>

namespace clockko::auth {

class MinimumDuration {
 public:
  explicit MinimumDuration(std::chrono::milliseconds floor)
      : until_(std::chrono::steady_clock::now() + floor) {}
  ~MinimumDuration() { std::this_thread::sleep_until(until_); }
  MinimumDuration(const MinimumDuration&) = delete;
  MinimumDuration& operator=(const MinimumDuration&) = delete;

 private:
  std::chrono::steady_clock::time_point until_;
};

}  // namespace clockko::auth
