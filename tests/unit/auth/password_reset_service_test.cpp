// PasswordResetService (API.md §4): forgot-password mails, reset by code or by link token, the
// order "check → policy → consume", and every side effect of a reset. FakeClock only.
#include "auth/password_reset_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "support/mail_probe.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::CodeIn;
using ::clockko::testing::FailsWith;
using ::clockko::testing::FailsWithCode;
using ::clockko::testing::FakePasswordHasher;
using ::clockko::testing::MustEmail;
using ::clockko::testing::OtherCode;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::clockko::testing::TokenIn;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const RequestMeta kMeta{"203.0.113.60", "req-reset"};
constexpr char kNewPassword[] = "brand new secret 77";
constexpr char kInvalidOtp[] = "Invalid or expired OTP";

class PasswordResetServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::UserRecord u = TestUser(1, "ann@example.com");
    u.is_verified = false;  // a reset proves the mailbox
    ann_ = w_.Seed(u);
  }

  Result<> Forgot(std::string_view email = "ann@example.com") {
    return w_.password_reset.ForgotPassword(MustEmail(email), kMeta);
  }
  // Forgot-password for ann, and the code and token of the mail it queued.
  void ForgotAndRead() {
    ASSERT_THAT(Forgot(), Succeeds());
    const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
    ASSERT_FALSE(outbox.empty());
    ASSERT_EQ(outbox.back().kind, "password_reset");
    std::optional<std::string> code = CodeIn(outbox.back());
    std::optional<std::string> token = TokenIn(outbox.back());
    ASSERT_TRUE(code.has_value()) << outbox.back().text_body;
    ASSERT_TRUE(token.has_value()) << outbox.back().text_body;
    code_ = *code;
    token_ = *token;
  }

  Result<> ResetByCode(std::string_view email, std::string code,
                       std::string password = kNewPassword) {
    ResetRequest r;
    r.email = MustEmail(email);
    r.otp = std::move(code);
    r.new_password = std::move(password);
    return w_.password_reset.ResetPassword(r, kMeta);
  }
  Result<> ResetByToken(std::string token, std::optional<std::string_view> email = std::nullopt,
                        std::string password = kNewPassword) {
    ResetRequest r;
    if (email) {
      r.email = MustEmail(*email);
    }
    r.token = std::move(token);
    r.new_password = std::move(password);
    return w_.password_reset.ResetPassword(r, kMeta);
  }

  store::UserRecord Stored() { return *w_.db.UserById(ann_.id); }

  ServiceWorld w_;
  store::UserRecord ann_;
  std::string code_;
  std::string token_;
};

// --- forgot-password --------------------------------------------------------------------------

TEST_F(PasswordResetServiceTest, ForgotForAnUnknownAddressQueuesNothing) {
  EXPECT_THAT(Forgot("nobody@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  EXPECT_EQ(w_.mail_wakeups, 0);
}

TEST_F(PasswordResetServiceTest, ForgotForADisabledAccountQueuesNothing) {
  store::UserRecord bob = TestUser(2, "bob@example.com");
  bob.is_active = false;
  w_.Seed(bob);
  EXPECT_THAT(Forgot("bob@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_FALSE(w_.db.CodeOf(bob.id, "reset_password").has_value());
}

TEST_F(PasswordResetServiceTest, ForgotQueuesTheResetMailWithCodeAndOneHourLink) {
  ForgotAndRead();
  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(1));
  EXPECT_EQ(outbox[0].recipient, "ann@example.com");
  EXPECT_EQ(outbox[0].user_id, ann_.id);
  EXPECT_THAT(
      outbox[0].text_body,
      HasSubstr("http://app.test/reset-password-confirm?email=ann%40example.com&token=" + token_));
  EXPECT_EQ(outbox[0].expires_at, w_.clock.Now().PlusSeconds(3600));
  ASSERT_TRUE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
  ASSERT_THAT(w_.db.LinkTokens(), SizeIs(1));
  EXPECT_EQ(w_.db.LinkTokens()[0].purpose, "reset_password");
  EXPECT_EQ(w_.db.LinkTokens()[0].expires_at, w_.clock.Now().PlusSeconds(3600));
  EXPECT_EQ(w_.mail_wakeups, 1);
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_reset_requested"));
}

TEST_F(PasswordResetServiceTest, ForgotTwiceWithinTheCooldownIsRateLimited) {
  ASSERT_THAT(Forgot(), Succeeds());
  Result<> again = Forgot("ANN@example.com");
  ASSERT_THAT(again, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(again.error().public_message, "Please wait before requesting a new code");
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));
}

// --- reset by code ----------------------------------------------------------------------------

TEST_F(PasswordResetServiceTest, ResetByCodeChangesEverythingItShould) {
  // Pending state that a reset must clear: a verify_email code + link and a marked session.
  ASSERT_THAT(w_.verification.SendVerificationEmail(MustEmail("ann@example.com"), kMeta),
              Succeeds());
  const IssuedToken old_token = w_.tokens.Issue(ann_);
  ASSERT_THAT(w_.db.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) {
                          return w_.tokens.MarkRecentAuth(tx, old_token.claims,
                                                          w_.clock.Now().PlusSeconds(600));
                        }),
              Succeeds());
  ForgotAndRead();
  const std::int64_t version_before = Stored().token_version;
  const std::size_t mails_before = w_.db.Outbox().size();
  w_.clock.Advance(30);

  ASSERT_THAT(ResetByCode("Ann@example.com", code_), Succeeds());

  const store::UserRecord after = Stored();
  EXPECT_EQ(after.password_hash, FakePasswordHasher::HashOf(kNewPassword));
  EXPECT_EQ(after.password_changed_at, w_.clock.Now());
  EXPECT_EQ(after.token_version, version_before + 1);
  EXPECT_TRUE(after.is_verified);
  EXPECT_TRUE(after.otp_verified);
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "verify_email").has_value());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  EXPECT_FALSE(w_.db.RecentAuthUntil(old_token.claims.jti).has_value());
  EXPECT_THAT(w_.tokens.Authenticate(old_token.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));

  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_EQ(outbox.size(), mails_before + 1);
  EXPECT_EQ(outbox.back().kind, "password_changed");
  EXPECT_EQ(outbox.back().recipient, "ann@example.com");
  EXPECT_FALSE(CodeIn(outbox.back()).has_value());
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_reset"));
}

