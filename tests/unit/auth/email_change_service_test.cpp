// EmailChangeService (API.md §6): the recent-auth gate, send-email-verification (code to the new
// address only), change-email with its ordered errors, and the session and notice outcomes.
// FakeClock only.
#include "auth/email_change_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "core/log_safe.hpp"
#include "support/mail_probe.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::CodeIn;
using ::clockko::testing::FailsWith;
using ::clockko::testing::FailsWithCode;
using ::clockko::testing::MustEmail;
using ::clockko::testing::OtherCode;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const RequestMeta kMeta{"203.0.113.80", "req-email"};
constexpr char kPassword[] = "correct horse battery";
constexpr char kNewAddress[] = "ann.new@example.org";

class EmailChangeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::UserRecord u = TestUser(1, "ann@example.com", kPassword);
    u.is_verified = false;  // the change proves the new mailbox
    ann_ = w_.Seed(u);
    token_ = w_.tokens.Issue(ann_);  // issued directly: no recent-auth mark
    caller_ = Auth(token_.access_token);
  }

  Principal Auth(const std::string& token) {
    Result<Principal> p = w_.tokens.Authenticate(token, kMeta);
    EXPECT_THAT(p, Succeeds());
    return p ? *p : Principal{};
  }
  void MarkCaller() {
    ASSERT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
  }

  Result<> SendCode(std::string_view to, std::optional<std::string> password = std::nullopt) {
    return w_.email_change.SendCode(caller_, MustEmail(to), password, kMeta);
  }
  Result<IssuedToken> ChangeEmail(std::string_view to, std::string_view code,
                                  std::optional<std::string> password = std::nullopt) {
    return w_.email_change.ChangeEmail(caller_, MustEmail(to), code, password, kMeta);
  }
  // Marks the caller, sends a code to kNewAddress and returns it.
  std::string PendingCode() {
    MarkCaller();
    EXPECT_THAT(SendCode(kNewAddress), Succeeds());
    const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
    if (outbox.empty()) {
      ADD_FAILURE() << "no mail";
      return "";
    }
    std::optional<std::string> code = CodeIn(outbox.back());
    EXPECT_TRUE(code.has_value()) << outbox.back().text_body;
    return code.value_or("");
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  IssuedToken token_;
  Principal caller_;
};

// --- the recent-auth gate ---------------------------------------------------------------------

TEST_F(EmailChangeServiceTest, AnUnmarkedTokenIsReauthRequired) {
  Result<> r = SendCode(kNewAddress);
  ASSERT_THAT(r, FailsWith(Errc::kPermissionDenied, "reauth_required"));
  EXPECT_EQ(r.error().public_message, "Please confirm your password first");
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_THAT(ChangeEmail(kNewAddress, "123456"),
              FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

TEST_F(EmailChangeServiceTest, ACorrectPasswordFieldPassesAndMarksTheSession) {
  ASSERT_THAT(SendCode(kNewAddress, kPassword), Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(token_.claims.jti), w_.clock.Now().PlusSeconds(10 * 60));
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));
}

