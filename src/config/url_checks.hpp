#pragma once
// URL and origin checks shared by the loader and Describe() (internal to config/). Built on
// Boost.URL; pure functions, thread-safe.
#include <optional>
#include <string>
#include <string_view>

namespace clockko::config {

// True for any absolute URI (scheme:...).
bool IsAbsoluteUrl(std::string_view text);

// For an absolute http:// or https:// URL with a host and no userinfo: its origin
// ("scheme://host[:port]", scheme and host lower-cased, default port dropped). Else nullopt.
std::optional<std::string> ParseHttpUrl(std::string_view text);

// For an exact origin "scheme://host[:port]" (http or https, no path, not even "/", no query,
// fragment or userinfo): the normalized origin as ParseHttpUrl gives it. Else nullopt.
std::optional<std::string> ParseOrigin(std::string_view text);

// `host` as it goes into a URL: IPv6 literals in brackets, unspecified addresses as "localhost".
std::string HostForUrl(const std::string& host);

// `url` with any userinfo password and any `password` query parameter replaced by "***".
// A string that does not parse as a URL is returned as "***" entirely.
std::string RedactUrlPassword(std::string_view url);

}  // namespace clockko::config
