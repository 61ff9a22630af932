#pragma once
// Escaping for values interpolated into mail bodies (API.md §13): HtmlEscape for text and attribute
// values in the HTML part, UrlEncode for query parameters of links. Pure functions; thread-safe.
#include <string>
#include <string_view>

namespace clockko::mail {

// Replaces & < > " ' with character references, so the result is safe both as element text and
// inside a double- or single-quoted attribute value. Other bytes (including UTF-8) pass through.
std::string HtmlEscape(std::string_view text);

// Percent-encodes every byte except the RFC 3986 unreserved set (A-Z a-z 0-9 - . _ ~), with
// upper-case hex digits. Suitable for one query parameter value or path segment.
std::string UrlEncode(std::string_view text);

}  // namespace clockko::mail