TEST_F(EmailChangeServiceTest, AWrongPasswordFieldIsIncorrectPasswordAndCounted) {
  Result<> r = SendCode(kNewAddress, std::string("not my password"));
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(r.error().public_message, "Incorrect password");
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  // Even with a marked session, a wrong password field is refused.
  MarkCaller();
  EXPECT_THAT(SendCode(kNewAddress, std::string("not my password")),
              FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(EmailChangeServiceTest, TheMarkLastsTheReauthWindow) {
  MarkCaller();
  w_.clock.Advance(10 * 60 - 1);
  EXPECT_THAT(SendCode(kNewAddress), Succeeds());
  w_.clock.Advance(1);
  EXPECT_THAT(SendCode("other@example.org"), FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

TEST_F(EmailChangeServiceTest, AMarkBelongsToItsTokenOnly) {
  MarkCaller();
  const Principal other = Auth(w_.tokens.Issue(ann_).access_token);
  EXPECT_THAT(w_.email_change.SendCode(other, MustEmail(kNewAddress), std::nullopt, kMeta),
              FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

// --- send-email-verification ------------------------------------------------------------------

TEST_F(EmailChangeServiceTest, TheSameAddressInAnyCaseIsSameEmail) {
  MarkCaller();
  Result<> r = SendCode("ANN@Example.com");
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "same_email"));
  EXPECT_EQ(r.error().public_message, "New email must be different from current email");
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(EmailChangeServiceTest, ATakenAddressIsEmailTaken) {
  w_.Seed(TestUser(2, "bob@example.com"));
  MarkCaller();
  Result<> r = SendCode("Bob@example.com");
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "email_taken"));
  EXPECT_EQ(r.error().public_message, "Email address is already in use");
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(EmailChangeServiceTest, TheReauthGateComesBeforeSameEmailAndTaken) {
  w_.Seed(TestUser(2, "bob@example.com"));
  EXPECT_THAT(SendCode("ann@example.com"), FailsWithCode("reauth_required"));
  EXPECT_THAT(SendCode("bob@example.com"), FailsWithCode("reauth_required"));
}

TEST_F(EmailChangeServiceTest, TheCodeIsMailedToTheNewAddressOnly) {
  const std::string code = PendingCode();
  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(1));
  EXPECT_EQ(outbox[0].kind, "email_change_code");
  EXPECT_EQ(outbox[0].recipient, kNewAddress);
  EXPECT_EQ(outbox[0].user_id, ann_.id);
  EXPECT_EQ(outbox[0].expires_at, w_.clock.Now().PlusSeconds(5 * 60));
  std::optional<store::OneTimeCode> row = w_.db.CodeOf(ann_.id, "change_email");
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->target, kNewAddress);
  EXPECT_NE(row->code_hmac, code);
  EXPECT_EQ(w_.db.UserById(ann_.id)->email, "ann@example.com");  // nothing changes yet
}

TEST_F(EmailChangeServiceTest, ASecondCodeWithinTheCooldownIsRateLimited) {
  PendingCode();
  Result<> r = SendCode(kNewAddress);
  ASSERT_THAT(r, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(r.error().public_message, "Please wait before requesting a new code");
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));
}

// --- change-email -----------------------------------------------------------------------------

TEST_F(EmailChangeServiceTest, WithoutARequestItIsEmailChangeNotFound) {
  MarkCaller();
  Result<IssuedToken> r = ChangeEmail(kNewAddress, "123456");
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "email_change_not_found"));
  EXPECT_EQ(r.error().public_message, "No email change request found");
}

TEST_F(EmailChangeServiceTest, AnotherAddressThanRequestedIsEmailMismatch) {
  const std::string code = PendingCode();
  Result<IssuedToken> r = ChangeEmail("someone.else@example.org", code);
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "email_mismatch"));
  EXPECT_EQ(r.error().public_message, "Email address mismatch");
  EXPECT_EQ(w_.db.CodeOf(ann_.id, "change_email")->attempts, 0);  // no guess was made
  // The requested address in another letter case is no mismatch.
  EXPECT_THAT(ChangeEmail("ANN.NEW@example.org", code), Succeeds());
}

TEST_F(EmailChangeServiceTest, AWrongCodeIsInvalidOtpCountedThenOtpLocked) {
  const std::string code = PendingCode();
  Result<IssuedToken> r = ChangeEmail(kNewAddress, OtherCode(code));
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(r.error().public_message, "Invalid verification code");
  EXPECT_EQ(w_.db.CodeOf(ann_.id, "change_email")->attempts, 1);
  for (int i = 0; i < 4; ++i) {
    ASSERT_THAT(ChangeEmail(kNewAddress, OtherCode(code)), FailsWithCode("invalid_otp"));
  }
  EXPECT_THAT(ChangeEmail(kNewAddress, code), FailsWith(Errc::kResourceExhausted, "otp_locked"));
  EXPECT_EQ(w_.db.UserById(ann_.id)->email, "ann@example.com");
}

TEST_F(EmailChangeServiceTest, AnExpiredCodeIsOtpExpiredAndDeleted) {
  const std::string code = PendingCode();
  w_.clock.AdvanceMinutes(5);
  MarkCaller();  // keep the session within its reauth window
  Result<IssuedToken> r = ChangeEmail(kNewAddress, code);
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "otp_expired"));
  EXPECT_EQ(r.error().public_message, "Verification code has expired");
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "change_email").has_value());
  EXPECT_THAT(ChangeEmail(kNewAddress, code), FailsWithCode("email_change_not_found"));
}

TEST_F(EmailChangeServiceTest, AWrongCodeComesBeforeExpiredInTheErrorOrder) {
  const std::string code = PendingCode();
  w_.clock.AdvanceMinutes(6);
  MarkCaller();
  EXPECT_THAT(ChangeEmail(kNewAddress, OtherCode(code)),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_THAT(ChangeEmail(kNewAddress, code), FailsWith(Errc::kInvalidArgument, "otp_expired"));
}

TEST_F(EmailChangeServiceTest, MalformedCodesAreInvalidOtpButNotCounted) {
  PendingCode();
  EXPECT_THAT(ChangeEmail(kNewAddress, "12ab56"), FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(w_.db.CodeOf(ann_.id, "change_email")->attempts, 0);
}

TEST_F(EmailChangeServiceTest, AnAddressTakenMeanwhileIsEmailTaken) {
  const std::string code = PendingCode();
  w_.Seed(TestUser(2, kNewAddress));
  Result<IssuedToken> r = ChangeEmail(kNewAddress, code);
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "email_taken"));
  EXPECT_EQ(w_.db.UserById(ann_.id)->email, "ann@example.com");
}

