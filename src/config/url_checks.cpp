#include "config/url_checks.hpp"

#include <algorithm>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

namespace clockko::config {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::optional<boost::urls::url_view> ParseAbsolute(std::string_view text) {
  auto parsed = boost::urls::parse_absolute_uri(boost::urls::string_view(text.data(), text.size()));
  if (parsed.has_error()) {
    return std::nullopt;
  }
  return *parsed;
}

}  // namespace

bool IsAbsoluteUrl(std::string_view text) { return ParseAbsolute(text).has_value(); }

std::optional<std::string> ParseHttpUrl(std::string_view text) {
  auto u = ParseAbsolute(text);
  if (!u) {
    return std::nullopt;
  }
  bool https = u->scheme_id() == boost::urls::scheme::https;
  if ((!https && u->scheme_id() != boost::urls::scheme::http) || !u->has_authority() ||
      u->has_userinfo() || u->encoded_host().empty() ||
      u->host_type() == boost::urls::host_type::ipvfuture) {
    return std::nullopt;
  }
  std::string origin = (https ? "https://" : "http://") + Lower(u->encoded_host());
  if (u->has_port()) {
    if (u->port().empty()) {
      return std::nullopt;
    }
    std::uint16_t port = u->port_number();
    if (port == 0 && u->port() != "0") {
      return std::nullopt;  // out of range
    }
    if (port != (https ? 443 : 80)) {
      origin += ":" + std::to_string(port);
    }
  }
  return origin;
}

std::optional<std::string> ParseOrigin(std::string_view text) {
  auto u = ParseAbsolute(text);
  if (!u || !u->encoded_path().empty() || u->has_query() || u->has_fragment()) {
    return std::nullopt;
  }
  return ParseHttpUrl(text);
}

std::string HostForUrl(const std::string& host) {
  boost::system::error_code ec;
  auto address = boost::asio::ip::make_address(host, ec);
  if (ec) {
    return host;
  }
  if (address.is_unspecified()) {
    return "localhost";
  }
  return address.is_v6() ? "[" + host + "]" : host;
}

std::string RedactUrlPassword(std::string_view text) {
  auto view = ParseAbsolute(text);
  if (!view) {
    return "***";
  }
  boost::urls::url u(*view);
  if (u.has_password()) {
    u.set_password("***");
  }
  for (auto it = u.params().begin(); it != u.params().end(); ++it) {
    if (Lower((*it).key) == "password") {
      it = u.params().set(it, "***");
    }
  }
  return std::string(u.buffer());
}

}  // namespace clockko::config
