#include "auth/mail_queue.hpp"

#include <spdlog/spdlog.h>

#include "core/log_safe.hpp"

namespace clockko::auth {

MailQueue::MailQueue(const Clock& clock, MailQueueOptions options)
    : clock_(clock), options_(std::move(options)) {}

Result<> MailQueue::Enqueue(store::Transaction& tx, std::string_view kind,
                            const std::optional<std::string>& user_id, const std::string& recipient,
                            const mail::RenderedTemplate& mail,
                            std::optional<Timestamp> expires_at) {
  const Timestamp now = clock_.Now();
  store::OutboxMail row;
  row.kind = std::string(kind);
  row.user_id = user_id;
  row.recipient = recipient;
  row.subject = mail.subject;
  row.text_body = mail.text_body;
  row.html_body = mail.html_body;
  row.created_at = now;
  row.next_attempt_at = now;
  row.expires_at = expires_at;
  Result<std::int64_t> id = tx.outbox().Enqueue(row);
  if (!id) {
    return Forward(std::move(id.error()));
  }
  return {};
}

void MailQueue::WakeWorker() const {
  if (options_.wake) {
    options_.wake();
  }
}

void MailQueue::EchoCode(std::string_view kind, const std::string& recipient,
                         std::string_view code) const {
  if (options_.echo_codes) {
    // Development + DEBUG only (API.md §13 / issue 3): a developer without a mailbox reads it here.
    spdlog::warn("DEBUG development mail code kind={} to={} code={}", kind, MaskEmail(recipient),
                 code);
  }
}

}  // namespace clockko::auth
