#pragma once
// MailQueue: how domain services queue mail (API.md §13). Enqueue() writes the outbox row inside
// the caller's transaction, so the mail commits with the change that causes it (and never for a
// rolled-back one); WakeWorker() tells the delivery worker after the commit. In development with
// DEBUG=true, EchoCode() also prints a code to the log so a developer can work without a mailbox —
// never in production. Thread-safe.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "mail/templates.hpp"
#include "store/database.hpp"

namespace clockko::auth {

struct MailQueueOptions {
  bool echo_codes = false;     // development + DEBUG only (app/wiring decides)
  std::function<void()> wake;  // wakes the outbox worker; may be empty
};

class MailQueue {
 public:
  MailQueue(const Clock& clock, MailQueueOptions options);
  MailQueue(const MailQueue&) = delete;
  MailQueue& operator=(const MailQueue&) = delete;

  // `expires_at`: a code or link mail is dropped once its code or link has expired.
  Result<> Enqueue(store::Transaction& tx, std::string_view kind,
                   const std::optional<std::string>& user_id, const std::string& recipient,
                   const mail::RenderedTemplate& mail, std::optional<Timestamp> expires_at);
  void WakeWorker() const;
  void EchoCode(std::string_view kind, const std::string& recipient, std::string_view code) const;

 private:
  const Clock& clock_;
  MailQueueOptions options_;
};

}  // namespace clockko::auth
