#include "crypto/configured_hasher.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "fakes/fake_random.hpp"

namespace clockko::crypto {
namespace {

constexpr int kTestCost = 4;  // the minimum bcrypt cost: keeps the suite fast
// Cheap argon2id limits (1 pass, 8 KiB); one test below checks the interactive defaults.
constexpr unsigned long long kTestOps = 1;
constexpr std::size_t kTestMem = 8 * 1024;
constexpr std::string_view kArgon2Prefix = "$argon2id$v=19$m=8,t=1,p=1$";
constexpr std::string_view kInteractivePrefix = "$argon2id$v=19$m=65536,t=2,p=1$";

// The suite shares one hasher per algorithm and the hashes they wrote.
class ConfiguredHasherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    random_ = new testing::FakeRandom();
    bcrypt_ = new ConfiguredHasher("bcrypt", kTestCost, *random_, kTestOps, kTestMem);
    argon2_ = new ConfiguredHasher("argon2id", kTestCost, *random_, kTestOps, kTestMem);
    bcrypt_hash_ = new std::string(bcrypt_->Hash("correct horse").value());
    argon2_hash_ = new std::string(argon2_->Hash("correct horse").value());
  }
  static void TearDownTestSuite() {
    delete argon2_hash_;
    delete bcrypt_hash_;
    delete argon2_;
    delete bcrypt_;
    delete random_;
  }

  static testing::FakeRandom* random_;
  static ConfiguredHasher* bcrypt_;  // PASSWORD_HASH=bcrypt
  static ConfiguredHasher* argon2_;  // PASSWORD_HASH=argon2id
  static std::string* bcrypt_hash_;  // "correct horse" written by bcrypt_
  static std::string* argon2_hash_;  // "correct horse" written by argon2_
};

testing::FakeRandom* ConfiguredHasherTest::random_ = nullptr;
ConfiguredHasher* ConfiguredHasherTest::bcrypt_ = nullptr;
ConfiguredHasher* ConfiguredHasherTest::argon2_ = nullptr;
std::string* ConfiguredHasherTest::bcrypt_hash_ = nullptr;
std::string* ConfiguredHasherTest::argon2_hash_ = nullptr;

TEST_F(ConfiguredHasherTest, HashUsesTheConfiguredAlgorithm) {
  EXPECT_TRUE(bcrypt_hash_->starts_with("$2b$04$")) << *bcrypt_hash_;
  EXPECT_EQ(bcrypt_hash_->size(), 60u);
  EXPECT_TRUE(argon2_hash_->starts_with(kArgon2Prefix)) << *argon2_hash_;
  EXPECT_EQ(bcrypt_->algorithm(), "bcrypt");
  EXPECT_EQ(argon2_->algorithm(), "argon2id");
}

TEST_F(ConfiguredHasherTest, ThreeArgumentFormUsesInteractiveArgon2id) {
  testing::FakeRandom random;
  ConfiguredHasher interactive("argon2id", kTestCost, random);
  EXPECT_TRUE(interactive.DummyHash().starts_with(kInteractivePrefix)) << interactive.DummyHash();
  EXPECT_FALSE(interactive.NeedsRehash(interactive.DummyHash()));
  EXPECT_EQ(interactive.max_password_bytes(), 1024u);
  // Written at the cheap test limits: the interactive limits want a rehash, yet it verifies.
  EXPECT_TRUE(interactive.NeedsRehash(*argon2_hash_));
  EXPECT_TRUE(interactive.Verify("correct horse", *argon2_hash_));
  EXPECT_TRUE(interactive.NeedsRehash(*bcrypt_hash_));
  EXPECT_TRUE(bcrypt_->NeedsRehash(interactive.DummyHash()));
}

TEST_F(ConfiguredHasherTest, VerifiesBothKindsRegardlessOfConfiguration) {
  for (ConfiguredHasher* hasher : {bcrypt_, argon2_}) {
    SCOPED_TRACE(hasher->algorithm());
    for (const std::string* hash : {bcrypt_hash_, argon2_hash_}) {
      SCOPED_TRACE(*hash);
      EXPECT_TRUE(hasher->Verify("correct horse", *hash));
      EXPECT_FALSE(hasher->Verify("correct horsE", *hash));
      EXPECT_FALSE(hasher->Verify("", *hash));
    }
  }
}

TEST_F(ConfiguredHasherTest, VerifiesLegacyBcryptIdentifiers) {
  // passlib and PHP write $2a$ / $2y$; both are the same algorithm as $2b$.
  for (const char ident : {'a', 'y'}) {
    std::string legacy = *bcrypt_hash_;
    legacy[2] = ident;
    SCOPED_TRACE(legacy);
    EXPECT_TRUE(argon2_->Verify("correct horse", legacy));
    EXPECT_TRUE(bcrypt_->Verify("correct horse", legacy));
    EXPECT_TRUE(bcrypt_->NeedsRehash(legacy));  // upgraded to $2b$ on the next login
    EXPECT_TRUE(argon2_->NeedsRehash(legacy));
  }
}

