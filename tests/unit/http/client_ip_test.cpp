#include "http/client_ip.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace clockko::http {
namespace {

TrustedProxies Make(const std::vector<std::string>& cidrs) {
  auto r = TrustedProxies::Parse(cidrs);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().public_message);
  return r ? *r : TrustedProxies();
}

TEST(TrustedProxiesParseTest, AcceptsCidrsAndBareAddresses) {
  auto r = TrustedProxies::Parse({"10.0.0.0/8", "192.168.1.7", "fd00::/8", "::1", " 172.16.0.0/12 ",
                                  "10.1.2.3/8", "0.0.0.0/0"});
  EXPECT_TRUE(r.has_value());
}

TEST(TrustedProxiesParseTest, RejectsBadEntries) {
  for (const std::string bad :
       {"", "10.0.0.0/33", "fd00::/129", "10.0.0/8", "not-an-ip", "10.0.0.0/", "10.0.0.0/-1",
        "10.0.0.0/8x", "::ffff:10.0.0.0/64", "fe80::1%eth0", "1.2.3.4/8/8"}) {
    auto r = TrustedProxies::Parse({"127.0.0.1", bad});
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().errc, Errc::kInvalidArgument);
    EXPECT_EQ(r.error().code, "invalid_trusted_proxy");
  }
}

TEST(TrustedProxiesTest, Ipv4Membership) {
  auto t = Make({"10.0.0.0/8", "192.168.1.7", "172.16.0.0/12"});
  EXPECT_TRUE(t.IsTrusted("10.255.1.2"));
  EXPECT_TRUE(t.IsTrusted("192.168.1.7"));
  EXPECT_FALSE(t.IsTrusted("192.168.1.8"));
  EXPECT_TRUE(t.IsTrusted("172.31.255.255"));
  EXPECT_FALSE(t.IsTrusted("172.32.0.0"));
  EXPECT_FALSE(t.IsTrusted("11.0.0.1"));
  EXPECT_FALSE(t.IsTrusted(""));
  EXPECT_FALSE(t.IsTrusted("10.0.0.1.5"));
}

TEST(TrustedProxiesTest, Ipv6Membership) {
  auto t = Make({"fd00::/8", "::1", "2001:db8::/33"});
  EXPECT_TRUE(t.IsTrusted("fd12:3456::1"));
  EXPECT_TRUE(t.IsTrusted("::1"));
  EXPECT_FALSE(t.IsTrusted("::2"));
  EXPECT_TRUE(t.IsTrusted("2001:db8:7fff::1"));
  EXPECT_FALSE(t.IsTrusted("2001:db8:8000::1"));  // bit 33 set
  EXPECT_FALSE(t.IsTrusted("fe00::1"));
  EXPECT_FALSE(t.IsTrusted("10.0.0.1"));  // families never cross
}

TEST(TrustedProxiesTest, MappedIpv6IsTreatedAsIpv4) {
  auto t = Make({"10.0.0.0/8"});
  EXPECT_TRUE(t.IsTrusted("::ffff:10.0.0.1"));
  EXPECT_FALSE(t.IsTrusted("::ffff:11.0.0.1"));
  auto mapped_net = Make({"::ffff:192.168.0.0/112"});
  EXPECT_TRUE(mapped_net.IsTrusted("192.168.3.4"));
  EXPECT_FALSE(mapped_net.IsTrusted("192.169.0.1"));
  EXPECT_EQ(t.ClientIp("::ffff:1.2.3.4", ""), "1.2.3.4");
}

TEST(ClientIpTest, UntrustedPeerIgnoresHeader) {
  auto t = Make({"10.0.0.0/8"});
  // The classic spoof: a direct client claims to be someone else.
  EXPECT_EQ(t.ClientIp("203.0.113.9", "1.1.1.1"), "203.0.113.9");
  EXPECT_EQ(t.ClientIp("203.0.113.9", "10.0.0.1, 1.1.1.1"), "203.0.113.9");
  TrustedProxies none;
  EXPECT_EQ(none.ClientIp("10.0.0.1", "1.1.1.1"), "10.0.0.1");
}

TEST(ClientIpTest, TrustedPeerWalksRightToLeft) {
  auto t = Make({"10.0.0.0/8", "fd00::/8"});
  EXPECT_EQ(t.ClientIp("10.0.0.1", "198.51.100.4"), "198.51.100.4");
  // The client prepended a fake entry; the proxy appended the real one on the right.
  EXPECT_EQ(t.ClientIp("10.0.0.1", "6.6.6.6, 198.51.100.4"), "198.51.100.4");
  // Trusted hops on the right are skipped.
  EXPECT_EQ(t.ClientIp("10.0.0.1", "6.6.6.6,198.51.100.4, 10.2.2.2 ,fd00::5"), "198.51.100.4");
  EXPECT_EQ(t.ClientIp("fd00::1", "2001:db8::7"), "2001:db8::7");
}

TEST(ClientIpTest, PortsAndBrackets) {
  auto t = Make({"10.0.0.0/8"});
  EXPECT_EQ(t.ClientIp("10.0.0.1", "198.51.100.4:5555"), "198.51.100.4");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "[2001:db8::1]:443"), "2001:db8::1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "[2001:db8::1]"), "2001:db8::1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "::ffff:198.51.100.4"), "198.51.100.4");
}

TEST(ClientIpTest, AllTrustedReturnsLeftmost) {
  auto t = Make({"10.0.0.0/8"});
  EXPECT_EQ(t.ClientIp("10.0.0.1", "10.9.9.9, 10.8.8.8"), "10.9.9.9");
  EXPECT_EQ(t.ClientIp("10.0.0.1", ""), "10.0.0.1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "  "), "10.0.0.1");
}

TEST(ClientIpTest, GarbageStopsTheWalk) {
  auto t = Make({"10.0.0.0/8"});
  EXPECT_EQ(t.ClientIp("10.0.0.1", "unknown"), "10.0.0.1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "198.51.100.4, garbage"), "10.0.0.1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "6.6.6.6, garbage, 10.3.3.3"), "10.3.3.3");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "6.6.6.6, , 10.3.3.3"), "10.3.3.3");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "1.2.3.4:port"), "10.0.0.1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "[1.2.3.4]"), "10.0.0.1");
  EXPECT_EQ(t.ClientIp("10.0.0.1", "fe80::1%eth0"), "10.0.0.1");
}

TEST(ClientIpTest, InvalidPeerReturnedAsIs) {
  auto t = Make({"10.0.0.0/8"});
  EXPECT_EQ(t.ClientIp("", "1.1.1.1"), "");
  EXPECT_EQ(t.ClientIp("junk", "1.1.1.1"), "junk");
}

}  // namespace
}  // namespace clockko::http
