#include "crypto/argon2_hasher.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "fakes/fake_random.hpp"

namespace clockko::crypto {
namespace {

// Cheap limits (1 pass, 8 KiB) for everything that does not test the production defaults.
constexpr unsigned long long kTestOps = 1;
constexpr std::size_t kTestMem = 8 * 1024;
constexpr std::string_view kTestPrefix = "$argon2id$v=19$m=8,t=1,p=1$";
constexpr std::string_view kInteractivePrefix = "$argon2id$v=19$m=65536,t=2,p=1$";

std::string LastByteChanged(std::string s) {
  s.back() = static_cast<char>(s.back() ^ 1);
  return s;
}

void ExpectWeakPassword(const Result<std::string>& r, std::string_view message) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().errc, Errc::kInvalidArgument);
  EXPECT_EQ(r.error().code, "weak_password");
  EXPECT_EQ(r.error().public_message, message);
}

class Argon2HasherTest : public ::testing::Test {
 protected:
  testing::FakeRandom random_;
  Argon2Hasher hasher_{random_, kTestOps, kTestMem};
};

TEST(Argon2HasherInteractiveTest, DefaultsMatchLibsodiumInteractiveAndInteroperate) {
  testing::FakeRandom random;
  Argon2Hasher hasher(random);
  auto hash = hasher.Hash("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().detail;
  EXPECT_TRUE(hash->starts_with(kInteractivePrefix)) << *hash;
  EXPECT_TRUE(hasher.Verify("correct horse battery staple", *hash));
  EXPECT_FALSE(hasher.NeedsRehash(*hash));
  EXPECT_FALSE(hasher.NeedsRehash(hasher.DummyHash()));
  // libsodium's own parser accepts our string with the interactive limits...
  EXPECT_EQ(crypto_pwhash_str_needs_rehash(hash->c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                           crypto_pwhash_MEMLIMIT_INTERACTIVE),
            0);
  // ...and a string written by crypto_pwhash_str verifies here.
  std::array<char, crypto_pwhash_STRBYTES> theirs{};
  const std::string pw = "tr0ub4dor&3";
  ASSERT_EQ(
      crypto_pwhash_str(theirs.data(), pw.data(), pw.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE),
      0);
  EXPECT_TRUE(std::string_view(theirs.data()).starts_with(kInteractivePrefix));
  EXPECT_TRUE(hasher.Verify(pw, theirs.data()));
  EXPECT_FALSE(hasher.NeedsRehash(theirs.data()));
}

TEST_F(Argon2HasherTest, RoundTripAndWrongPasswords) {
  auto hash = hasher_.Hash("correct horse battery staple");
  ASSERT_TRUE(hash) << hash.error().detail;
  EXPECT_TRUE(hash->starts_with(kTestPrefix)) << *hash;
  // libsodium's verifier agrees with ours on our own string.
  const std::string pw = "correct horse battery staple";
  EXPECT_EQ(crypto_pwhash_str_verify(hash->c_str(), pw.data(), pw.size()), 0);
  EXPECT_TRUE(hasher_.Verify(pw, *hash));
  EXPECT_FALSE(hasher_.Verify("correct horse battery stapl", *hash));
  EXPECT_FALSE(hasher_.Verify("Correct horse battery staple", *hash));
  EXPECT_FALSE(hasher_.Verify(pw + " ", *hash));
  EXPECT_FALSE(hasher_.Verify("", *hash));
  EXPECT_FALSE(hasher_.NeedsRehash(*hash));
}

TEST_F(Argon2HasherTest, UnicodeRoundTrip) {
  const std::string password = "p\xc3\xa4ssw\xc3\xb6rd \xe5\xaf\x86\xe7\xa0\x81";
  auto hash = hasher_.Hash(password);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hasher_.Verify(password, *hash));
  EXPECT_FALSE(hasher_.Verify("passwrd", *hash));
}

