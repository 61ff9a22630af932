#pragma once
// MailTransport: the seam between the outbox worker and the way a rendered mail leaves the process.
// Implemented by EmlFileTransport (development: .eml files) and later an SMTP transport; tests use
// a fake. Called from the outbox worker thread only, but implementations must tolerate calls from
// any one thread at a time. Error classes: kUnavailable = transient (the worker retries with
// backoff); any other Errc = permanent (the worker gives up on that mail).
#include <string_view>

#include "core/result.hpp"
#include "mail/message.hpp"

namespace clockko::mail {

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Delivers `mime` (the full RFC 5322 text of `msg`, CRLF line endings) to msg.to. `msg` carries
  // the envelope (sender, recipient) so an SMTP transport need not parse `mime`. Error `detail`
  // may be logged: it must never contain credentials or message contents.
  virtual Result<> Send(const MailMessage& msg, std::string_view mime) = 0;
};

}  // namespace clockko::mail
