#pragma once
// SMTP failure classes (the SMTPConnectionError, SMTPAuthError, EmailSendError) told apart
// from a libcurl result code and the last SMTP reply code, each marked transient (retry later) or
// permanent (retrying unchanged will not help). Pure functions; thread-safe.
//
// Policy (documented in src/mail/smtp_errors.cpp next to the table):
//   kConnection: network trouble (resolve, connect, timeout, TLS handshake, dropped connection,
//                421) is transient; a certificate that fails verification, an unreadable CA file,
//                a server that does not offer STARTTLS (or refuses it) and a malformed URL are
//                permanent configuration problems.
//   kAuth:       535/534/530/538/454 replies and CURLE_LOGIN_DENIED are transient: credentials may
//                be rotated, and the outbox gives up after its maximum age anyway.
//   kSend:       any other 4xx reply is transient, any other 5xx reply is permanent.
#include <curl/curl.h>

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace clockko::mail {

enum class SmtpFailure {
  kConnection,  // SMTPConnectionError
  kAuth,        // SMTPAuthError
  kSend,        // EmailSendError
};

struct SmtpError {
  SmtpFailure kind = SmtpFailure::kSend;
  bool transient = false;
  // Starts with the class name ("SMTPAuthError: ..."); never credentials or message contents.
  std::string detail;
};

// "SMTPConnectionError", "SMTPAuthError" or "EmailSendError".
std::string_view SmtpFailureName(SmtpFailure kind);

// Classifies a failed transfer. `smtp_reply_code` is CURLINFO_RESPONSE_CODE (0 when the server
// never answered). REQUIRES: rc != CURLE_OK (CURLE_OK is reported as a permanent kSend).
SmtpError ClassifyCurlResult(CURLcode rc, long smtp_reply_code);

// The Result a MailTransport returns for `e`: transient → kUnavailable (the outbox retries),
// permanent → kFailedPrecondition. Error::detail = e.detail.
tl::unexpected<Error> ToMailError(const SmtpError& e);

}  // namespace clockko::mail
