#include "http/client_ip.hpp"

#include <boost/asio/ip/address.hpp>
#include <charconv>

#include "core/text.hpp"

namespace clockko::http {

namespace {

bool PrefixEqual(const std::array<std::uint8_t, 16>& a, const std::array<std::uint8_t, 16>& b,
                 int prefix) {
  int i = 0;
  for (; prefix >= 8; prefix -= 8, ++i) {
    if (a[static_cast<std::size_t>(i)] != b[static_cast<std::size_t>(i)]) {
      return false;
    }
  }
  if (prefix == 0) {
    return true;
  }
  const auto mask = static_cast<std::uint8_t>(0xFF << (8 - prefix));
  return (a[static_cast<std::size_t>(i)] & mask) == (b[static_cast<std::size_t>(i)] & mask);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

std::optional<TrustedProxies::Address> TrustedProxies::ParseAddress(std::string_view text) {
  // Zone ids ("fe80::1%eth0") are refused: they are meaningless in a forwarded header and make
  // comparisons ambiguous.
  if (text.empty() || text.size() > 64 || text.find('%') != std::string_view::npos) {
    return std::nullopt;
  }
  boost::system::error_code ec;
  boost::asio::ip::address addr = boost::asio::ip::make_address(std::string(text), ec);
  if (ec) {
    return std::nullopt;
  }
  Address out;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, addr.to_v6());
  }
  if (addr.is_v4()) {
    out.v4 = true;
    const auto b = addr.to_v4().to_bytes();
    std::copy(b.begin(), b.end(), out.bytes.begin());
  } else {
    out.bytes = addr.to_v6().to_bytes();
  }
  out.text = addr.to_string();
  return out;
}

std::optional<TrustedProxies::Address> TrustedProxies::ParseForwardedEntry(std::string_view entry) {
  entry = TrimAscii(entry);
  if (!entry.empty() && entry.front() == '[') {  // "[v6]" or "[v6]:port"
    const std::size_t close = entry.find(']');
    if (close == std::string_view::npos) {
      return std::nullopt;
    }
    std::string_view rest = entry.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && AllDigits(rest.substr(1)))) {
      return std::nullopt;
    }
    auto a = ParseAddress(entry.substr(1, close - 1));
    if (!a || a->v4) {
      return std::nullopt;
    }
    return a;
  }
  const std::size_t colon = entry.find(':');
  if (colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
    // Exactly one colon: "a.b.c.d:port".
    if (!AllDigits(entry.substr(colon + 1))) {
      return std::nullopt;
    }
    auto a = ParseAddress(entry.substr(0, colon));
    if (!a || !a->v4) {
      return std::nullopt;
    }
    return a;
  }
  return ParseAddress(entry);
}

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& cidrs) {
  TrustedProxies out;
  for (const std::string& raw : cidrs) {
    const std::string_view entry = TrimAscii(raw);
    const std::size_t slash = entry.find('/');
    auto addr = ParseAddress(entry.substr(0, slash));
    auto bad = [&raw] {
      return Fail(Errc::kInvalidArgument, "invalid_trusted_proxy",
                  "Invalid TRUSTED_PROXIES entry: " + raw);
    };
    if (!addr) {
      return bad();
    }
    Network net;
    net.v4 = addr->v4;
    net.bytes = addr->bytes;
    const int max_prefix = net.v4 ? 32 : 128;
    net.prefix = max_prefix;
    if (slash != std::string_view::npos) {
      const std::string_view p = entry.substr(slash + 1);
      int prefix = -1;
      if (!AllDigits(p) || p.size() > 3 ||
          std::from_chars(p.data(), p.data() + p.size(), prefix).ec != std::errc() || prefix < 0) {
        return bad();
      }
      // An IPv4-mapped network was converted to IPv4 by ParseAddress: shift its prefix.
      const bool written_as_v6 = entry.substr(0, slash).find(':') != std::string_view::npos;
      if (net.v4 && written_as_v6) {
        if (prefix < 96 || prefix > 128) {
          return bad();
        }
        prefix -= 96;
      }
      if (prefix > max_prefix) {
        return bad();
      }
      net.prefix = prefix;
    }
    out.networks_.push_back(net);
  }
  return out;
}

bool TrustedProxies::Contains(const Address& a) const {
  for (const Network& n : networks_) {
    if (n.v4 == a.v4 && PrefixEqual(n.bytes, a.bytes, n.prefix)) {
      return true;
    }
  }
  return false;
}

bool TrustedProxies::IsTrusted(std::string_view ip) const {
  auto a = ParseAddress(TrimAscii(ip));
  return a && Contains(*a);
}

std::string TrustedProxies::ClientIp(std::string_view peer,
                                     std::string_view x_forwarded_for) const {
  auto peer_addr = ParseAddress(peer);
  if (!peer_addr) {
    return std::string(peer);
  }
  if (!Contains(*peer_addr)) {
    return peer_addr->text;  // untrusted peer: the header is the client's own claim, ignore it
  }
  std::string last_trusted = peer_addr->text;
  std::string_view rest = x_forwarded_for;
  while (!TrimAscii(rest).empty()) {
    const std::size_t comma = rest.rfind(',');
    const std::string_view entry = comma == std::string_view::npos ? rest : rest.substr(comma + 1);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    auto a = ParseForwardedEntry(entry);
    if (!a) {
      break;  // garbage: a trusted hop did not write this, so nothing further left is reliable
    }
    if (!Contains(*a)) {
      return a->text;
    }
    last_trusted = a->text;
  }
  return last_trusted;
}

}  // namespace clockko::http
