#pragma once
// TrustedProxies: decides which address a request really came from. The client IP is the socket
// peer unless the peer is a trusted proxy; only then is X-Forwarded-For consulted, right to left,
// skipping trusted hops (SECURITY.md: a client can never pick its own IP by sending the header).
// Immutable after Parse(); safe to share between threads.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace clockko::http {

class TrustedProxies {
 public:
  // An empty list: nobody is trusted, ClientIp() always returns the peer.
  TrustedProxies() = default;

  // Accepts IPv4/IPv6 CIDRs ("10.0.0.0/8", "fd00::/8") and bare addresses ("127.0.0.1", "::1").
  // Host bits set below the prefix are ignored ("10.1.2.3/8" == "10.0.0.0/8"). IPv4-mapped IPv6
  // entries (::ffff:a.b.c.d, prefix >= 96) are stored as IPv4.
  // Errors: kInvalidArgument (code "invalid_trusted_proxy") naming the first bad entry.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& cidrs);

  // True when `ip` is a valid address inside one of the networks. IPv4-mapped IPv6 addresses
  // (::ffff:10.0.0.1) are compared as IPv4. Garbage is never trusted.
  bool IsTrusted(std::string_view ip) const;

  // The client address for a request whose socket peer is `peer`, given the raw (comma-joined,
  // if the header appeared several times) X-Forwarded-For value:
  //   * peer not trusted (or XFF empty): the peer. The header is ignored entirely.
  //   * otherwise walk XFF right to left: return the first valid entry that is not trusted.
  //   * an invalid entry stops the walk (nothing left of it can be vouched for); so does the
  //     start of the list when every entry is trusted. Either way the result is the last
  //     trusted address seen, i.e. the leftmost valid entry of the trusted run, or the peer.
  // Entries may carry a port ("1.2.3.4:80", "[::1]:80"). Returned addresses are normalised
  // (IPv4-mapped IPv6 becomes dotted IPv4). A peer that is not a valid address is returned as is.
  std::string ClientIp(std::string_view peer, std::string_view x_forwarded_for) const;

  bool empty() const { return networks_.empty(); }

 private:
  struct Network {
    bool v4 = false;
    std::array<std::uint8_t, 16> bytes{};  // v4 uses the first 4
    int prefix = 0;
  };
  struct Address {
    bool v4 = false;
    std::array<std::uint8_t, 16> bytes{};
    std::string text;  // normalised textual form
  };

  static std::optional<Address> ParseAddress(std::string_view text);
  static std::optional<Address> ParseForwardedEntry(std::string_view entry);
  bool Contains(const Address& a) const;

  std::vector<Network> networks_;
};

}  // namespace clockko::http
