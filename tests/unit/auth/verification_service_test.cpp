// VerificationService (API.md §3) and the registration mails (§2.1, REGISTER_HIDE_EXISTING): what
// is queued for whom, verification by code and by link, and the limits on both. Codes and links are
// read back from the queued mail, as a user would. FakeClock only.
#include "auth/verification_service.hpp"

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
using ::clockko::testing::MustEmail;
using ::clockko::testing::OtherCode;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::ServiceWorldOptions;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::clockko::testing::TokenIn;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

const RequestMeta kMeta{"203.0.113.50", "req-verify"};

class VerificationServiceTest : public ::testing::Test {
 protected:
  explicit VerificationServiceTest(ServiceWorldOptions options = {}) : w_(options) {}

  // An active, unverified account.
  store::UserRecord SeedUnverified(int n, std::string_view email) {
    store::UserRecord u = TestUser(n, email);
    u.is_verified = false;
    return w_.Seed(u);
  }

  Result<> Send(std::string_view email) {
    return w_.verification.SendVerificationEmail(MustEmail(email), kMeta);
  }
  Result<> Verify(std::string_view email, std::string_view otp) {
    return w_.verification.VerifyEmail(MustEmail(email), otp, kMeta);
  }
  Result<LinkOutcome> Link(std::string_view token) {
    return w_.verification.VerifyLink(token, kMeta);
  }

  std::vector<store::OutboxMail> MailsTo(std::string_view address) {
    std::vector<store::OutboxMail> out;
    for (const store::OutboxMail& m : w_.db.Outbox()) {
      if (m.recipient == address) {
        out.push_back(m);
      }
    }
    return out;
  }
  // The code of the newest mail to `address` (empty when there is none).
  std::string LastCode(std::string_view address) {
    std::vector<store::OutboxMail> mails = MailsTo(address);
    if (mails.empty()) {
      ADD_FAILURE() << "no mail to " << address;
      return "";
    }
    std::optional<std::string> code = CodeIn(mails.back());
    EXPECT_TRUE(code.has_value()) << mails.back().text_body;
    return code.value_or("");
  }
  std::string LastToken(std::string_view address) {
    std::vector<store::OutboxMail> mails = MailsTo(address);
    if (mails.empty()) {
      ADD_FAILURE() << "no mail to " << address;
      return "";
    }
    std::optional<std::string> token = TokenIn(mails.back());
    EXPECT_TRUE(token.has_value()) << mails.back().text_body;
    return token.value_or("");
  }

  ServiceWorld w_;
};

// --- send-verification-email ------------------------------------------------------------------

