// OneTimeCodes (API.md §1.11): format, storage as HMAC / SHA-256 only, purpose binding, expiry,
// attempts, single use, key rotation, and link tokens. Time only moves through the FakeClock.
#include "auth/one_time_codes.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <set>
#include <string>
#include <vector>

#include "core/encoding.hpp"
#include "crypto/hmac.hpp"
#include "crypto/openssl_random.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FakeClock;
using ::clockko::testing::kJwtKey;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::MatchesRegex;
using ::testing::SizeIs;

// Hands out scripted bytes first, then 0x11 forever. Not thread-safe (tests only).
class ScriptedRandom final : public clockko::Random {
 public:
  void Push(std::vector<std::uint8_t> bytes) {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  }
  void Fill(std::span<std::uint8_t> out) override {
    for (std::uint8_t& b : out) {
      if (bytes_.empty()) {
        b = 0x11;
      } else {
        b = bytes_.front();
        bytes_.pop_front();
      }
    }
  }

 private:
  std::deque<std::uint8_t> bytes_;
};

// The 4 big-endian bytes that Random::Uniform turns into `v`.
std::vector<std::uint8_t> Draw(std::uint32_t v) {
  return {static_cast<std::uint8_t>(v >> 24), static_cast<std::uint8_t>(v >> 16),
          static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
}

bool IsLowerHex(const std::string& s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

class OneTimeCodesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_ = w_.Seed(TestUser(1, "ann@example.com"));
    bob_ = w_.Seed(TestUser(2, "bob@example.com"));
  }

  std::string Issue(OneTimeCodes& codes, const std::string& user_id, std::string_view purpose,
                    std::string_view target = {}) {
    Result<std::string> code = store::Transact<std::string>(
        w_.db, store::TxMode::kWrite,
        [&](store::Transaction& tx) { return codes.Issue(tx, user_id, purpose, target); });
    EXPECT_THAT(code, Succeeds());
    return code ? *code : std::string();
  }
  std::string Issue(std::string_view purpose = kPurposeVerifyEmail) {
    return Issue(w_.codes, ann_.id, purpose);
  }

  CodeStatus Check(OneTimeCodes& codes, const std::string& user_id, std::string_view purpose,
                   std::string_view code) {
    Result<CodeCheck> check = store::Transact<CodeCheck>(
        w_.db, store::TxMode::kWrite,
        [&](store::Transaction& tx) { return codes.Check(tx, user_id, purpose, code); });
    EXPECT_THAT(check, Succeeds());
    return check ? check->status : CodeStatus::kMissing;
  }
  CodeStatus Check(std::string_view code, std::string_view purpose = kPurposeVerifyEmail) {
    return Check(w_.codes, ann_.id, purpose, code);
  }

  bool Consume(OneTimeCodes& codes, std::string_view code,
               std::string_view purpose = kPurposeVerifyEmail) {
    Result<bool> used = store::Transact<bool>(
        w_.db, store::TxMode::kWrite,
        [&](store::Transaction& tx) { return codes.Consume(tx, ann_.id, purpose, code); });
    EXPECT_THAT(used, Succeeds());
    return used && *used;
  }
  bool Consume(std::string_view code) { return Consume(w_.codes, code); }

  std::string IssueLink(std::string_view purpose, std::int64_t lifetime,
                        const std::string* user_id = nullptr) {
    Result<std::string> token =
        store::Transact<std::string>(w_.db, store::TxMode::kWrite, [&](store::Transaction& tx) {
          return w_.codes.IssueLink(tx, user_id ? *user_id : ann_.id, purpose, lifetime);
        });
    EXPECT_THAT(token, Succeeds());
    return token ? *token : std::string();
  }
  std::optional<store::LinkToken> FindLink(std::string_view token, std::string_view purpose) {
    Result<std::optional<store::LinkToken>> found =
        store::Transact<std::optional<store::LinkToken>>(
            w_.db, store::TxMode::kRead,
            [&](store::Transaction& tx) { return w_.codes.FindLink(tx, token, purpose); });
    EXPECT_THAT(found, Succeeds());
    return found ? *found : std::nullopt;
  }
  bool ConsumeLink(std::string_view token) {
    Result<bool> used = store::Transact<bool>(
        w_.db, store::TxMode::kWrite,
        [&](store::Transaction& tx) { return w_.codes.ConsumeLink(tx, token); });
    EXPECT_THAT(used, Succeeds());
    return used && *used;
  }

  std::int32_t Attempts(std::string_view purpose = kPurposeVerifyEmail) {
    std::optional<store::OneTimeCode> row = w_.db.CodeOf(ann_.id, std::string(purpose));
    return row ? row->attempts : -1;
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  store::UserRecord bob_;
};

// --- format -----------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, SmallDrawsKeepTheirLeadingZeros) {
  ScriptedRandom random;
  OneTimeCodes codes({std::string(kJwtKey)}, random, w_.clock, OneTimeCodeOptions{});
  random.Push(Draw(7));
  EXPECT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "000007");
  random.Push(Draw(0));
  EXPECT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "000000");
  random.Push(Draw(3'000'042));  // reduced modulo 10^6
  EXPECT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "000042");
  random.Push(Draw(999'999));
  EXPECT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "999999");
}

