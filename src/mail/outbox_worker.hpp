#pragma once
// OutboxWorker: delivers the durable mail outbox (API.md §13, ARCHITECTURE.md §3) on one background
// thread. Each pass reads due rows, renders and sends each through the MailTransport, and then
// removes it (delivered, expired, abandoned, permanently failed) or reschedules it with exponential
// backoff (transient failure). Errors are logged, never thrown or returned.
//
// Delivery contract: at-least-once in general, at-most-once per process. This process never sends
// a row twice: passes are serialised, and a delivered row whose Remove failed is remembered and
// skipped until its removal succeeds. A crash between Send and Remove re-sends after restart. There
// must be ONE worker per database today (SQLite, single process). Several instances on a shared
// database (PostgreSQL, later) need the repository to claim rows (e.g. FOR UPDATE SKIP LOCKED plus
// a lease), or they will send the same row more than once.
//
// Thread-safety: Start/Stop/Notify/RunOnce may be called from any thread.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "mail/transport.hpp"
#include "store/database.hpp"

namespace clockko::mail {

struct OutboxWorkerOptions {
  std::string from_address;  // SMTP_FROM
  std::string from_name;     // SMTP_FROM_NAME
  // How long the background thread sleeps between passes when not notified.
  // Default: 1 s.
  std::chrono::milliseconds poll_interval{1000};
  // Rows read per pass. Default: 20.
  std::int32_t batch = 20;
  // A mail still failing transiently this long after it was queued is abandoned. Default: 1 h.
  std::int64_t max_age_seconds = 3600;
  // Retry n waits base * 2^n seconds (n = earlier failures), at most kMaxBackoffSeconds.
  // Default: 30 s.
  std::int64_t base_backoff_seconds = 30;
};

class OutboxWorker {
 public:
  static constexpr std::int64_t kMaxBackoffSeconds = 15 * 60;

  // All references must outlive the worker.
  OutboxWorker(store::Database& db, MailTransport& transport, const Clock& clock, Random& random,
               OutboxWorkerOptions options);
  ~OutboxWorker();  // Stop()s
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  // Starts the background thread; no-op when it is already running.
  void Start();
  // Asks the thread to finish (after the mail it is sending) and joins it. Idempotent.
  void Stop();
  // Wakes the thread for a pass now (call after committing a transaction that enqueued mail).
  void Notify();
  // One synchronous pass over up to `batch` due rows, timed by the injected Clock. Returns the
  // number of mails delivered. Used by the background loop and by tests.
  std::size_t RunOnce();

 private:
  struct PassResult {
    std::size_t processed = 0;  // rows handled (sent, dropped, rescheduled, ...)
    std::size_t delivered = 0;
  };
  enum class Outcome { kDelivered, kRemoved, kRescheduled, kKept };

  PassResult Pass();
  Outcome Handle(const store::OutboxMail& mail, Timestamp now);
  bool RemoveRow(std::int64_t id);
  void Loop();
  bool StopRequested();

  store::Database& db_;
  MailTransport& transport_;
  const Clock& clock_;
  Random& random_;
  const OutboxWorkerOptions options_;

  std::mutex pass_mu_;  // serialises passes: the loop and RunOnce never overlap
  // Delivered rows whose Remove failed; guarded by pass_mu_.
  std::set<std::int64_t> delivered_not_removed_;

  std::mutex mu_;  // guards the fields below
  std::condition_variable cv_;
  bool stop_ = false;
  bool notified_ = false;
  std::thread thread_;
};

}  // namespace clockko::mail