TEST_F(VerificationServiceTest, SendForAnUnknownAddressAnswersOkAndQueuesNothing) {
  EXPECT_THAT(Send("nobody@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  EXPECT_EQ(w_.mail_wakeups, 0);
}

TEST_F(VerificationServiceTest, SendForAVerifiedAccountAnswersOkAndQueuesNothing) {
  const store::UserRecord ann = w_.Seed(TestUser(1, "ann@example.com"));
  EXPECT_THAT(Send("ann@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_FALSE(w_.db.CodeOf(ann.id, "verify_email").has_value());
}

TEST_F(VerificationServiceTest, SendForADisabledAccountAnswersOkAndQueuesNothing) {
  store::UserRecord u = TestUser(1, "ann@example.com");
  u.is_verified = false;
  u.is_active = false;
  w_.Seed(u);
  EXPECT_THAT(Send("ann@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
  EXPECT_FALSE(w_.db.CodeOf(u.id, "verify_email").has_value());
}

TEST_F(VerificationServiceTest, SendForAnUnverifiedAccountQueuesTheCodeMailWithCodeAndLink) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ANN@example.com"), Succeeds());

  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(1));
  EXPECT_EQ(outbox[0].kind, "verification_code");
  EXPECT_EQ(outbox[0].recipient, "ann@example.com");
  EXPECT_EQ(outbox[0].user_id, ann.id);
  const std::optional<std::string> code = CodeIn(outbox[0]);
  ASSERT_TRUE(code.has_value()) << outbox[0].text_body;
  EXPECT_THAT(outbox[0].text_body, HasSubstr("http://api.test/api/auth/verify-email?token="));
  ASSERT_TRUE(TokenIn(outbox[0]).has_value());
  EXPECT_THAT(outbox[0].html_body, HasSubstr(*code));
  // The mail is worth delivering while its link lives (24 h).
  ASSERT_TRUE(outbox[0].expires_at.has_value());
  EXPECT_EQ(*outbox[0].expires_at, w_.clock.Now().PlusSeconds(24 * 3600));

  std::optional<store::OneTimeCode> row = w_.db.CodeOf(ann.id, "verify_email");
  ASSERT_TRUE(row.has_value());
  EXPECT_NE(row->code_hmac, *code);
  ASSERT_THAT(w_.db.LinkTokens(), SizeIs(1));
  EXPECT_EQ(w_.db.LinkTokens()[0].purpose, "verify_email");
  EXPECT_EQ(w_.db.LinkTokens()[0].expires_at, w_.clock.Now().PlusSeconds(24 * 3600));
  EXPECT_EQ(w_.mail_wakeups, 1);
  EXPECT_THAT(w_.db.SecurityEventNames(), ::testing::Contains("verification_code_issued"));
}

TEST_F(VerificationServiceTest, ASecondSendWithinTheCooldownIsRateLimitedThenReplacesTheCode) {
  SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string first_code = LastCode("ann@example.com");
  const std::string first_token = LastToken("ann@example.com");

  w_.clock.Advance(30);
  Result<> again = Send("ann@example.com");
  ASSERT_THAT(again, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(again.error().public_message, "Please wait before requesting a new code");
  EXPECT_EQ(again.error().retry_after_seconds, 30);
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));

  w_.clock.Advance(30);
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  ASSERT_THAT(w_.db.Outbox(), SizeIs(2));
  const std::string second_code = LastCode("ann@example.com");
  if (second_code != first_code) {
    EXPECT_THAT(Verify("ann@example.com", first_code), FailsWithCode("invalid_otp"));
  }
  // The old link was replaced too.
  EXPECT_THAT(Link(first_token), ::testing::Optional(LinkOutcome::kInvalid));
  EXPECT_THAT(Verify("ann@example.com", second_code), Succeeds());
}

TEST_F(VerificationServiceTest, CooldownAlsoAppliesToUnknownAddressesSoA429RevealsNothing) {
  ASSERT_THAT(Send("nobody@example.com"), Succeeds());
  EXPECT_THAT(Send("nobody@example.com"), FailsWith(Errc::kResourceExhausted, "rate_limited"));
}

TEST_F(VerificationServiceTest, WithoutPublicBaseUrlTheMailHasACodeButNoLink) {
  ServiceWorldOptions options;
  options.public_base_url = "";
  ServiceWorld w(options);
  store::UserRecord u = TestUser(1, "ann@example.com");
  u.is_verified = false;
  w.Seed(u);
  ASSERT_THAT(w.verification.SendVerificationEmail(MustEmail("ann@example.com"), kMeta),
              Succeeds());
  ASSERT_THAT(w.db.Outbox(), SizeIs(1));
  EXPECT_TRUE(CodeIn(w.db.Outbox()[0]).has_value());
  EXPECT_FALSE(TokenIn(w.db.Outbox()[0]).has_value());
  EXPECT_THAT(w.db.LinkTokens(), IsEmpty());
  // Then the mail lives as long as the code.
  EXPECT_EQ(w.db.Outbox()[0].expires_at, w.clock.Now().PlusSeconds(5 * 60));
}

// --- verify-email by code ---------------------------------------------------------------------

TEST_F(VerificationServiceTest, TheRightCodeVerifiesAndDeletesCodeAndLink) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string code = LastCode("ann@example.com");
  w_.clock.Advance(120);

  ASSERT_THAT(Verify("Ann@example.com", code), Succeeds());

  std::optional<store::UserRecord> stored = w_.db.UserById(ann.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_TRUE(stored->is_verified);
  EXPECT_TRUE(stored->otp_verified);
  EXPECT_EQ(stored->updated_at, w_.clock.Now());
  EXPECT_FALSE(w_.db.CodeOf(ann.id, "verify_email").has_value());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  EXPECT_THAT(w_.db.SecurityEventNames(), ::testing::Contains("email_verified"));
  // Single use: the same code again is refused (the account is verified now).
  EXPECT_THAT(Verify("ann@example.com", code), FailsWith(Errc::kInvalidArgument, "invalid_otp"));
}

TEST_F(VerificationServiceTest, AWrongCodeIsInvalidOtpAndCounted) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string code = LastCode("ann@example.com");

  Result<> r = Verify("ann@example.com", OtherCode(code));
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_EQ(r.error().public_message, "Invalid or expired verification code");
  ASSERT_TRUE(w_.db.CodeOf(ann.id, "verify_email").has_value());
  EXPECT_EQ(w_.db.CodeOf(ann.id, "verify_email")->attempts, 1);
  EXPECT_FALSE(w_.db.UserById(ann.id)->is_verified);
  EXPECT_THAT(w_.db.SecurityEventNames(), ::testing::Contains("code_check_failed"));
  // The right code still works after one wrong guess.
  EXPECT_THAT(Verify("ann@example.com", code), Succeeds());
}

TEST_F(VerificationServiceTest, MalformedInputIsInvalidOtpButNotCounted) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  for (std::string_view bad : {"", "abc", "12345", "1234567"}) {
    EXPECT_THAT(Verify("ann@example.com", bad), FailsWith(Errc::kInvalidArgument, "invalid_otp"))
        << bad;
  }
  EXPECT_EQ(w_.db.CodeOf(ann.id, "verify_email")->attempts, 0);
}

TEST_F(VerificationServiceTest, AfterMaxWrongGuessesEvenTheRightCodeIsOtpLocked) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string code = LastCode("ann@example.com");
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(Verify("ann@example.com", OtherCode(code)),
                FailsWith(Errc::kInvalidArgument, "invalid_otp"))
        << "guess " << i;
  }
  w_.clock.Advance(10);
  Result<> locked = Verify("ann@example.com", code);
  ASSERT_THAT(locked, FailsWith(Errc::kResourceExhausted, "otp_locked"));
  // Retry-After: until a new code may be requested (the send was 10 s ago, cooldown 60 s).
  EXPECT_EQ(locked.error().retry_after_seconds, 50);
  EXPECT_FALSE(w_.db.UserById(ann.id)->is_verified);

  // A new code starts over.
  w_.clock.Advance(50);
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  EXPECT_THAT(Verify("ann@example.com", LastCode("ann@example.com")), Succeeds());
}