TEST_F(OneTimeCodesTest, DrawsInTheBiasedTopRangeAreRejected) {
  ScriptedRandom random;
  OneTimeCodes codes({std::string(kJwtKey)}, random, w_.clock, OneTimeCodeOptions{});
  random.Push(Draw(0xFFFFFFFFu));  // in the partial range above the last multiple of 10^6
  random.Push(Draw(123'456));
  EXPECT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "123456");
}

TEST_F(OneTimeCodesTest, ManyIssuedCodesAreSixAsciiDigitsAndVary) {
  // The production CSPRNG: about 10% of codes start with '0' and must keep it.
  crypto::OpenSslRandom random;
  OneTimeCodes codes({std::string(kJwtKey)}, random, w_.clock, OneTimeCodeOptions{});
  std::set<std::string> seen;
  int leading_zero = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = Issue(codes, ann_.id, kPurposeVerifyEmail);
    ASSERT_THAT(code, MatchesRegex("[0-9]{6}")) << "issue " << i;
    leading_zero += code[0] == '0' ? 1 : 0;
    seen.insert(code);
  }
  EXPECT_GT(seen.size(), 990u);
  EXPECT_GT(leading_zero, 40);  // expected ~100; P(<= 40) is negligible
  // The deterministic FakeRandom of the world also yields well-formed codes.
  for (int i = 0; i < 200; ++i) {
    ASSERT_THAT(Issue(), MatchesRegex("[0-9]{6}")) << "issue " << i;
  }
}

// --- storage ----------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, StoresOnlyAKeyedHmacNeverTheCode) {
  const std::string code = Issue();
  std::optional<store::OneTimeCode> row = w_.db.CodeOf(ann_.id, "verify_email");
  ASSERT_TRUE(row.has_value());
  EXPECT_NE(row->code_hmac, code);
  EXPECT_THAT(row->code_hmac, SizeIs(64));
  EXPECT_TRUE(IsLowerHex(row->code_hmac)) << row->code_hmac;
  EXPECT_EQ(row->code_hmac.find(code), std::string::npos);
  EXPECT_NE(row->code_hmac, crypto::Sha256Hex(code));  // not a plain hash (10^6 guesses)
  // Keyed by a key DERIVED from the JWT key, never the JWT key itself.
  const std::string message = "verify_email|" + ann_.id + "|" + code;
  EXPECT_NE(row->code_hmac, HexEncode(crypto::HmacSha256(kJwtKey, message)));
  EXPECT_EQ(row->user_id, ann_.id);
  EXPECT_EQ(row->purpose, "verify_email");
  EXPECT_EQ(row->target, "");
  EXPECT_EQ(row->attempts, 0);
  EXPECT_EQ(row->created_at, w_.clock.Now());
  EXPECT_EQ(row->expires_at, w_.clock.Now().PlusSeconds(5 * 60));
}