TEST_F(EmailChangeServiceTest, SuccessChangesTheAddressAndNotifiesTheOldOneMasked) {
  const std::string code = PendingCode();
  const IssuedToken other = w_.tokens.Issue(ann_);
  w_.clock.Advance(30);

  Result<IssuedToken> fresh = ChangeEmail(kNewAddress, code);
  ASSERT_THAT(fresh, Succeeds());

  const store::UserRecord stored = *w_.db.UserById(ann_.id);
  EXPECT_EQ(stored.email, kNewAddress);
  EXPECT_EQ(stored.email_lower, kNewAddress);
  EXPECT_TRUE(stored.is_verified);
  EXPECT_EQ(stored.token_version, ann_.token_version + 1);
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "change_email").has_value());
  EXPECT_FALSE(w_.db.UserByEmailLower("ann@example.com").has_value());

  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(2));
  EXPECT_EQ(outbox[1].kind, "email_changed");
  EXPECT_EQ(outbox[1].recipient, "ann@example.com");  // the OLD address
  EXPECT_THAT(outbox[1].text_body, HasSubstr(MaskEmail(kNewAddress)));
  EXPECT_THAT(outbox[1].text_body, Not(HasSubstr(kNewAddress)));
  EXPECT_THAT(outbox[1].html_body, Not(HasSubstr(kNewAddress)));
  EXPECT_THAT(outbox[1].subject, Not(HasSubstr(kNewAddress)));
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("email_changed"));

  // Sessions: the caller is carried over, the fresh token works, every other token is dead.
  EXPECT_THAT(w_.tokens.Authenticate(token_.access_token, kMeta), Succeeds());
  Result<Principal> by_fresh = w_.tokens.Authenticate(fresh->access_token, kMeta);
  ASSERT_THAT(by_fresh, Succeeds());
  EXPECT_EQ(by_fresh->user.email, kNewAddress);
  EXPECT_THAT(w_.tokens.Authenticate(other.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));
}

TEST_F(EmailChangeServiceTest, TheNewTokenKeepsTheOldTokensRecentAuthWindow) {
  const Timestamp marked_at = w_.clock.Now();
  const std::string code = PendingCode();  // marks the caller until marked_at + 10 min
  w_.clock.Advance(100);
  Result<IssuedToken> fresh = ChangeEmail(kNewAddress, code);
  ASSERT_THAT(fresh, Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(fresh->claims.jti), marked_at.PlusSeconds(10 * 60));
  // Not a fresh window: it ends with the old one.
  w_.clock.Advance(10 * 60 - 100);
  const Principal p = Auth(fresh->access_token);
  EXPECT_THAT(w_.reauth.RequireRecentAuth(p, std::nullopt, kMeta),
              FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

TEST_F(EmailChangeServiceTest, APasswordFieldOnChangeEmailOpensTheWindowItKeeps) {
  const std::string code = PendingCode();
  w_.clock.Advance(60);
  Result<IssuedToken> fresh = ChangeEmail(kNewAddress, code, std::string(kPassword));
  ASSERT_THAT(fresh, Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(fresh->claims.jti), w_.clock.Now().PlusSeconds(10 * 60));
}

TEST_F(EmailChangeServiceTest, ChangeEmailDeletesTheUsersOtherCodesAndLinks) {
  ASSERT_THAT(w_.verification.SendVerificationEmail(MustEmail("ann@example.com"), kMeta),
              Succeeds());
  ASSERT_TRUE(w_.db.CodeOf(ann_.id, "verify_email").has_value());
  MarkCaller();
  ASSERT_THAT(SendCode(kNewAddress), Succeeds());
  const std::optional<std::string> code = CodeIn(w_.db.Outbox().back());
  ASSERT_TRUE(code.has_value());
  ASSERT_THAT(ChangeEmail(kNewAddress, *code), Succeeds());
  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "verify_email").has_value());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
}

// --- check-email ------------------------------------------------------------------------------

TEST_F(EmailChangeServiceTest, CheckAvailableAnswersTakenOrFree) {
  EXPECT_THAT(w_.email_change.CheckAvailable(MustEmail("free@example.com"), std::nullopt, kMeta),
              Succeeds());
  EXPECT_THAT(w_.email_change.CheckAvailable(MustEmail("ANN@example.com"), std::nullopt, kMeta),
              FailsWith(Errc::kInvalidArgument, "email_taken"));
}

}  // namespace
}  // namespace clockko::auth