TEST_F(PasswordResetServiceTest, AReusedCodeIsInvalidOtp) {
  ForgotAndRead();
  ASSERT_THAT(ResetByCode("ann@example.com", code_), Succeeds());
  Result<> again = ResetByCode("ann@example.com", code_, "yet another secret 99");
  ASSERT_THAT(again, FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(again.error().public_message, kInvalidOtp);
  EXPECT_EQ(Stored().password_hash, FakePasswordHasher::HashOf(kNewPassword));
}

TEST_F(PasswordResetServiceTest, AWeakPasswordIsRefusedAndTheCodeStaysUsable) {
  ForgotAndRead();
  const std::int64_t version_before = Stored().token_version;
  Result<> weak = ResetByCode("ann@example.com", code_, "password1");
  ASSERT_THAT(weak, FailsWith(Errc::kInvalidArgument, "weak_password"));
  EXPECT_THAT(ResetByCode("ann@example.com", code_, "short"), FailsWithCode("weak_password"));
  EXPECT_THAT(ResetByCode("ann@example.com", code_, "ann@example.com"),
              FailsWithCode("weak_password"));

  ASSERT_TRUE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
  EXPECT_EQ(w_.db.CodeOf(ann_.id, "reset_password")->attempts, 0);  // not a guess
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
  EXPECT_EQ(Stored().token_version, version_before);
  EXPECT_THAT(ResetByCode("ann@example.com", code_), Succeeds());
}

TEST_F(PasswordResetServiceTest, AWrongCodeIsInvalidOtpCountedThenOtpLocked) {
  ForgotAndRead();
  for (int i = 0; i < 5; ++i) {
    Result<> r = ResetByCode("ann@example.com", OtherCode(code_));
    ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "invalid_otp")) << "guess " << i;
    EXPECT_EQ(r.error().public_message, kInvalidOtp);
  }
  EXPECT_THAT(ResetByCode("ann@example.com", code_),
              FailsWith(Errc::kResourceExhausted, "otp_locked"));
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
  // The link of the same mail is a separate credential and still works.
  EXPECT_THAT(ResetByToken(token_), Succeeds());
}