TEST_F(VerificationServiceTest, AnExpiredCodeIsInvalidOtpAndDeleted) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string code = LastCode("ann@example.com");
  w_.clock.AdvanceMinutes(5);
  EXPECT_THAT(Verify("ann@example.com", code), FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_FALSE(w_.db.CodeOf(ann.id, "verify_email").has_value());
  EXPECT_FALSE(w_.db.UserById(ann.id)->is_verified);
}

TEST_F(VerificationServiceTest, UnknownOrVerifiedAddressesGetTheSameInvalidOtp) {
  w_.Seed(TestUser(1, "ann@example.com"));  // verified
  EXPECT_THAT(Verify("ann@example.com", "123456"),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  EXPECT_THAT(Verify("nobody@example.com", "123456"),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
  SeedUnverified(2, "bob@example.com");  // no code pending
  EXPECT_THAT(Verify("bob@example.com", "123456"),
              FailsWith(Errc::kInvalidArgument, "invalid_otp"));
}

TEST_F(VerificationServiceTest, TwentyWrongCodesPerDayLockTheAccountUntilTheWindowPasses) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  // 4 codes × 5 wrong guesses = 20 wrong codes (sends spaced by the cooldown).
  std::string code;
  for (int round = 0; round < 4; ++round) {
    ASSERT_THAT(Send("ann@example.com"), Succeeds()) << "round " << round;
    code = LastCode("ann@example.com");
    for (int i = 0; i < 5; ++i) {
      ASSERT_THAT(Verify("ann@example.com", OtherCode(code)), FailsWithCode("invalid_otp"));
    }
    w_.clock.Advance(61);
  }
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  code = LastCode("ann@example.com");
  Result<> r = Verify("ann@example.com", code);
  ASSERT_THAT(r, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(r.error().public_message, "Too many failed attempts. Please try again later.");
  EXPECT_GT(r.error().retry_after_seconds, 24 * 3600 - 300);
  // Refused before the code was looked at: it is not used up or counted.
  EXPECT_EQ(w_.db.CodeOf(ann.id, "verify_email")->attempts, 0);

  w_.clock.Advance(24 * 3600);
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  EXPECT_THAT(Verify("ann@example.com", LastCode("ann@example.com")), Succeeds());
  EXPECT_TRUE(w_.db.UserById(ann.id)->is_verified);
}

// --- verify-email by link ---------------------------------------------------------------------

TEST_F(VerificationServiceTest, TheLinkVerifiesOnceAndDeletesTheCode) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string code = LastCode("ann@example.com");
  const std::string token = LastToken("ann@example.com");

  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kVerified));
  std::optional<store::UserRecord> stored = w_.db.UserById(ann.id);
  EXPECT_TRUE(stored->is_verified);
  EXPECT_TRUE(stored->otp_verified);
  EXPECT_FALSE(w_.db.CodeOf(ann.id, "verify_email").has_value());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());

  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kInvalid));  // used twice
  EXPECT_THAT(Verify("ann@example.com", code), FailsWithCode("invalid_otp"));
}

