#include "auth/password_policy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "auth/common_passwords.hpp"

namespace clockko::auth {
namespace {

constexpr std::string_view kEmail = "Ann.Lee@example.com";
constexpr std::string_view kName = "Ann Lee";

constexpr std::string_view kInvalid = "Password contains invalid characters";
constexpr std::string_view kTooShort = "Password must be at least 8 characters long";
constexpr std::string_view kTooLong = "Password must be at most 72 bytes";
constexpr std::string_view kTooCommon = "This password is too common; choose a different one";
constexpr std::string_view kPersonal = "Password must not be your email address or name";

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

class PasswordPolicyTest : public ::testing::Test {
 protected:
  // Expects a weak_password failure with exactly `message`.
  static void ExpectWeak(const Result<>& result, std::string_view message) {
    ASSERT_FALSE(result.has_value()) << "expected rejection: " << message;
    EXPECT_EQ(result.error().errc, Errc::kInvalidArgument);
    EXPECT_EQ(result.error().code, "weak_password");
    EXPECT_EQ(result.error().public_message, message);
  }

  Result<> Check(std::string_view password, std::string_view email = kEmail,
                 std::string_view name = kName) const {
    return policy_.Check(password, email, name);
  }

  CommonPasswords common_{"password\n12345678\nletmein1\n"};
  PasswordPolicy policy_{PasswordPolicyOptions{}, common_};
};

TEST_F(PasswordPolicyTest, AcceptsOrdinaryPassword) {
  EXPECT_TRUE(Check("tangerine-orbit-42").has_value());
}

TEST_F(PasswordPolicyTest, AcceptsUnicodePassphraseWithSpaces) {
  EXPECT_TRUE(Check("correct horse battery staple").has_value());
  EXPECT_TRUE(Check("Ĉu vi parolas Esperanton? 🐴 ja").has_value());
  EXPECT_TRUE(Check("        spaces only count too  ").has_value());
}

TEST_F(PasswordPolicyTest, RejectsNul) {
  const std::string with_nul("abcdefgh\0ijklmn", 15);
  ExpectWeak(Check(with_nul), kInvalid);
  ExpectWeak(Check(std::string(12, '\0')), kInvalid);
}

TEST_F(PasswordPolicyTest, RejectsInvalidUtf8) {
  ExpectWeak(Check("abcdefgh\xff"), kInvalid);
  ExpectWeak(Check("abcdefgh\xc3"), kInvalid);              // truncated sequence
  ExpectWeak(Check("abcdefgh\xc0\xaf"), kInvalid);          // overlong '/'
  ExpectWeak(Check("abcdefgh\xed\xa0\x80"), kInvalid);      // lone surrogate U+D800
  ExpectWeak(Check("abcdefgh\xf4\x90\x80\x80"), kInvalid);  // above U+10FFFF
}

TEST_F(PasswordPolicyTest, InvalidCharactersIsCheckedBeforeLength) {
  ExpectWeak(Check("\xff"), kInvalid);
  ExpectWeak(Check(Repeat("\xff", 100)), kInvalid);
}

TEST_F(PasswordPolicyTest, MinimumLengthBoundaryAscii) {
  ExpectWeak(Check(""), kTooShort);
  ExpectWeak(Check("abcdefg"), kTooShort);
  EXPECT_TRUE(Check("abcdefgx").has_value());
}

TEST_F(PasswordPolicyTest, MinimumLengthCountsCodePointsNotBytes) {
  // 7 two-byte characters = 14 bytes, still too short; 8 are enough.
  ExpectWeak(Check(Repeat("é", 7)), kTooShort);
  EXPECT_TRUE(Check(Repeat("é", 8)).has_value());
  // 7 four-byte emoji = 28 bytes, too short.
  ExpectWeak(Check(Repeat("🔑", 7)), kTooShort);
  EXPECT_TRUE(Check(Repeat("🔑", 8)).has_value());
}

TEST_F(PasswordPolicyTest, MinimumLengthComesFromOptions) {
  const PasswordPolicy strict(PasswordPolicyOptions{.min_length = 12, .max_bytes = 72}, common_);
  const Result<> result = strict.Check("elevenchars", kEmail, kName);
  ExpectWeak(result, "Password must be at least 12 characters long");
  EXPECT_TRUE(strict.Check("twelve chars", kEmail, kName).has_value());
}

TEST_F(PasswordPolicyTest, MaximumBytesBoundary) {
  EXPECT_TRUE(Check(Repeat("a", 72)).has_value());
  ExpectWeak(Check(Repeat("a", 73)), kTooLong);
  // Bytes, not code points: 24 x U+20AC (3 bytes) = 72 bytes is fine, 25 = 75 bytes is not.
  EXPECT_TRUE(Check(Repeat("€", 24)).has_value());
  ExpectWeak(Check(Repeat("€", 25)), kTooLong);
  // 71 ASCII + one 2-byte character = 73 bytes: rejected, never truncated.
  ExpectWeak(Check(Repeat("a", 71) + "é"), kTooLong);
}

TEST_F(PasswordPolicyTest, MaximumBytesComesFromOptions) {
  const PasswordPolicy argon(PasswordPolicyOptions{.min_length = 8, .max_bytes = 1024}, common_);
  EXPECT_TRUE(argon.Check(Repeat("b", 1024), kEmail, kName).has_value());
  ExpectWeak(argon.Check(Repeat("b", 1025), kEmail, kName), "Password must be at most 1024 bytes");
}

TEST_F(PasswordPolicyTest, RejectsCommonPasswordCaseInsensitively) {
  ExpectWeak(Check("password"), kTooCommon);
  ExpectWeak(Check("PASSWORD"), kTooCommon);
  ExpectWeak(Check("PassWord"), kTooCommon);
  ExpectWeak(Check("12345678"), kTooCommon);
  ExpectWeak(Check("LetMeIn1"), kTooCommon);
}

TEST_F(PasswordPolicyTest, CommonListIsWholeEntryNotSubstring) {
  EXPECT_TRUE(Check("password-for-ann-2024").has_value());
  EXPECT_TRUE(Check("123456789").has_value());  // not in this test's small list
}

TEST_F(PasswordPolicyTest, RejectsEmailLocalPartAndNameCaseInsensitively) {
  ExpectWeak(Check("ann.lee@example.com"), kPersonal);
  ExpectWeak(Check("ANN.LEE@EXAMPLE.COM"), kPersonal);
  ExpectWeak(Check("ann.lee@example.com", "ann.lee@example.com", "Zed"), kPersonal);
  ExpectWeak(Check("anneliese", "Anneliese@example.org", "Ann Lee"), kPersonal);  // local part
  ExpectWeak(Check("ANNELIESE", "anneliese@example.org", "Ann Lee"), kPersonal);
  ExpectWeak(Check("ann marie lee", kEmail, "Ann Marie Lee"), kPersonal);      // name
  ExpectWeak(Check("Ann Marie Lee", kEmail, "  Ann Marie Lee  "), kPersonal);  // name trimmed
}

TEST_F(PasswordPolicyTest, PersonalDataOnlyMatchesWhenEqual) {
  EXPECT_TRUE(Check("ann.lee@example.com!", kEmail, kName).has_value());
  EXPECT_TRUE(Check("ann marie lee rocks", kEmail, "Ann Marie Lee").has_value());
  EXPECT_TRUE(Check("example.com", kEmail, kName).has_value());  // domain alone is not listed
}

TEST_F(PasswordPolicyTest, EmptyEmailAndNameNeverMatch) {
  EXPECT_TRUE(Check("harmless passphrase", "", "").has_value());
  EXPECT_TRUE(Check("harmless passphrase", "@example.com", "   ").has_value());
}

TEST_F(PasswordPolicyTest, RulesApplyInTableOrder) {
  // Too short beats too common ("letmein" would be common if it were long enough).
  const PasswordPolicy lenient(PasswordPolicyOptions{.min_length = 4, .max_bytes = 72}, common_);
  ExpectWeak(policy_.Check("letmein", kEmail, kName), kTooShort);
  // Too common beats equal to e-mail/name.
  ExpectWeak(policy_.Check("password", "password@example.com", "password"), kTooCommon);
  // Too long beats too common and personal data.
  const std::string long_name = Repeat("x", 80);
  ExpectWeak(policy_.Check(long_name, kEmail, long_name), kTooLong);
  ExpectWeak(lenient.Check("anne", "anne@example.com", "Anne"), kPersonal);
}

TEST(CommonPasswordsTest, ParsesLinesIgnoringCrBlankAndDuplicates) {
  const CommonPasswords list("Alpha\r\nbeta\n\n\r\nALPHA\ngamma");
  EXPECT_EQ(list.size(), 3u);
  EXPECT_TRUE(list.Contains("alpha"));
  EXPECT_TRUE(list.Contains("AlPhA"));
  EXPECT_TRUE(list.Contains("beta"));
  EXPECT_TRUE(list.Contains("gamma"));  // last line without newline
  EXPECT_FALSE(list.Contains("alph"));
  EXPECT_FALSE(list.Contains("alpha\r"));
  EXPECT_FALSE(list.Contains(""));
  EXPECT_FALSE(list.Contains("delta"));
}

TEST(CommonPasswordsTest, EmptyText) {
  const CommonPasswords list("");
  EXPECT_EQ(list.size(), 0u);
  EXPECT_FALSE(list.Contains("password"));
}

TEST(CommonPasswordsTest, EmbeddedListHasAtLeastTenThousandEntries) {
  const CommonPasswords& list = CommonPasswords::Embedded();
  EXPECT_GE(list.size(), 10000u);
  EXPECT_EQ(&list, &CommonPasswords::Embedded());  // built once
}

TEST(CommonPasswordsTest, EmbeddedListHasWellKnownEntries) {
  const CommonPasswords& list = CommonPasswords::Embedded();
  for (const char* known : {"123456", "password", "qwerty", "12345678", "iloveyou", "password1",
                            "trustno1", "sunshine", "football"}) {
    EXPECT_TRUE(list.Contains(known)) << known;
  }
  EXPECT_TRUE(list.Contains("PASSWORD1"));
  EXPECT_TRUE(list.Contains("QwErTy"));
  EXPECT_FALSE(list.Contains("correct horse battery staple"));
  EXPECT_FALSE(list.Contains(""));
}

TEST(PasswordPolicyEmbeddedTest, RejectsCommonPasswordsFromTheBundledList) {
  const PasswordPolicy policy(PasswordPolicyOptions{}, CommonPasswords::Embedded());
  for (const char* common : {"password", "PASSWORD1", "iloveyou", "123456789", "Sunshine1"}) {
    const Result<> result = policy.Check(common, "someone@example.com", "Someone Else");
    ASSERT_FALSE(result.has_value()) << common;
    EXPECT_EQ(result.error().public_message, kTooCommon) << common;
  }
  // Short common passwords fail the length rule first; with a lower minimum the list catches them.
  const PasswordPolicy short_policy(PasswordPolicyOptions{.min_length = 6, .max_bytes = 72},
                                    CommonPasswords::Embedded());
  for (const char* common : {"123456", "qwerty", "QWERTY"}) {
    const Result<> result = short_policy.Check(common, "someone@example.com", "Someone Else");
    ASSERT_FALSE(result.has_value()) << common;
    EXPECT_EQ(result.error().public_message, kTooCommon) << common;
  }
  EXPECT_TRUE(policy.Check("marmalade sky 1987!", "someone@example.com", "Someone").has_value());
}

}  // namespace
}  // namespace clockko::auth
