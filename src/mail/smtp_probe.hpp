#pragma once
// ProbeSmtp: the check behind `clockko check-config --smtp`. Opens one SMTP session with the same
// settings as SmtpTransport (greeting, EHLO, STARTTLS or implicit TLS with certificate checks,
// AUTH when a user name is set), sends NOOP and QUIT, and delivers nothing. Thread-safe.
// Errors: as SmtpTransport::Send — Error::detail starts with "SMTPConnectionError: ",
// "SMTPAuthError: " or "EmailSendError: " and never holds credentials; a user name with a server
// that offers no AUTH is an SMTPAuthError (libcurl would otherwise skip AUTH silently).
#include "core/result.hpp"
#include "mail/smtp_options.hpp"

namespace clockko::mail {

Result<> ProbeSmtp(const SmtpTransportOptions& options);

}  // namespace clockko::mail