TEST_F(OneTimeCodesTest, TheSameDigitsHashDifferentlyPerUserAndPurpose) {
  ScriptedRandom random;
  OneTimeCodes codes({std::string(kJwtKey)}, random, w_.clock, OneTimeCodeOptions{});
  for (int i = 0; i < 3; ++i) {
    random.Push(Draw(424'242));
  }
  ASSERT_EQ(Issue(codes, ann_.id, kPurposeVerifyEmail), "424242");
  ASSERT_EQ(Issue(codes, bob_.id, kPurposeVerifyEmail), "424242");
  ASSERT_EQ(Issue(codes, ann_.id, kPurposeResetPassword), "424242");
  const std::string a = w_.db.CodeOf(ann_.id, "verify_email")->code_hmac;
  const std::string b = w_.db.CodeOf(bob_.id, "verify_email")->code_hmac;
  const std::string c = w_.db.CodeOf(ann_.id, "reset_password")->code_hmac;
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(b, c);
}

// --- binding ----------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, CodeIsBoundToItsPurpose) {
  const std::string code = Issue(kPurposeVerifyEmail);
  EXPECT_EQ(Check(code, kPurposeResetPassword), CodeStatus::kMissing);
  EXPECT_EQ(Check(code, kPurposeChangeEmail), CodeStatus::kMissing);
  // With a pending code of the other purpose, the verify code is just a wrong guess there.
  const std::string reset = Issue(kPurposeResetPassword);
  if (reset != code) {
    EXPECT_EQ(Check(code, kPurposeResetPassword), CodeStatus::kWrong);
  }
  EXPECT_EQ(Check(code, kPurposeVerifyEmail), CodeStatus::kValid);
  EXPECT_EQ(Check(reset, kPurposeResetPassword), CodeStatus::kValid);
}

TEST_F(OneTimeCodesTest, CodeIsBoundToItsUser) {
  const std::string code = Issue(w_.codes, ann_.id, kPurposeVerifyEmail);
  EXPECT_EQ(Check(w_.codes, bob_.id, kPurposeVerifyEmail, code), CodeStatus::kMissing);
  const std::string bobs = Issue(w_.codes, bob_.id, kPurposeVerifyEmail);
  if (bobs != code) {
    EXPECT_EQ(Check(w_.codes, bob_.id, kPurposeVerifyEmail, code), CodeStatus::kWrong);
  }
}

TEST_F(OneTimeCodesTest, CheckReportsTheChangeEmailTarget) {
  const std::string code = Issue(w_.codes, ann_.id, kPurposeChangeEmail, "new@example.com");
  Result<CodeCheck> check =
      store::Transact<CodeCheck>(w_.db, store::TxMode::kWrite, [&](store::Transaction& tx) {
        return w_.codes.Check(tx, ann_.id, kPurposeChangeEmail, code);
      });
  ASSERT_THAT(check, Succeeds());
  EXPECT_EQ(check->status, CodeStatus::kValid);
  EXPECT_EQ(check->target, "new@example.com");
}

TEST_F(OneTimeCodesTest, ANewCodeReplacesTheOldOneAndResetsAttempts) {
  ScriptedRandom random;
  OneTimeCodes codes({std::string(kJwtKey)}, random, w_.clock, OneTimeCodeOptions{});
  random.Push(Draw(111'111));
  const std::string first = Issue(codes, ann_.id, kPurposeVerifyEmail);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, "999999"), CodeStatus::kWrong);
  EXPECT_EQ(Attempts(), 1);
  random.Push(Draw(222'222));
  const std::string second = Issue(codes, ann_.id, kPurposeVerifyEmail);
  EXPECT_EQ(Attempts(), 0);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, first), CodeStatus::kWrong);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, second), CodeStatus::kValid);
}

// --- expiry -----------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, ValidOneSecondBeforeExpiryAndExpiredExactlyAtIt) {
  const std::string code = Issue();
  w_.clock.Advance(5 * 60 - 1);
  EXPECT_EQ(Check(code), CodeStatus::kValid);
  w_.clock.Advance(1);
  EXPECT_EQ(Check(code), CodeStatus::kExpired);
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "verify_email").has_value());  // deleted
  EXPECT_EQ(Check(code), CodeStatus::kMissing);
}

TEST_F(OneTimeCodesTest, ExpiryFollowsTheConfiguredMinutes) {
  OneTimeCodes codes({std::string(kJwtKey)}, w_.random, w_.clock, OneTimeCodeOptions{10, 5});
  EXPECT_EQ(codes.expire_minutes(), 10);
  const std::string code = Issue(codes, ann_.id, kPurposeVerifyEmail);
  w_.clock.Advance(10 * 60 - 1);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, code), CodeStatus::kValid);
  w_.clock.Advance(1);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, code), CodeStatus::kExpired);
}

TEST_F(OneTimeCodesTest, AWrongGuessOnAnExpiredCodeIsStillAWrongGuess) {
  const std::string code = Issue();
  w_.clock.AdvanceMinutes(6);
  const std::string wrong = code == "000001" ? "000002" : "000001";
  EXPECT_EQ(Check(wrong), CodeStatus::kWrong);  // the code is compared first (§6.3 order)
  EXPECT_EQ(Check(code), CodeStatus::kExpired);
}

