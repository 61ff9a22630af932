#include "crypto/openssl_random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <set>
#include <vector>

#include "core/encoding.hpp"

namespace clockko::crypto {
namespace {

TEST(OpenSslRandomTest, FillsAndDoesNotRepeat) {
  OpenSslRandom random;
  std::array<std::uint8_t, 32> a{};
  std::array<std::uint8_t, 32> b{};
  random.Fill(a);
  random.Fill(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, (std::array<std::uint8_t, 32>{}));
}

TEST(OpenSslRandomTest, EmptySpanIsFine) {
  OpenSslRandom random;
  random.Fill(std::span<std::uint8_t>{});
}

TEST(OpenSslRandomTest, HelpersFromRandomWork) {
  OpenSslRandom random;
  EXPECT_EQ(random.Hex(16).size(), 32u);
  EXPECT_TRUE(IsCanonicalUuid(random.UuidV4()));
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 200; ++i) {
    const std::uint32_t v = random.Uniform(6);
    ASSERT_LT(v, 6u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 6u);  // chance of missing one value in 200 draws is ~1e-15
}

}  // namespace
}  // namespace clockko::crypto
