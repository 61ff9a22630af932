#include "core/random.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <set>
#include <span>
#include <string>

#include "core/encoding.hpp"

namespace clockko {
namespace {

// Returns scripted bytes first, then a fixed splitmix64 sequence, so every helper is
// deterministic.
class FakeRandom final : public Random {
 public:
  void Push(std::initializer_list<std::uint8_t> bytes) { script_.insert(script_.end(), bytes); }
  void Fill(std::span<std::uint8_t> out) override {
    ++fills_;
    for (std::uint8_t& b : out) {
      if (!script_.empty()) {
        b = script_.front();
        script_.pop_front();
      } else {
        b = NextByte();
      }
    }
  }
  int fills() const { return fills_; }

 private:
  std::uint8_t NextByte() {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return static_cast<std::uint8_t>(z ^ (z >> 31));
  }

  std::deque<std::uint8_t> script_;
  std::uint64_t state_ = 0;
  int fills_ = 0;
};

TEST(RandomTest, UniformUsesBigEndianValueModuloBound) {
  FakeRandom random;
  random.Push({0, 0, 0, 5});
  EXPECT_EQ(random.Uniform(10), 5u);
  random.Push({0, 0, 0x01, 0x00});  // 256
  EXPECT_EQ(random.Uniform(10), 6u);
  random.Push({0x12, 0x34, 0x56, 0x78});
  EXPECT_EQ(random.Uniform(1), 0u);
}

TEST(RandomTest, UniformRejectsTheBiasedTopRange) {
  FakeRandom random;
  // 2^32 - 1 is in the partial top range for bound 10 and must be redrawn, not reduced.
  random.Push({0xff, 0xff, 0xff, 0xff, 0, 0, 0, 7});
  EXPECT_EQ(random.Uniform(10), 7u);
  EXPECT_EQ(random.fills(), 2);
  // The largest accepted value: limit - 1 = 4294967289, which is 9 mod 10.
  random.Push({0xff, 0xff, 0xff, 0xf9});
  EXPECT_EQ(random.Uniform(10), 9u);
  EXPECT_EQ(random.fills(), 3);
}

TEST(RandomTest, UniformStaysInRange) {
  FakeRandom random;
  std::set<std::uint32_t> seen;
  for (int i = 0; i < 5000; ++i) {
    const std::uint32_t v = random.Uniform(900);
    ASSERT_LT(v, 900u);
    seen.insert(v);
  }
  EXPECT_GT(seen.size(), 800u);  // spread over the range, not stuck
}

TEST(RandomTest, HexIsTwoLowerCaseDigitsPerByte) {
  FakeRandom random;
  random.Push({0xde, 0xad, 0xbe, 0xef});
  EXPECT_EQ(random.Hex(4), "deadbeef");
  EXPECT_EQ(random.Hex(16).size(), 32u);
  EXPECT_EQ(random.Hex(0), "");
}

TEST(RandomTest, Base64UrlIsUnpadded) {
  FakeRandom random;
  random.Push({0xfb, 0xff, 0xfe});
  EXPECT_EQ(random.Base64Url(3), "-__-");
  const std::string token = random.Base64Url(32);
  EXPECT_EQ(token.size(), 43u);
  EXPECT_EQ(token.find('='), std::string::npos);
  EXPECT_TRUE(Base64UrlDecode(token).has_value());
}

TEST(RandomTest, UuidV4SetsVersionAndVariant) {
  FakeRandom random;
  random.Push({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
               0xff, 0xff});
  EXPECT_EQ(random.UuidV4(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  random.Push({0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(random.UuidV4(), "00000000-0000-4000-8000-000000000000");
  random.Push({0x12, 0x3e, 0x45, 0x67, 0xe8, 0x9b, 0x12, 0xd3, 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17,
               0x40, 0x00});
  EXPECT_EQ(random.UuidV4(), "123e4567-e89b-42d3-a456-426614174000");
}

TEST(RandomTest, UuidV4IsCanonical) {
  FakeRandom random;
  for (int i = 0; i < 50; ++i) {
    const std::string uuid = random.UuidV4();
    ASSERT_TRUE(IsCanonicalUuid(uuid)) << uuid;
    EXPECT_EQ(uuid[14], '4');
    EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos) << uuid;
  }
}

}  // namespace
}  // namespace clockko
