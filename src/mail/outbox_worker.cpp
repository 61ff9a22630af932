#include "mail/outbox_worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

#include "core/log_safe.hpp"
#include "mail/message.hpp"

namespace clockko::mail {
namespace {

std::int64_t Backoff(std::int64_t base, std::int32_t attempts) {
  std::int64_t delay = std::max<std::int64_t>(base, 1);
  for (std::int32_t i = 0; i < attempts && delay < OutboxWorker::kMaxBackoffSeconds; ++i) {
    delay *= 2;
  }
  return std::min(delay, OutboxWorker::kMaxBackoffSeconds);
}

// The failure class stored in last_error: the stable code only, never server text (which might
// echo addresses or contents).
std::string FailureClass(const Error& e) { return e.code.empty() ? std::string("error") : e.code; }

}  // namespace

OutboxWorker::OutboxWorker(store::Database& db, MailTransport& transport, const Clock& clock,
                           Random& random, OutboxWorkerOptions options)
    : db_(db),
      transport_(transport),
      clock_(clock),
      random_(random),
      options_(std::move(options)) {}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) {
    return;
  }
  stop_ = false;
  notified_ = true;  // first pass immediately: rows may be waiting from before a restart
  thread_ = std::thread([this] { Loop(); });
}

void OutboxWorker::Stop() {
  std::thread t;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    t = std::move(thread_);
  }
  cv_.notify_all();
  if (t.joinable()) {
    t.join();
  }
}

void OutboxWorker::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  cv_.notify_all();
}

bool OutboxWorker::StopRequested() {
  std::lock_guard lock(mu_);
  return stop_;
}

void OutboxWorker::Loop() {
  spdlog::info("mail outbox worker started");
  std::unique_lock lock(mu_);
  while (!stop_) {
    // Real time is fine here: it only paces the loop; all decisions inside a pass use clock_.
    cv_.wait_for(lock, options_.poll_interval, [this] { return stop_ || notified_; });
    if (stop_) {
      break;
    }
    notified_ = false;
    lock.unlock();
    PassResult r;
    do {
      try {
        r = Pass();
      } catch (const std::exception& e) {
        // Safety net: a bug in a transport must not kill the only mail thread.
        spdlog::error("mail outbox pass failed: {}", EscapeForLog(e.what()));
        r = {};
      }
      // A full batch means more rows may be due: go again without waiting.
    } while (r.processed >= static_cast<std::size_t>(std::max(options_.batch, 1)) &&
             !StopRequested());
    lock.lock();
  }
  spdlog::info("mail outbox worker stopped");
}

std::size_t OutboxWorker::RunOnce() { return Pass().delivered; }

bool OutboxWorker::RemoveRow(std::int64_t id) {
  Result<> r = db_.Run(store::TxMode::kWrite,
                       [id](store::Transaction& tx) { return tx.outbox().Remove(id); });
  if (!r) {
    spdlog::warn("mail outbox: removing row id={} failed: {}", id, EscapeForLog(r.error().detail));
    return false;
  }
  return true;
}

OutboxWorker::PassResult OutboxWorker::Pass() {
  std::lock_guard pass_lock(pass_mu_);
  PassResult result;

  // Finish removals that failed after a successful send, before anything is read again.
  for (auto it = delivered_not_removed_.begin(); it != delivered_not_removed_.end();) {
    it = RemoveRow(*it) ? delivered_not_removed_.erase(it) : std::next(it);
  }

  const Timestamp now = clock_.Now();
  const std::int32_t limit = std::max(options_.batch, 1);
  Result<std::vector<store::OutboxMail>> due = store::Transact<std::vector<store::OutboxMail>>(
      db_, store::TxMode::kRead,
      [&](store::Transaction& tx) { return tx.outbox().Due(now, limit); });
  if (!due) {
    spdlog::warn("mail outbox: reading due mail failed: {}", EscapeForLog(due.error().detail));
    return result;
  }

  for (const store::OutboxMail& mail : *due) {
    if (StopRequested()) {
      break;
    }
    if (delivered_not_removed_.count(mail.id) != 0) {
      continue;  // already sent by this process; only its removal is pending
    }
    const Outcome outcome = Handle(mail, now);
    // Rows kept because the database failed do not count, so a failing database cannot make the
    // loop spin without waiting.
    if (outcome != Outcome::kKept) {
      ++result.processed;
    }
    if (outcome == Outcome::kDelivered) {
      ++result.delivered;
    }
  }
  return result;
}

OutboxWorker::Outcome OutboxWorker::Handle(const store::OutboxMail& mail, Timestamp now) {
  // Kind and masked recipient only: subjects and bodies carry codes and links.
  const std::string kind = EscapeForLog(mail.kind);
  const std::string to = MaskEmail(mail.recipient);

  if (mail.expires_at && *mail.expires_at < now) {
    spdlog::info("mail outbox: dropped expired mail kind={} id={} to={}", kind, mail.id, to);
    return RemoveRow(mail.id) ? Outcome::kRemoved : Outcome::kKept;
  }

  const MailMessage msg{options_.from_address, options_.from_name, mail.recipient,
                        mail.subject,          mail.text_body,     mail.html_body};
  Result<std::string> mime = RenderMime(msg, now, random_);
  Result<> sent = mime ? transport_.Send(msg, *mime) : Result<>(Forward(mime.error()));

  if (sent) {
    spdlog::info("mail outbox: delivered kind={} id={} to={}", kind, mail.id, to);
    if (!RemoveRow(mail.id)) {
      delivered_not_removed_.insert(mail.id);
    }
    return Outcome::kDelivered;
  }

  const Error& err = sent.error();
  if (err.errc != Errc::kUnavailable) {
    spdlog::error("mail outbox: permanent failure, giving up kind={} id={} to={}: {} {}", kind,
                  mail.id, to, FailureClass(err), EscapeForLog(err.detail));
    return RemoveRow(mail.id) ? Outcome::kRemoved : Outcome::kKept;
  }
  if (now.unix_seconds() - mail.created_at.unix_seconds() > options_.max_age_seconds) {
    spdlog::warn("mail outbox: abandoned after {} attempts kind={} id={} to={}: {} {}",
                 mail.attempts + 1, kind, mail.id, to, FailureClass(err), EscapeForLog(err.detail));
    return RemoveRow(mail.id) ? Outcome::kRemoved : Outcome::kKept;
  }

  const Timestamp next = now.PlusSeconds(Backoff(options_.base_backoff_seconds, mail.attempts));
  const std::string failure = FailureClass(err);
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) {
    return tx.outbox().Reschedule(mail.id, next, failure);
  });
  if (!r) {
    spdlog::warn("mail outbox: rescheduling id={} failed: {}", mail.id,
                 EscapeForLog(r.error().detail));
    return Outcome::kKept;
  }
  spdlog::warn("mail outbox: transient failure kind={} id={} to={} attempt={} retry_at={}: {} {}",
               kind, mail.id, to, mail.attempts + 1, next.ToIso8601(), failure,
               EscapeForLog(err.detail));
  return Outcome::kRescheduled;
}

}  // namespace clockko::mail
