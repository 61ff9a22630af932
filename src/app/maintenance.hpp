#pragma once
// Maintenance: a background thread that deletes what has expired — one-time codes, link tokens,
// revoked-token entries, recent-auth marks and carried tokens — so single-use secrets do not
// linger after their lifetime and the tables stay small. Runs once at Start() and then every
// `interval`. Thread-safe; Stop() joins.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace clockko::app {

class Maintenance {
 public:
  Maintenance(store::Database& db, const Clock& clock, std::chrono::seconds interval);
  ~Maintenance();
  Maintenance(const Maintenance&) = delete;
  Maintenance& operator=(const Maintenance&) = delete;

  void Start();
  void Stop();
  // One pass, synchronous. Returns the number of rows deleted.
  std::int64_t RunOnce();

 private:
  void Loop();

  store::Database& db_;
  const Clock& clock_;
  std::chrono::seconds interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace clockko::app