// --- attempts ---------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, WrongGuessesVoidTheCodeThenEvenTheRightCodeIsLocked) {
  const std::string code = Issue();
  const std::string wrong = code == "000001" ? "000002" : "000001";
  for (int i = 1; i <= 4; ++i) {
    EXPECT_EQ(Check(wrong), CodeStatus::kWrong) << "guess " << i;
    EXPECT_EQ(Attempts(), i);
  }
  EXPECT_EQ(Check(wrong), CodeStatus::kNowVoid);
  EXPECT_EQ(Attempts(), 5);
  EXPECT_EQ(Check(code), CodeStatus::kLocked);
  EXPECT_EQ(Check(wrong), CodeStatus::kLocked);
  EXPECT_EQ(Check("abc"), CodeStatus::kLocked);
  EXPECT_EQ(Attempts(), 5);  // locked checks are not counted further
  // A fresh code starts over.
  const std::string fresh = Issue();
  EXPECT_EQ(Check(fresh), CodeStatus::kValid);
}

TEST_F(OneTimeCodesTest, MaxAttemptsIsConfigurable) {
  OneTimeCodes codes({std::string(kJwtKey)}, w_.random, w_.clock, OneTimeCodeOptions{5, 2});
  const std::string code = Issue(codes, ann_.id, kPurposeVerifyEmail);
  const std::string wrong = code == "000001" ? "000002" : "000001";
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, wrong), CodeStatus::kWrong);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, wrong), CodeStatus::kNowVoid);
  EXPECT_EQ(Check(codes, ann_.id, kPurposeVerifyEmail, code), CodeStatus::kLocked);
}

TEST_F(OneTimeCodesTest, MalformedInputIsNotCountedAsAGuess) {
  const std::string code = Issue();
  for (std::string_view bad : {"", "12345", "1234567", "12a456", "12 456", "-12345", "+12345",
                               "\xef\xbc\x91"
                               "23456",
                               "123456\n7", "0x1234"}) {
    EXPECT_EQ(Check(bad), CodeStatus::kMalformed) << "input: " << bad;
  }
  EXPECT_EQ(Attempts(), 0);
  EXPECT_EQ(Check("  " + code + "\t"), CodeStatus::kValid);  // surrounding blanks are trimmed
}

TEST_F(OneTimeCodesTest, NormalizeCodeAcceptsExactlySixDigits) {
  EXPECT_EQ(NormalizeCode(" 012345 "), "012345");
  EXPECT_EQ(NormalizeCode("000000"), "000000");
  EXPECT_EQ(NormalizeCode("12345"), std::nullopt);
  EXPECT_EQ(NormalizeCode("1234567"), std::nullopt);
  EXPECT_EQ(NormalizeCode("12-456"), std::nullopt);
  EXPECT_EQ(NormalizeCode(""), std::nullopt);
}

// --- single use -------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, ConsumeWorksOnceThenTheCodeIsGone) {
  const std::string code = Issue();
  const std::string wrong = code == "000001" ? "000002" : "000001";
  EXPECT_FALSE(Consume(wrong));
  EXPECT_TRUE(w_.db.CodeOf(ann_.id, "verify_email").has_value());  // a wrong consume keeps it
  EXPECT_FALSE(Consume("not a code"));
  EXPECT_TRUE(Consume(code));
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "verify_email").has_value());
  EXPECT_FALSE(Consume(code));
  EXPECT_EQ(Check(code), CodeStatus::kMissing);
}

TEST_F(OneTimeCodesTest, ConsumeOfOnePurposeLeavesTheOtherPurposesCode) {
  const std::string verify = Issue(kPurposeVerifyEmail);
  const std::string reset = Issue(kPurposeResetPassword);
  if (verify != reset) {
    EXPECT_FALSE(Consume(w_.codes, verify, kPurposeResetPassword));
  }
  EXPECT_TRUE(Consume(w_.codes, verify, kPurposeVerifyEmail));
  EXPECT_TRUE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
}

// --- key rotation -----------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, ACodeIssuedUnderAFormerSigningKeyStillVerifies) {
  const std::string old_key = "former-signing-key-0123456789abcdef";
  const std::string new_key = "current-signing-key-0123456789abcdef";
  OneTimeCodes before({old_key}, w_.random, w_.clock, OneTimeCodeOptions{});
  OneTimeCodes after({new_key, old_key}, w_.random, w_.clock, OneTimeCodeOptions{});
  OneTimeCodes dropped({new_key}, w_.random, w_.clock, OneTimeCodeOptions{});

  const std::string code = Issue(before, ann_.id, kPurposeVerifyEmail);
  EXPECT_EQ(Check(dropped, ann_.id, kPurposeVerifyEmail, code), CodeStatus::kWrong);
  EXPECT_EQ(Check(after, ann_.id, kPurposeVerifyEmail, code), CodeStatus::kValid);
  EXPECT_TRUE(Consume(after, code));
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "verify_email").has_value());

  // New codes are made under the current key: the former key alone does not verify them.
  const std::string fresh = Issue(after, ann_.id, kPurposeVerifyEmail);
  EXPECT_EQ(Check(before, ann_.id, kPurposeVerifyEmail, fresh), CodeStatus::kWrong);
  EXPECT_EQ(Check(dropped, ann_.id, kPurposeVerifyEmail, fresh), CodeStatus::kValid);
}

