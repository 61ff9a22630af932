#pragma once
// MailMessage and its RFC 5322 / MIME rendering. Every mail is multipart/alternative with a
// text/plain and a text/html part, both UTF-8 and base64-encoded (API.md §13). Headers are built
// only from validated values: a header value with control characters or an address that fails
// Email::Parse is refused. Pure functions; thread-safe.
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::mail {

struct MailMessage {
  std::string from_address;  // SMTP_FROM, a plain address
  std::string from_name;     // SMTP_FROM_NAME; may be empty or non-ASCII (UTF-8)
  std::string to;            // the stored, validated recipient address (no display name)
  std::string subject;       // UTF-8
  std::string text_body;     // UTF-8; bare LF line breaks are sent as CRLF
  std::string html_body;     // UTF-8; bare LF line breaks are sent as CRLF
};

// Renders `msg` as a complete message with CRLF line endings and no line longer than 78 octets.
// `message_id` is the random left-hand side of the Message-ID (the right side is the domain of
// from_address); it also seeds the MIME boundary, so it must be unique per message.
// REQUIRES: message_id non-empty, made of [A-Za-z0-9._-], at most 64 characters.
// Errors: kInvalidArgument / "invalid_mail" when an address fails Email::Parse, the name or subject
// contains control characters (CR, LF, ...), any text is not valid UTF-8, or message_id is bad.
Result<std::string> RenderMime(const MailMessage& msg, Timestamp date, std::string_view message_id);

// As above, with a fresh 128-bit hex message id drawn from `random`.
Result<std::string> RenderMime(const MailMessage& msg, Timestamp date, Random& random);

// "Tue, 03 Dec 2026 15:47:00 +0000" (RFC 5322 §3.3, always UTC).
std::string FormatRfc5322Date(Timestamp date);

}  // namespace clockko::mail
