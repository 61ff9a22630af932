#pragma once
// SmtpTransport: the MailTransport used when SMTP_HOST is set (API.md §13, §14.2). Each Send opens
// one libcurl SMTP session (TLS per SmtpTransportOptions, AUTH only with a user name, MAIL FROM,
// RCPT TO, DATA with libcurl's dot-stuffing) and closes it. Thread-safe: every call uses its own
// easy handle. Errors: the SmtpError of ClassifyCurlResult — transient ones as kUnavailable (the
// outbox retries), permanent ones (and invalid options or envelope addresses) as
// kFailedPrecondition / kInvalidArgument; Error::detail starts with the class name
// ("SMTPConnectionError: ...", "SMTPAuthError: ...", "EmailSendError: ...") and never holds
// credentials or message contents.
#include <string_view>

#include "mail/smtp_errors.hpp"
#include "mail/smtp_options.hpp"
#include "mail/transport.hpp"

namespace clockko::mail {

class SmtpTransport final : public MailTransport {
 public:
  // Calls InitCurlOnce(). Invalid options are not thrown: every Send then fails permanently with
  // the ValidateSmtpOptions error (check them at startup with ValidateSmtpOptions).
  explicit SmtpTransport(SmtpTransportOptions options);
  SmtpTransport(const SmtpTransport&) = delete;
  SmtpTransport& operator=(const SmtpTransport&) = delete;

  Result<> Send(const MailMessage& msg, std::string_view mime) override;

  const SmtpTransportOptions& options() const { return options_; }

 private:
  const SmtpTransportOptions options_;
};

}  // namespace clockko::mail