// --- link tokens ------------------------------------------------------------------------------

TEST_F(OneTimeCodesTest, LinkTokensAre256BitBase64UrlStoredAsSha256) {
  const std::string token = IssueLink(kPurposeVerifyEmail, 24 * 3600);
  ASSERT_THAT(token, SizeIs(43));
  EXPECT_THAT(token, MatchesRegex("[A-Za-z0-9_-]{43}"));
  std::optional<std::string> raw = Base64UrlDecode(token);
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->size(), 32u);

  const std::vector<store::LinkToken> stored = w_.db.LinkTokens();
  ASSERT_THAT(stored, SizeIs(1));
  EXPECT_EQ(stored[0].token_hash, crypto::Sha256Hex(token));
  EXPECT_NE(stored[0].token_hash, token);
  EXPECT_EQ(stored[0].user_id, ann_.id);
  EXPECT_EQ(stored[0].purpose, "verify_email");
  EXPECT_EQ(stored[0].created_at, w_.clock.Now());
  EXPECT_EQ(stored[0].expires_at, w_.clock.Now().PlusSeconds(24 * 3600));
}

TEST_F(OneTimeCodesTest, FindLinkIsPurposeBound) {
  const std::string token = IssueLink(kPurposeResetPassword, 3600);
  std::optional<store::LinkToken> found = FindLink(token, kPurposeResetPassword);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, ann_.id);
  EXPECT_FALSE(FindLink(token, kPurposeVerifyEmail).has_value());
  EXPECT_FALSE(FindLink(token, kPurposeDeleteAccount).has_value());
}

TEST_F(OneTimeCodesTest, MalformedOrUnknownLinkTokensFindNothing) {
  const std::string token = IssueLink(kPurposeVerifyEmail, 3600);
  std::string flipped = token;
  flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
  for (const std::string& bad :
       {std::string(), std::string("abc"), token.substr(0, 42), token + "A", flipped,
        std::string(43, '!'), crypto::Sha256Hex(token)}) {
    EXPECT_FALSE(FindLink(bad, kPurposeVerifyEmail).has_value()) << bad;
  }
}

TEST_F(OneTimeCodesTest, FindLinkAlsoReturnsExpiredLinksForTheCallerToJudge) {
  const std::string token = IssueLink(kPurposeVerifyEmail, 60);
  w_.clock.Advance(3600);
  std::optional<store::LinkToken> found = FindLink(token, kPurposeVerifyEmail);
  ASSERT_TRUE(found.has_value());
  EXPECT_LE(found->expires_at, w_.clock.Now());
}

TEST_F(OneTimeCodesTest, ConsumeLinkWorksOnce) {
  const std::string token = IssueLink(kPurposeVerifyEmail, 3600);
  EXPECT_TRUE(ConsumeLink(token));
  EXPECT_FALSE(ConsumeLink(token));
  EXPECT_FALSE(FindLink(token, kPurposeVerifyEmail).has_value());
  EXPECT_THAT(w_.db.LinkTokens(), SizeIs(0));
}

TEST_F(OneTimeCodesTest, ANewLinkReplacesTheUsersEarlierOneOfThatPurpose) {
  const std::string first = IssueLink(kPurposeVerifyEmail, 3600);
  const std::string other_purpose = IssueLink(kPurposeResetPassword, 3600);
  const std::string bobs = IssueLink(kPurposeVerifyEmail, 3600, &bob_.id);
  const std::string second = IssueLink(kPurposeVerifyEmail, 3600);
  EXPECT_NE(first, second);
  EXPECT_FALSE(FindLink(first, kPurposeVerifyEmail).has_value());
  EXPECT_TRUE(FindLink(second, kPurposeVerifyEmail).has_value());
  EXPECT_TRUE(FindLink(other_purpose, kPurposeResetPassword).has_value());
  EXPECT_TRUE(FindLink(bobs, kPurposeVerifyEmail).has_value());
}

}  // namespace
}  // namespace clockko::auth