TEST_F(VerificationServiceTest, VerifyingByCodeKillsTheLink) {
  SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string token = LastToken("ann@example.com");
  ASSERT_THAT(Verify("ann@example.com", LastCode("ann@example.com")), Succeeds());
  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kInvalid));
}

TEST_F(VerificationServiceTest, TheLinkStillWorksOneSecondBefore24Hours) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string token = LastToken("ann@example.com");
  w_.clock.Advance(24 * 3600 - 1);
  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kVerified));
  EXPECT_TRUE(w_.db.UserById(ann.id)->is_verified);
}

TEST_F(VerificationServiceTest, AnExpiredLinkSaysExpiredAndIsRemoved) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  const std::string token = LastToken("ann@example.com");
  w_.clock.Advance(24 * 3600 + 1);
  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kExpired));
  EXPECT_FALSE(w_.db.UserById(ann.id)->is_verified);
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  EXPECT_THAT(Link(token), ::testing::Optional(LinkOutcome::kInvalid));
  EXPECT_THAT(w_.db.SecurityEventNames(), ::testing::Contains("link_check_failed"));
}

TEST_F(VerificationServiceTest, UnknownMalformedOrForeignPurposeTokensAreInvalid) {
  const store::UserRecord ann = SeedUnverified(1, "ann@example.com");
  EXPECT_THAT(Link(""), ::testing::Optional(LinkOutcome::kInvalid));
  EXPECT_THAT(Link("not-a-token"), ::testing::Optional(LinkOutcome::kInvalid));
  EXPECT_THAT(Link(std::string(43, 'A')), ::testing::Optional(LinkOutcome::kInvalid));
  // A reset-password link token is not a verification link.
  ASSERT_THAT(w_.password_reset.ForgotPassword(MustEmail("ann@example.com"), kMeta), Succeeds());
  const std::string reset_token = LastToken("ann@example.com");
  EXPECT_THAT(Link(reset_token), ::testing::Optional(LinkOutcome::kInvalid));
  EXPECT_FALSE(w_.db.UserById(ann.id)->is_verified);
  EXPECT_THAT(w_.db.LinkTokens(), SizeIs(1));  // the reset link is untouched
}

