#include "crypto/bcrypt_hasher.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_random.hpp"

namespace clockko::crypto {
namespace {

constexpr int kTestCost = 4;  // the minimum bcrypt cost: keeps the suite fast

struct Vector {
  std::string password;
  std::string hash;
  int cost = 0;
};

std::vector<Vector> LoadPasslibVectors() {
  std::ifstream in(std::string(CLOCKKO_TEST_DATA_DIR) + "/bcrypt/passlib_vectors.json");
  std::stringstream text;
  text << in.rdbuf();
  const boost::json::value doc = boost::json::parse(text.str());
  std::vector<Vector> out;
  for (const boost::json::value& v : doc.at("vectors").as_array()) {
    out.push_back(Vector{std::string(v.at("password").as_string()),
                         std::string(v.at("hash").as_string()),
                         static_cast<int>(v.at("cost").as_int64())});
  }
  return out;
}

// The same password with its last byte changed.
std::string LastByteChanged(std::string s) {
  s.back() = static_cast<char>(s.back() ^ 1);
  return s;
}

class BcryptHasherTest : public ::testing::Test {
 protected:
  testing::FakeRandom random_;
  BcryptHasher hasher_{kTestCost, random_};
};

TEST_F(BcryptHasherTest, PasslibVectorsVerify) {
  const std::vector<Vector> vectors = LoadPasslibVectors();
  ASSERT_GE(vectors.size(), 9u);
  bool saw_cost_10 = false;
  bool saw_72_bytes = false;
  for (const Vector& v : vectors) {
    SCOPED_TRACE(v.hash);
    EXPECT_TRUE(hasher_.Verify(v.password, v.hash));
    EXPECT_FALSE(hasher_.Verify(LastByteChanged(v.password), v.hash));
    EXPECT_FALSE(hasher_.Verify(v.password + "x", v.hash));
    EXPECT_FALSE(hasher_.Verify("", v.hash));
    saw_cost_10 = saw_cost_10 || v.cost == 10;
    saw_72_bytes = saw_72_bytes || v.password.size() == 72;
  }
  EXPECT_TRUE(saw_cost_10);
  EXPECT_TRUE(saw_72_bytes);
}

TEST_F(BcryptHasherTest, PasslibVectorsNeedRehashUnlessCurrentFormatAndCost) {
  for (const Vector& v : LoadPasslibVectors()) {
    SCOPED_TRACE(v.hash);
    const bool current = v.hash.starts_with("$2b$04$");
    EXPECT_EQ(hasher_.NeedsRehash(v.hash), !current);
  }
}

TEST_F(BcryptHasherTest, HashVerifyRoundTrip) {
  auto hash = hasher_.Hash("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().detail;
  EXPECT_TRUE(hash->starts_with("$2b$04$"));
  EXPECT_EQ(hash->size(), 60u);
  EXPECT_TRUE(hasher_.Verify("correct horse battery staple", *hash));
  EXPECT_FALSE(hasher_.Verify("correct horse battery stapl", *hash));
  EXPECT_FALSE(hasher_.Verify("Correct horse battery staple", *hash));
  EXPECT_FALSE(hasher_.NeedsRehash(*hash));
}

TEST_F(BcryptHasherTest, UnicodeRoundTrip) {
  const std::string password = "p\xc3\xa4ssw\xc3\xb6rd \xe5\xaf\x86\xe7\xa0\x81";
  auto hash = hasher_.Hash(password);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hasher_.Verify(password, *hash));
  EXPECT_FALSE(hasher_.Verify("passwrd", *hash));
}

TEST_F(BcryptHasherTest, SaltComesFromRandomAndDiffersPerHash) {
  const auto before = random_.position();
  auto a = hasher_.Hash("same password");
  EXPECT_EQ(random_.position() - before, 16u);
  auto b = hasher_.Hash("same password");
  ASSERT_TRUE(a);
  ASSERT_TRUE(b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher_.Verify("same password", *a));
  EXPECT_TRUE(hasher_.Verify("same password", *b));
}

TEST_F(BcryptHasherTest, AllSeventyTwoBytesCount) {
  const std::string password(72, 'a');
  auto hash = hasher_.Hash(password);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hasher_.Verify(password, *hash));
  EXPECT_FALSE(hasher_.Verify(LastByteChanged(password), *hash));
  // bcrypt itself would ignore byte 73; Verify must not accept the longer password.
  EXPECT_FALSE(hasher_.Verify(password + "b", *hash));
}

TEST_F(BcryptHasherTest, RejectsPasswordsOverSeventyTwoBytes) {
  for (const std::string& password : {std::string(73, 'a'), std::string(200, 'z'),
                                      // 37 two-byte characters: 37 code points but 74 bytes.
                                      [] {
                                        std::string s;
                                        for (int i = 0; i < 37; ++i) {
                                          s += "\xc3\xa9";
                                        }
                                        return s;
                                      }()}) {
    auto hash = hasher_.Hash(password);
    ASSERT_FALSE(hash);
    EXPECT_EQ(hash.error().errc, Errc::kInvalidArgument);
    EXPECT_EQ(hash.error().code, "weak_password");
    EXPECT_EQ(hash.error().public_message, "Password must be at most 72 bytes");
  }
}

TEST_F(BcryptHasherTest, RejectsNul) {
  for (const std::string& password :
       {std::string("abc\0def", 7), std::string("\0", 1), std::string("password\0", 9)}) {
    auto hash = hasher_.Hash(password);
    ASSERT_FALSE(hash);
    EXPECT_EQ(hash.error().errc, Errc::kInvalidArgument);
    EXPECT_EQ(hash.error().code, "weak_password");
    EXPECT_EQ(hash.error().public_message, "Password contains invalid characters");
  }
}

TEST_F(BcryptHasherTest, VerifyRefusesNulEvenIfPrefixMatches) {
  auto hash = hasher_.Hash("abc");
  ASSERT_TRUE(hash);
  // A C-string API would see "abc" here.
  EXPECT_FALSE(hasher_.Verify(std::string("abc\0def", 7), *hash));
  EXPECT_FALSE(hasher_.Verify(std::string("abc\0", 4), *hash));
}

TEST_F(BcryptHasherTest, MalformedOrUnsupportedHashesAreFalse) {
  auto good = hasher_.Hash("pw");
  ASSERT_TRUE(good);
  std::string wrong_ident = *good;
  wrong_ident[2] = 'x';  // $2x$: libxcrypt knows it, we do not accept it
  std::string cost_03 = *good;
  cost_03[5] = '3';
  std::string cost_32 = *good;
  cost_32[4] = '3';
  cost_32[5] = '2';
  std::string bad_char = *good;
  bad_char[30] = '!';
  const std::vector<std::string> bad = {
      "",
      "not a hash",
      "$2b$04$",
      good->substr(0, 59),
      *good + "A",
      " " + good->substr(1),
      wrong_ident,
      cost_03,
      cost_32,
      bad_char,
      "$1$saltsalt$abcdefghijklmnopqrstuv",
      "$5$rounds=5000$saltsalt$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
      "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
      std::string("$2b$04$") + std::string(53, '\0'),
  };
  for (const std::string& h : bad) {
    SCOPED_TRACE(h);
    EXPECT_FALSE(hasher_.Verify("pw", h));
    EXPECT_TRUE(hasher_.NeedsRehash(h));
  }
  EXPECT_TRUE(hasher_.Verify("pw", *good));
}

TEST_F(BcryptHasherTest, NeedsRehashOnOtherCostOrPrefix) {
  testing::FakeRandom other_random(1000);
  BcryptHasher cost5(5, other_random);
  auto h4 = hasher_.Hash("pw");
  auto h5 = cost5.Hash("pw");
  ASSERT_TRUE(h4);
  ASSERT_TRUE(h5);
  EXPECT_FALSE(hasher_.NeedsRehash(*h4));
  EXPECT_TRUE(hasher_.NeedsRehash(*h5));
  EXPECT_TRUE(cost5.NeedsRehash(*h4));
  EXPECT_FALSE(cost5.NeedsRehash(*h5));
  // Another cost still verifies (the cost is in the string).
  EXPECT_TRUE(hasher_.Verify("pw", *h5));

  std::string as_2a = *h4;
  as_2a[2] = 'a';
  std::string as_2y = *h4;
  as_2y[2] = 'y';
  EXPECT_TRUE(hasher_.NeedsRehash(as_2a));
  EXPECT_TRUE(hasher_.NeedsRehash(as_2y));
  EXPECT_TRUE(hasher_.Verify("pw", as_2y));  // $2y$ and $2b$ are the same algorithm
}

TEST_F(BcryptHasherTest, DummyHashIsAValidHashAtTheConfiguredCost) {
  const std::string& dummy = hasher_.DummyHash();
  EXPECT_TRUE(dummy.starts_with("$2b$04$"));
  EXPECT_EQ(dummy.size(), 60u);
  EXPECT_FALSE(hasher_.NeedsRehash(dummy));
  EXPECT_FALSE(hasher_.Verify("", dummy));
  EXPECT_FALSE(hasher_.Verify("password", dummy));
}

TEST(BcryptHasherConstructionTest, RejectsCostOutOfRange) {
  testing::FakeRandom random;
  EXPECT_THROW(BcryptHasher(3, random), std::invalid_argument);
  EXPECT_THROW(BcryptHasher(32, random), std::invalid_argument);
  EXPECT_THROW(BcryptHasher(-1, random), std::invalid_argument);
}

TEST_F(BcryptHasherTest, ConcurrentUseIsSafe) {
  auto hash = hasher_.Hash("shared");
  ASSERT_TRUE(hash);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        const bool right = hasher_.Verify("shared", *hash);
        const bool wrong = hasher_.Verify("shares", *hash);
        auto own = hasher_.Hash("thread");
        if (right && !wrong && own && hasher_.Verify("thread", *own)) {
          ++ok[static_cast<std::size_t>(t)];
        }
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  EXPECT_EQ(ok, std::vector<int>(4, 5));
}

}  // namespace
}  // namespace clockko::crypto
