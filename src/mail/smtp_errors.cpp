#include "mail/smtp_errors.hpp"

#include <string>

namespace clockko::mail {
namespace {

SmtpError Make(SmtpFailure kind, bool transient, CURLcode rc, long reply, std::string_view why) {
  std::string detail(SmtpFailureName(kind));
  detail += ": ";
  detail += why;
  detail += " (curl ";
  detail += std::to_string(static_cast<int>(rc));
  detail += " ";
  detail += curl_easy_strerror(rc);
  if (reply > 0) {
    detail += ", SMTP reply ";
    detail += std::to_string(reply);
  }
  detail += transient ? ", transient)" : ", permanent)";
  return SmtpError{kind, transient, std::move(detail)};
}

bool IsAuthReply(long reply) {
  // 530 authentication required, 534 mechanism too weak, 535 credentials invalid,
  // 538 encryption required for the mechanism, 454 temporary authentication failure.
  return reply == 530 || reply == 534 || reply == 535 || reply == 538 || reply == 454;
}

}  // namespace

std::string_view SmtpFailureName(SmtpFailure kind) {
  switch (kind) {
    case SmtpFailure::kConnection:
      return "SMTPConnectionError";
    case SmtpFailure::kAuth:
      return "SMTPAuthError";
    case SmtpFailure::kSend:
      return "EmailSendError";
  }
  return "EmailSendError";
}

SmtpError ClassifyCurlResult(CURLcode rc, long reply) {
  using enum SmtpFailure;
  switch (rc) {
    case CURLE_OK:
      return Make(kSend, false, rc, reply, "classified a successful transfer");
    // Configuration problems that retrying will not fix.
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
      return Make(kConnection, false, rc, reply, "server certificate not accepted");
    case CURLE_USE_SSL_FAILED:
      return Make(kConnection, false, rc, reply, "server did not offer or refused STARTTLS");
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_NOT_BUILT_IN:
      return Make(kConnection, false, rc, reply, "cannot build an SMTP connection");
    // Credentials refused (libcurl's SASL layer saw 535/534/... or found no usable mechanism).
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
      return Make(kAuth, true, rc, reply, "authentication failed");
    // Network-level trouble before or between commands.
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_AGAIN:
      return Make(kConnection, true, rc, reply, "cannot reach the SMTP server");
    default:
      break;
  }
  // The rest (SEND_ERROR, RECV_ERROR, WEIRD_SERVER_REPLY, REMOTE_ACCESS_DENIED, ...) are decided
  // by the server's reply, if it gave a failing one; the last reply code may be an earlier 2xx/3xx.
  if (reply == 421) {
    return Make(kConnection, true, rc, reply, "server closing the connection");
  }
  if (IsAuthReply(reply)) {
    return Make(kAuth, true, rc, reply, "server requires or refused authentication");
  }
  if (reply >= 400 && reply < 500) {
    return Make(kSend, true, rc, reply, "server deferred the message");
  }
  if (reply >= 500 && reply < 600) {
    return Make(kSend, false, rc, reply, "server rejected the message");
  }
  switch (rc) {
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_PARTIAL_FILE:
      return Make(kConnection, true, rc, reply, "connection to the SMTP server failed");
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FAILED_INIT:
      return Make(kSend, true, rc, reply, "local failure");
    default:
      return Make(kSend, false, rc, reply, "unexpected libcurl failure");
  }
}

tl::unexpected<Error> ToMailError(const SmtpError& e) {
  if (e.transient) {
    return Unavailable(e.detail);
  }
  return Fail(Errc::kFailedPrecondition, "mail_delivery_failed", "Mail delivery failed", e.detail);
}

}  // namespace clockko::mail