TEST_F(VerificationServiceTest, TheLinkIsLimitedToThirtyChecksPerMinutePerIp) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_THAT(Link(std::string(43, 'A')), ::testing::Optional(LinkOutcome::kInvalid)) << i;
  }
  Result<LinkOutcome> limited = Link(std::string(43, 'A'));
  ASSERT_THAT(limited, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(limited.error().public_message, "Too many requests. Please try again later.");
  EXPECT_THAT(w_.verification.VerifyLink(std::string(43, 'A'), RequestMeta{"192.0.2.1", "r"}),
              ::testing::Optional(LinkOutcome::kInvalid));
  w_.clock.Advance(60);
  EXPECT_THAT(Link(std::string(43, 'A')), ::testing::Optional(LinkOutcome::kInvalid));
}

// --- registration mails -----------------------------------------------------------------------

class RegistrationMailTest : public VerificationServiceTest {
 protected:
  explicit RegistrationMailTest(ServiceWorldOptions options = {})
      : VerificationServiceTest(options) {}

  Result<RegistrationResult> Register(std::string_view email,
                                      std::string password = "tangerine submarine 42") {
    return w_.registration.Register(RegisterRequest{"Ann Lee", MustEmail(email), password}, kMeta);
  }
};

class HideExistingRegistrationMailTest : public RegistrationMailTest {
 protected:
  static ServiceWorldOptions HideExisting() {
    ServiceWorldOptions options;
    options.register_hide_existing = true;
    return options;
  }
  HideExistingRegistrationMailTest() : RegistrationMailTest(HideExisting()) {}
};

TEST_F(RegistrationMailTest, TheWelcomeMailHasACodeAndALinkThatBothVerify) {
  Result<RegistrationResult> r = Register("ann@example.com");
  ASSERT_THAT(r, Succeeds());
  ASSERT_TRUE(r->user.has_value());
  const std::vector<store::OutboxMail> mails = MailsTo("ann@example.com");
  ASSERT_THAT(mails, SizeIs(1));
  EXPECT_EQ(mails[0].kind, "welcome");
  ASSERT_TRUE(CodeIn(mails[0]).has_value()) << mails[0].text_body;
  ASSERT_TRUE(TokenIn(mails[0]).has_value()) << mails[0].text_body;
  EXPECT_THAT(mails[0].text_body, HasSubstr("http://api.test/api/auth/verify-email?token="));

  EXPECT_THAT(Verify("ann@example.com", *CodeIn(mails[0])), Succeeds());
  EXPECT_TRUE(w_.db.UserById(r->user->id)->is_verified);
}

TEST_F(RegistrationMailTest, TheWelcomeLinkVerifiesToo) {
  Result<RegistrationResult> r = Register("ann@example.com");
  ASSERT_THAT(r, Succeeds());
  EXPECT_THAT(Link(LastToken("ann@example.com")), ::testing::Optional(LinkOutcome::kVerified));
  EXPECT_TRUE(w_.db.UserById(r->user->id)->is_verified);
}