TEST_F(Argon2HasherTest, SaltComesFromRandomAndDiffersPerHash) {
  const std::uint64_t before = random_.position();
  auto a = hasher_.Hash("same password");
  ASSERT_TRUE(a);
  EXPECT_EQ(random_.position() - before, 16u);
  // FakeRandom hands out consecutive bytes: the salt field is exactly those 16 bytes.
  std::array<std::uint8_t, 16> salt{};
  for (std::size_t i = 0; i < salt.size(); ++i) {
    salt[i] = static_cast<std::uint8_t>(before + i);
  }
  std::array<char, 32> b64{};
  sodium_bin2base64(b64.data(), b64.size(), salt.data(), salt.size(),
                    sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  EXPECT_EQ(a->substr(kTestPrefix.size(), 23), std::string(b64.data()) + "$");

  auto b = hasher_.Hash("same password");
  ASSERT_TRUE(b);
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(hasher_.Verify("same password", *a));
  EXPECT_TRUE(hasher_.Verify("same password", *b));
}

TEST_F(Argon2HasherTest, AcceptsExactly1024Bytes) {
  const std::string password(1024, 'a');
  auto hash = hasher_.Hash(password);
  ASSERT_TRUE(hash);
  EXPECT_TRUE(hasher_.Verify(password, *hash));
  EXPECT_FALSE(hasher_.Verify(LastByteChanged(password), *hash));
  EXPECT_FALSE(hasher_.Verify(password + "a", *hash));
  // Well past bcrypt's 72 bytes: byte 100 counts.
  std::string changed = password;
  changed[100] = 'b';
  EXPECT_FALSE(hasher_.Verify(changed, *hash));
}

TEST_F(Argon2HasherTest, RejectsPasswordsOver1024Bytes) {
  std::string two_byte_chars;  // 513 code points but 1,026 bytes
  for (int i = 0; i < 513; ++i) {
    two_byte_chars += "\xc3\xa9";
  }
  for (const std::string& password :
       {std::string(1025, 'a'), std::string(5000, 'z'), two_byte_chars}) {
    ExpectWeakPassword(hasher_.Hash(password), "Password must be at most 1024 bytes");
  }
}

TEST_F(Argon2HasherTest, RejectsNul) {
  for (const std::string& password :
       {std::string("abc\0def", 7), std::string("\0", 1), std::string("password\0", 9)}) {
    ExpectWeakPassword(hasher_.Hash(password), "Password contains invalid characters");
  }
}

TEST_F(Argon2HasherTest, VerifyRefusesNulAndOverlongPasswords) {
  auto hash = hasher_.Hash("abc");
  ASSERT_TRUE(hash);
  EXPECT_FALSE(hasher_.Verify(std::string("abc\0", 4), *hash));
  EXPECT_FALSE(hasher_.Verify(std::string("abc\0def", 7), *hash));
  EXPECT_FALSE(hasher_.Verify(std::string(1025, 'a'), *hash));
  EXPECT_TRUE(hasher_.Verify("abc", *hash));
}

TEST_F(Argon2HasherTest, MalformedOrOtherAlgorithmHashesAreFalse) {
  auto good = hasher_.Hash("pw");
  ASSERT_TRUE(good);
  std::string tag_changed = *good;
  tag_changed.back() = tag_changed.back() == 'A' ? 'B' : 'A';
  std::string as_argon2i = *good;
  as_argon2i.replace(0, 10, "$argon2i$");
  std::string as_argon2d = *good;
  as_argon2d.replace(0, 10, "$argon2d$");
  std::array<char, crypto_pwhash_argon2i_STRBYTES> real_argon2i{};
  ASSERT_EQ(crypto_pwhash_argon2i_str(real_argon2i.data(), "pw", 2, 3, kTestMem), 0);
  const std::vector<std::string> bad = {
      "",
      "not a hash",
      "$argon2id$",
      good->substr(0, good->size() - 1),
      " " + *good,
      as_argon2i,
      as_argon2d,
      real_argon2i.data(),
      good->substr(0, 20) + std::string(1, '\0') + good->substr(21),
      *good + std::string(200, 'A'),
      "$2b$04$abcdefghijklmnopqrstuuAbCdEfGhIjKlMnOpQrStUvWxYz01234567",
  };
  for (const std::string& h : bad) {
    SCOPED_TRACE(h);
    EXPECT_FALSE(hasher_.Verify("pw", h));
    EXPECT_TRUE(hasher_.NeedsRehash(h));
  }
  EXPECT_TRUE(hasher_.Verify("pw", *good));
  // Well-formed argon2id strings at our limits whose tag is not the password's: no rehash needed
  // (the tag length is part of the format), but they never verify.
  for (const std::string& h : {tag_changed, *good + "A"}) {
    SCOPED_TRACE(h);
    EXPECT_FALSE(hasher_.Verify("pw", h));
    EXPECT_FALSE(hasher_.NeedsRehash(h));
  }
}

TEST_F(Argon2HasherTest, NeedsRehashOnOtherLimits) {
  testing::FakeRandom other_random(1000);
  Argon2Hasher two_passes(other_random, 2, kTestMem);
  Argon2Hasher more_memory(other_random, kTestOps, 16 * 1024);
  auto h = hasher_.Hash("pw");
  ASSERT_TRUE(h);
  EXPECT_FALSE(hasher_.NeedsRehash(*h));
  EXPECT_TRUE(two_passes.NeedsRehash(*h));
  EXPECT_TRUE(more_memory.NeedsRehash(*h));
  EXPECT_TRUE(hasher_.NeedsRehash(two_passes.DummyHash()));
  EXPECT_FALSE(two_passes.NeedsRehash(two_passes.DummyHash()));
  // The limits are in the string: other hashers still verify it.
  EXPECT_TRUE(two_passes.Verify("pw", *h));
  EXPECT_TRUE(more_memory.Verify("pw", *h));
}

TEST_F(Argon2HasherTest, DummyHashIsAValidHashAtTheConfiguredLimits) {
  const std::string& dummy = hasher_.DummyHash();
  EXPECT_TRUE(dummy.starts_with(kTestPrefix)) << dummy;
  EXPECT_FALSE(hasher_.NeedsRehash(dummy));
  EXPECT_FALSE(hasher_.Verify("", dummy));
  EXPECT_FALSE(hasher_.Verify("password", dummy));
}

TEST(Argon2HasherConstructionTest, RejectsLimitsBelowMinimum) {
  testing::FakeRandom random;
  EXPECT_THROW(Argon2Hasher(random, 0, kTestMem), std::invalid_argument);
  EXPECT_THROW(Argon2Hasher(random, kTestOps, 8191), std::invalid_argument);
}

TEST_F(Argon2HasherTest, ConcurrentUseIsSafe) {
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