TEST_F(ConfiguredHasherTest, NeedsRehashWhenTheStoredAlgorithmIsTheOtherOne) {
  EXPECT_FALSE(bcrypt_->NeedsRehash(*bcrypt_hash_));
  EXPECT_TRUE(bcrypt_->NeedsRehash(*argon2_hash_));
  EXPECT_FALSE(argon2_->NeedsRehash(*argon2_hash_));
  EXPECT_TRUE(argon2_->NeedsRehash(*bcrypt_hash_));
}

TEST_F(ConfiguredHasherTest, NeedsRehashWhenTheBcryptCostChanges) {
  testing::FakeRandom random(500);
  ConfiguredHasher cost5("bcrypt", 5, random, kTestOps, kTestMem);
  EXPECT_TRUE(cost5.NeedsRehash(*bcrypt_hash_));  // $2b$04$
  EXPECT_TRUE(cost5.NeedsRehash(*argon2_hash_));
  EXPECT_FALSE(cost5.NeedsRehash(cost5.DummyHash()));
  EXPECT_TRUE(cost5.DummyHash().starts_with("$2b$05$"));
  EXPECT_TRUE(bcrypt_->NeedsRehash(cost5.DummyHash()));
  EXPECT_TRUE(cost5.Verify("correct horse", *bcrypt_hash_));  // the cost is in the string
}

TEST_F(ConfiguredHasherTest, MalformedOrUnknownHashesAreFalse) {
  std::string bcrypt_2x = *bcrypt_hash_;
  bcrypt_2x[2] = 'x';
  std::string argon2i = *argon2_hash_;
  argon2i.replace(0, 10, "$argon2i$");
  const std::vector<std::string> bad = {
      "",
      "correct horse",
      "$2b$",
      "$argon2id$",
      bcrypt_hash_->substr(0, 59),
      argon2_hash_->substr(0, argon2_hash_->size() - 2),
      bcrypt_2x,
      argon2i,
      "$1$saltsalt$abcdefghijklmnopqrstuv",
      "$5$rounds=5000$saltsalt$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
      std::string("$argon2id$\0", 11) + argon2_hash_->substr(10),
  };
  for (ConfiguredHasher* hasher : {bcrypt_, argon2_}) {
    for (const std::string& h : bad) {
      SCOPED_TRACE(hasher->algorithm() + " " + h);
      EXPECT_FALSE(hasher->Verify("correct horse", h));
      EXPECT_TRUE(hasher->NeedsRehash(h));
    }
  }
}

TEST_F(ConfiguredHasherTest, DummyHashComesFromTheConfiguredAlgorithm) {
  EXPECT_TRUE(bcrypt_->DummyHash().starts_with("$2b$04$"));
  EXPECT_TRUE(argon2_->DummyHash().starts_with(kArgon2Prefix));
  EXPECT_FALSE(bcrypt_->NeedsRehash(bcrypt_->DummyHash()));
  EXPECT_FALSE(argon2_->NeedsRehash(argon2_->DummyHash()));
  EXPECT_FALSE(argon2_->Verify("", argon2_->DummyHash()));
}

TEST_F(ConfiguredHasherTest, PasswordLengthLimitFollowsTheAlgorithm) {
  EXPECT_EQ(bcrypt_->max_password_bytes(), 72u);
  EXPECT_EQ(argon2_->max_password_bytes(), 1024u);

  auto too_long_for_bcrypt = bcrypt_->Hash(std::string(73, 'a'));
  ASSERT_FALSE(too_long_for_bcrypt);
  EXPECT_EQ(too_long_for_bcrypt.error().code, "weak_password");
  EXPECT_EQ(too_long_for_bcrypt.error().public_message, "Password must be at most 72 bytes");

  auto too_long_for_argon2 = argon2_->Hash(std::string(1025, 'a'));
  ASSERT_FALSE(too_long_for_argon2);
  EXPECT_EQ(too_long_for_argon2.error().code, "weak_password");
  EXPECT_EQ(too_long_for_argon2.error().public_message, "Password must be at most 1024 bytes");

  auto nul = argon2_->Hash(std::string("a\0b", 3));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().public_message, "Password contains invalid characters");

  // A 100-byte password hashed under argon2id still logs in after switching back to bcrypt.
  const std::string long_password(100, 'q');
  auto long_hash = argon2_->Hash(long_password);
  ASSERT_TRUE(long_hash);
  EXPECT_TRUE(bcrypt_->Verify(long_password, *long_hash));
  EXPECT_FALSE(bcrypt_->Verify(long_password.substr(0, 72), *long_hash));
}

TEST(ConfiguredHasherConstructionTest, RejectsUnknownAlgorithmOrBadCost) {
  testing::FakeRandom random;
  for (const char* algorithm : {"", "argon2", "argon2i", "BCRYPT", "scrypt"}) {
    SCOPED_TRACE(algorithm);
    EXPECT_THROW(ConfiguredHasher(algorithm, kTestCost, random), std::invalid_argument);
  }
  EXPECT_THROW(ConfiguredHasher("bcrypt", 3, random), std::invalid_argument);
  EXPECT_THROW(ConfiguredHasher("argon2id", 32, random), std::invalid_argument);
}

}  // namespace
}  // namespace clockko::crypto