TEST_F(PasswordResetServiceTest, AnExpiredCodeIsInvalidOtp) {
  ForgotAndRead();
  w_.clock.AdvanceMinutes(5);
  EXPECT_THAT(ResetByCode("ann@example.com", code_),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
}

TEST_F(PasswordResetServiceTest, ACodeForAnotherAddressOrPurposeIsInvalidOtp) {
  ForgotAndRead();
  w_.Seed(TestUser(2, "bob@example.com"));
  EXPECT_THAT(ResetByCode("bob@example.com", code_), FailsWithCode("invalid_otp"));
  EXPECT_THAT(ResetByCode("nobody@example.com", code_), FailsWithCode("invalid_otp"));
  // A verify_email code does not reset a password.
  store::UserRecord carl = TestUser(3, "carl@example.com");
  carl.is_verified = false;
  w_.Seed(carl);
  ASSERT_THAT(w_.verification.SendVerificationEmail(MustEmail("carl@example.com"), kMeta),
              Succeeds());
  const std::optional<std::string> verify_code = CodeIn(w_.db.Outbox().back());
  ASSERT_TRUE(verify_code.has_value());
  EXPECT_THAT(ResetByCode("carl@example.com", *verify_code), FailsWithCode("invalid_otp"));
  EXPECT_EQ(w_.db.UserById(carl.id)->password_hash, carl.password_hash);
}

// --- reset by link token ----------------------------------------------------------------------

TEST_F(PasswordResetServiceTest, ResetByTokenWorksOnce) {
  ForgotAndRead();
  ASSERT_THAT(ResetByToken(token_), Succeeds());
  EXPECT_EQ(Stored().password_hash, FakePasswordHasher::HashOf(kNewPassword));
  EXPECT_TRUE(Stored().is_verified);
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "reset_password").has_value());  // the code dies too
  Result<> again = ResetByToken(token_, std::nullopt, "yet another secret 99");
  ASSERT_THAT(again, FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(again.error().public_message, kInvalidOtp);
  EXPECT_THAT(ResetByCode("ann@example.com", code_), FailsWithCode("invalid_otp"));
}

TEST_F(PasswordResetServiceTest, ResetByTokenWithTheMatchingEmailInAnyCase) {
  ForgotAndRead();
  EXPECT_THAT(ResetByToken(token_, "ANN@Example.com"), Succeeds());
}

TEST_F(PasswordResetServiceTest, ResetByTokenWithAnotherEmailIsInvalidOtpAndKeepsTheToken) {
  ForgotAndRead();
  w_.Seed(TestUser(2, "bob@example.com"));
  EXPECT_THAT(ResetByToken(token_, "bob@example.com"),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_THAT(ResetByToken(token_, "nobody@example.com"), FailsWithCode("invalid_otp"));
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
  EXPECT_EQ(w_.db.UserById(ann_.id)->password_hash, ann_.password_hash);
  EXPECT_THAT(ResetByToken(token_), Succeeds());
}

TEST_F(PasswordResetServiceTest, AWeakPasswordDoesNotUseUpTheToken) {
  ForgotAndRead();
  EXPECT_THAT(ResetByToken(token_, std::nullopt, "password1"), FailsWithCode("weak_password"));
  EXPECT_THAT(w_.db.LinkTokens(), SizeIs(1));
  EXPECT_THAT(ResetByToken(token_), Succeeds());
}

TEST_F(PasswordResetServiceTest, AnExpiredOrForeignTokenIsInvalidOtp) {
  ForgotAndRead();
  EXPECT_THAT(ResetByToken("garbage"), FailsWithCode("invalid_otp"));
  EXPECT_THAT(ResetByToken(std::string(43, 'A')), FailsWithCode("invalid_otp"));
  w_.clock.Advance(3600);
  EXPECT_THAT(ResetByToken(token_), FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
}

TEST_F(PasswordResetServiceTest, AVerificationLinkTokenDoesNotResetAPassword) {
  ASSERT_THAT(w_.verification.SendVerificationEmail(MustEmail("ann@example.com"), kMeta),
              Succeeds());
  const std::optional<std::string> verify_token = TokenIn(w_.db.Outbox().back());
  ASSERT_TRUE(verify_token.has_value());
  EXPECT_THAT(ResetByToken(*verify_token), FailsWithCode("invalid_otp"));
  EXPECT_EQ(Stored().password_hash, ann_.password_hash);
}

TEST_F(PasswordResetServiceTest, AResetCarriesNoSessionOver) {
  const IssuedToken a = w_.tokens.Issue(ann_);
  Result<Principal> pa = w_.tokens.Authenticate(a.access_token, kMeta);
  ASSERT_THAT(pa, Succeeds());
  // A password change carries `a` over ...
  ASSERT_THAT(w_.password_change.ChangePassword(*pa, "correct horse battery",
                                                "first changed secret 1", kMeta),
              Succeeds());
  ASSERT_THAT(w_.tokens.Authenticate(a.access_token, kMeta), Succeeds());
  // ... and a reset ends it.
  ForgotAndRead();
  ASSERT_THAT(ResetByCode("ann@example.com", code_), Succeeds());
  EXPECT_THAT(w_.tokens.Authenticate(a.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));
  EXPECT_FALSE(w_.db.IsCarried(a.claims.jti));
}

}  // namespace
}  // namespace clockko::auth
