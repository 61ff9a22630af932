#include "mail/message.hpp"

#include <cstdio>
#include <ctime>
#include <string>

#include "core/email.hpp"
#include "core/encoding.hpp"

namespace clockko::mail {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxHeaderLine = 78;     // RFC 5322 §2.1.1 "SHOULD"
constexpr std::size_t kBase64LineLength = 76;  // RFC 2045 §6.8
// An encoded word may be 75 characters (RFC 2047 §2); ours carry 39 bytes = 52 base64 characters,
// 64 in all, so even "Subject: " plus the first word stays within 78.
constexpr std::size_t kEncodedWordBytes = 39;

tl::unexpected<Error> Invalid(std::string detail) {
  return Fail(Errc::kInvalidArgument, "invalid_mail", "Invalid mail message", std::move(detail));
}

bool IsPrintableAscii(std::string_view s) {
  for (char c : s) {
    if (c < 0x20 || c > 0x7E) {
      return false;
    }
  }
  return true;
}

// Valid UTF-8 without any control character (CR/LF would inject headers; the rest has no place in
// a name or subject either).
Result<> CheckHeaderText(std::string_view value, std::string_view what) {
  if (!IsValidUtf8(value)) {
    return Invalid(std::string(what) + " is not valid UTF-8");
  }
  if (HasControlCharacters(value)) {
    return Invalid(std::string(what) + " contains control characters");
  }
  return {};
}

// Length of the longest prefix of `s` (valid UTF-8) that fits in `max` bytes without splitting a
// code point.
std::size_t Utf8PrefixLength(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return s.size();
  }
  std::size_t n = max;
  // Back up while the byte at n is a continuation byte (10xxxxxx): n must start a code point.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
    --n;
  }
  return n;
}

// RFC 2047 B-encoded words, folded onto continuation lines ("\r\n ") between words.
std::string EncodeWords(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    const std::size_t n = Utf8PrefixLength(text, kEncodedWordBytes);
    if (!out.empty()) {
      out += kCrlf;
      out += ' ';
    }
    out += "=?UTF-8?B?";
    out += Base64Encode(text.substr(0, n));
    out += "?=";
    text.remove_prefix(n);
  }
  return out;
}

// An unstructured header value: verbatim when printable ASCII and short enough, else encoded.
std::string UnstructuredValue(std::string_view header_name, std::string_view value) {
  if (IsPrintableAscii(value) && header_name.size() + 2 + value.size() <= kMaxHeaderLine) {
    return std::string(value);
  }
  return EncodeWords(value);
}

// A display name: a quoted-string when printable ASCII, encoded words otherwise.
std::string DisplayName(std::string_view name) {
  if (IsPrintableAscii(name) && name.size() <= 60) {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') {
        out += '\\';
      }
      out += c;
    }
    out += '"';
    return out;
  }
  return EncodeWords(name);
}

bool ValidMessageId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) {
      return false;
    }
  }
  return id.front() != '.' && id.back() != '.';
}

// Canonical text form for MIME (RFC 2045 §6.8): every line break is CRLF before encoding.
std::string CanonicalLineBreaks(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' && (i == 0 || text[i - 1] != '\r')) {
      out += kCrlf;
    } else {
      out += c;
    }
  }
  return out;
}

void AppendBase64Lines(std::string& out, std::string_view data) {
  const std::string b64 = Base64Encode(data);
  for (std::size_t i = 0; i < b64.size(); i += kBase64LineLength) {
    out += std::string_view(b64).substr(i, kBase64LineLength);
    out += kCrlf;
  }
}

void AppendPart(std::string& out, std::string_view boundary, std::string_view subtype,
                std::string_view body) {
  out += "--";
  out += boundary;
  out += kCrlf;
  out += "Content-Type: text/";
  out += subtype;
  out += "; charset=UTF-8";
  out += kCrlf;
  out += "Content-Transfer-Encoding: base64";
  out += kCrlf;
  out += kCrlf;
  AppendBase64Lines(out, CanonicalLineBreaks(body));
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  out += value;
  out += kCrlf;
}

}  // namespace

std::string FormatRfc5322Date(Timestamp date) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(date.unix_seconds());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

Result<std::string> RenderMime(const MailMessage& msg, Timestamp date,
                               std::string_view message_id) {
  if (!ValidMessageId(message_id)) {
    return Invalid("bad message id");
  }
  // Refuse anything Email::Parse would only accept after trimming: the header gets the raw text.
  if (msg.from_address.find_first_of("\r\n") != std::string::npos ||
      msg.to.find_first_of("\r\n") != std::string::npos) {
    return Invalid("address contains CR or LF");
  }
  Result<Email> from = Email::Parse(msg.from_address, "from");
  if (!from) {
    return Invalid("from address is not valid");
  }
  Result<Email> to = Email::Parse(msg.to, "to");
  if (!to) {
    return Invalid("to address is not valid");
  }
  if (Result<> r = CheckHeaderText(msg.from_name, "from name"); !r) {
    return Forward(std::move(r.error()));
  }
  if (Result<> r = CheckHeaderText(msg.subject, "subject"); !r) {
    return Forward(std::move(r.error()));
  }
  if (!IsValidUtf8(msg.text_body) || !IsValidUtf8(msg.html_body)) {
    return Invalid("body is not valid UTF-8");
  }

  const std::string& from_value = from->value();
  const std::string domain = from_value.substr(from_value.rfind('@') + 1);
  // "=_" cannot occur in base64 text, so the boundary can never collide with a part's content.
  const std::string boundary = "=_clockko_" + std::string(message_id);

  std::string out;
  AppendHeader(out, "Date", FormatRfc5322Date(date));
  AppendHeader(out, "Message-ID", "<" + std::string(message_id) + "@" + domain + ">");
  if (msg.from_name.empty()) {
    AppendHeader(out, "From", from_value);
  } else {
    // The address goes on its own folded line when the name is long, to stay within 78 octets.
    const std::string name = DisplayName(msg.from_name);
    const std::size_t nl = name.rfind('\n');
    const std::size_t last_line = nl == std::string::npos ? name.size() : name.size() - nl - 1;
    const bool fold = 6 + last_line + 3 + from_value.size() > kMaxHeaderLine;
    AppendHeader(out, "From", name + (fold ? "\r\n <" : " <") + from_value + ">");
  }
  AppendHeader(out, "To", to->value());
  AppendHeader(out, "Subject", UnstructuredValue("Subject", msg.subject));
  AppendHeader(out, "MIME-Version", "1.0");
  // Transactional mail: ask auto-responders not to answer (RFC 3834).
  AppendHeader(out, "Auto-Submitted", "auto-generated");
  AppendHeader(out, "Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  out += kCrlf;
  out += "This is a multi-part message in MIME format.";
  out += kCrlf;
  AppendPart(out, boundary, "plain", msg.text_body);
  AppendPart(out, boundary, "html", msg.html_body);
  out += "--";
  out += boundary;
  out += "--";
  out += kCrlf;
  return out;
}

Result<std::string> RenderMime(const MailMessage& msg, Timestamp date, Random& random) {
  return RenderMime(msg, date, random.Hex(16));
}

}  // namespace clockko::mail