TEST_F(RegistrationMailTest, ResendingRightAfterRegisteringIsWithinTheCooldown) {
  ASSERT_THAT(Register("ann@example.com"), Succeeds());
  Result<> resend = Send("ann@example.com");
  ASSERT_THAT(resend, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(resend.error().public_message, "Please wait before requesting a new code");
  EXPECT_EQ(resend.error().retry_after_seconds, 60);
  EXPECT_THAT(w_.db.Outbox(), SizeIs(1));
  w_.clock.Advance(60);
  EXPECT_THAT(Send("ann@example.com"), Succeeds());
  EXPECT_THAT(w_.db.Outbox(), SizeIs(2));
  EXPECT_EQ(w_.db.Outbox()[1].kind, "verification_code");
}

TEST_F(RegistrationMailTest, OverTheMailLimitRegistrationSucceedsWithoutAWelcomeMail) {
  // The address's cooldown is used up by an earlier (unknown-address) send.
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  Result<RegistrationResult> r = Register("ann@example.com");
  ASSERT_THAT(r, Succeeds());  // never a 429 from register
  ASSERT_TRUE(r->user.has_value());
  EXPECT_THAT(MailsTo("ann@example.com"), IsEmpty());
}

TEST_F(RegistrationMailTest, WithoutHideExistingADuplicateIsEmailTakenAndNoNotice) {
  w_.Seed(TestUser(1, "ann@example.com"));
  EXPECT_THAT(Register("ann@example.com"), FailsWith(Errc::kAlreadyExists, "email_taken"));
  EXPECT_THAT(w_.db.Outbox(), IsEmpty());
}

TEST_F(HideExistingRegistrationMailTest, AnExistingAddressGetsOkWithoutUserAndANotice) {
  const store::UserRecord ann = w_.Seed(TestUser(1, "ann@example.com"));
  Result<RegistrationResult> r = Register("Ann@Example.com");
  ASSERT_THAT(r, Succeeds());
  EXPECT_FALSE(r->user.has_value());
  EXPECT_THAT(w_.db.Users(), SizeIs(1));

  const std::vector<store::OutboxMail> mails = MailsTo("ann@example.com");
  ASSERT_THAT(mails, SizeIs(1));
  EXPECT_EQ(mails[0].kind, "existing_account");
  EXPECT_EQ(mails[0].user_id, ann.id);
  EXPECT_FALSE(CodeIn(mails[0]).has_value());
  EXPECT_FALSE(TokenIn(mails[0]).has_value());
  EXPECT_THAT(mails[0].text_body, HasSubstr("http://app.test/signin"));
  EXPECT_FALSE(w_.db.CodeOf(ann.id, "verify_email").has_value());
}

TEST_F(HideExistingRegistrationMailTest, ANewAddressStillGetsItsWelcomeMail) {
  Result<RegistrationResult> r = Register("new@example.com");
  ASSERT_THAT(r, Succeeds());
  ASSERT_TRUE(r->user.has_value());
  const std::vector<store::OutboxMail> mails = MailsTo("new@example.com");
  ASSERT_THAT(mails, SizeIs(1));
  EXPECT_EQ(mails[0].kind, "welcome");
  EXPECT_TRUE(CodeIn(mails[0]).has_value());
}

TEST_F(HideExistingRegistrationMailTest, TheNoticeIsNotSwallowedByARecentWelcomeMail) {
  ASSERT_THAT(Register("ann@example.com"), Succeeds());
  Result<RegistrationResult> again = Register("ann@example.com");
  ASSERT_THAT(again, Succeeds());
  EXPECT_FALSE(again->user.has_value());
  const std::vector<store::OutboxMail> mails = MailsTo("ann@example.com");
  ASSERT_THAT(mails, SizeIs(2));
  EXPECT_EQ(mails[0].kind, "welcome");
  EXPECT_EQ(mails[1].kind, "existing_account");
  // A third try within the notice's own cooldown: same answer, no further mail.
  ASSERT_THAT(Register("ann@example.com"), Succeeds());
  EXPECT_THAT(MailsTo("ann@example.com"), SizeIs(2));
}

}  // namespace
}  // namespace clockko::auth
