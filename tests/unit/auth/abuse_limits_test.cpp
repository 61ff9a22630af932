// AbuseLimits (API.md §1.10): mail cooldown and budgets, wrong-code and password-confirmation
// budgets, per-IP limits, with their exact messages and Retry-After values. FakeClock only.
#include "auth/abuse_limits.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::ServiceWorldOptions;
using ::clockko::testing::Succeeds;

constexpr char kWait[] = "Please wait before requesting a new code";
constexpr char kGeneric[] = "Too many requests. Please try again later.";
constexpr char kFailed[] = "Too many failed attempts. Please try again later.";
constexpr char kIp[] = "198.51.100.4";

// Expects a 429 rate_limited with `message` and `retry_after` seconds.
void ExpectLimited(const Result<>& r, std::string_view message, int retry_after) {
  ASSERT_THAT(r, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(r.error().public_message, message);
  EXPECT_EQ(r.error().retry_after_seconds, retry_after);
}

std::string Address(int i) { return "user" + std::to_string(i) + "@example.com"; }

class AbuseLimitsTest : public ::testing::Test {
 protected:
  Result<> Send(std::string_view address, std::string_view purpose = kPurposeVerifyEmail,
                std::string_view ip = kIp) {
    return w_.limits.AllowMailSend(purpose, address, ip);
  }

  ServiceWorld w_;
};

// --- mail sends -------------------------------------------------------------------------------

TEST_F(AbuseLimitsTest, ResendWithinTheCooldownWaitsForTheRemainingSeconds) {
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  ExpectLimited(Send("ann@example.com"), kWait, 60);
  w_.clock.Advance(45);
  ExpectLimited(Send("ann@example.com"), kWait, 15);
  EXPECT_EQ(w_.limits.ResendRetryAfter(kPurposeVerifyEmail, "ann@example.com"), 15);
  w_.clock.Advance(14);
  ExpectLimited(Send("ann@example.com"), kWait, 1);
  w_.clock.Advance(1);
  EXPECT_THAT(Send("ann@example.com"), Succeeds());
}

TEST_F(AbuseLimitsTest, CooldownFollowsOtpResendSeconds) {
  ServiceWorldOptions options;
  options.otp_resend_seconds = 120;
  ServiceWorld w(options);
  ASSERT_THAT(w.limits.AllowMailSend(kPurposeVerifyEmail, "ann@example.com", kIp), Succeeds());
  w.clock.Advance(60);
  ExpectLimited(w.limits.AllowMailSend(kPurposeVerifyEmail, "ann@example.com", kIp), kWait, 60);
  w.clock.Advance(60);
  EXPECT_THAT(w.limits.AllowMailSend(kPurposeVerifyEmail, "ann@example.com", kIp), Succeeds());
}

TEST_F(AbuseLimitsTest, CooldownIsPerAddressAndPurpose) {
  ASSERT_THAT(Send("ann@example.com", kPurposeVerifyEmail), Succeeds());
  EXPECT_THAT(Send("ann@example.com", kPurposeResetPassword), Succeeds());
  EXPECT_THAT(Send("bob@example.com", kPurposeVerifyEmail), Succeeds());
  EXPECT_THAT(Send("ann@example.com", kPurposeVerifyEmail, "203.0.113.99"),
              FailsWith(Errc::kResourceExhausted, "rate_limited"));  // not per IP
}

TEST_F(AbuseLimitsTest, ResendRetryAfterIsAtLeastOneAndCountsDown) {
  EXPECT_EQ(w_.limits.ResendRetryAfter(kPurposeResetPassword, "ann@example.com"), 1);
  ASSERT_THAT(Send("ann@example.com", kPurposeResetPassword), Succeeds());
  EXPECT_EQ(w_.limits.ResendRetryAfter(kPurposeResetPassword, "ann@example.com"), 60);
  w_.clock.Advance(20);
  EXPECT_EQ(w_.limits.ResendRetryAfter(kPurposeResetPassword, "ann@example.com"), 40);
  EXPECT_EQ(w_.limits.ResendRetryAfter(kPurposeVerifyEmail, "ann@example.com"), 1);
}

TEST_F(AbuseLimitsTest, FiveMailsPerHourPerAddress) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(Send("ann@example.com"), Succeeds()) << "mail " << i;
    w_.clock.Advance(61);
  }
  // 5 × 61 s have passed since the first: it leaves the hour in 3600 − 305 s.
  ExpectLimited(Send("ann@example.com"), kWait, 3600 - 5 * 61);
  // The address budget is shared by every purpose.
  ExpectLimited(Send("ann@example.com", kPurposeResetPassword), kWait, 3600 - 5 * 61);
  EXPECT_THAT(Send("bob@example.com"), Succeeds());
  w_.clock.Advance(3600 - 5 * 61);
  EXPECT_THAT(Send("ann@example.com"), Succeeds());
}

TEST_F(AbuseLimitsTest, AddressBudgetIgnoresLetterCaseWhenCallersLowerCase) {
  // Callers pass Email::lower(); the key is that string whether or not an account exists.
  ASSERT_THAT(Send("nobody@example.com"), Succeeds());
  EXPECT_THAT(Send("nobody@example.com"), FailsWith(Errc::kResourceExhausted, "rate_limited"));
}

TEST_F(AbuseLimitsTest, TwentyMailsPerHourPerIpThenTheGenericMessage) {
  for (int i = 0; i < 20; ++i) {
    ASSERT_THAT(Send(Address(i)), Succeeds()) << "mail " << i;
  }
  ExpectLimited(Send(Address(20)), kGeneric, 3600);
  EXPECT_THAT(Send(Address(20), kPurposeVerifyEmail, "198.51.100.5"), Succeeds());
  w_.clock.Advance(3599);
  ExpectLimited(Send(Address(21)), kGeneric, 1);
  w_.clock.Advance(1);
  EXPECT_THAT(Send(Address(21)), Succeeds());
}

TEST_F(AbuseLimitsTest, ARefusedMailDoesNotUseUpAnyBudget) {
  ASSERT_THAT(Send("ann@example.com"), Succeeds());
  for (int i = 0; i < 30; ++i) {
    ASSERT_THAT(Send("ann@example.com"), FailsWith(Errc::kResourceExhausted, "rate_limited"));
  }
  // The IP has used 1 of 20: 19 more addresses still go through.
  for (int i = 0; i < 19; ++i) {
    ASSERT_THAT(Send(Address(i)), Succeeds()) << "mail " << i;
  }
  ExpectLimited(Send(Address(99)), kGeneric, 3600);
  // The IP refusal did not count against Address(99)'s cooldown either.
  EXPECT_THAT(Send(Address(99), kPurposeVerifyEmail, "192.0.2.200"), Succeeds());
}

// --- code checks ------------------------------------------------------------------------------

TEST_F(AbuseLimitsTest, TwentyWrongCodesPerDayPerAccount) {
  ASSERT_THAT(w_.limits.AllowCodeCheck("ann@example.com", kIp), Succeeds());
  for (int i = 0; i < 19; ++i) {
    w_.limits.RecordWrongCode("ann@example.com");
  }
  EXPECT_THAT(w_.limits.AllowCodeCheck("ann@example.com", kIp), Succeeds());
  w_.limits.RecordWrongCode("ann@example.com");
  ExpectLimited(w_.limits.AllowCodeCheck("ann@example.com", kIp), kFailed, 24 * 3600);
  ExpectLimited(w_.limits.AllowCodeCheck("ann@example.com", "192.0.2.1"), kFailed, 24 * 3600);
  EXPECT_THAT(w_.limits.AllowCodeCheck("bob@example.com", kIp), Succeeds());
  w_.clock.Advance(24 * 3600 - 1);
  ExpectLimited(w_.limits.AllowCodeCheck("ann@example.com", kIp), kFailed, 1);
  w_.clock.Advance(1);
  EXPECT_THAT(w_.limits.AllowCodeCheck("ann@example.com", kIp), Succeeds());
}

TEST_F(AbuseLimitsTest, ThirtyCodeChecksPerMinutePerIp) {
  for (int i = 0; i < 30; ++i) {
    ASSERT_THAT(w_.limits.AllowCodeCheck(Address(i), kIp), Succeeds()) << "check " << i;
  }
  ExpectLimited(w_.limits.AllowCodeCheck(Address(30), kIp), kGeneric, 60);
  EXPECT_THAT(w_.limits.AllowCodeCheck(Address(30), "198.51.100.77"), Succeeds());
  w_.clock.Advance(60);
  EXPECT_THAT(w_.limits.AllowCodeCheck(Address(30), kIp), Succeeds());
}

// --- password confirmations -------------------------------------------------------------------

TEST_F(AbuseLimitsTest, FiveWrongPasswordConfirmationsPerFifteenMinutes) {
  const std::string user = "00000000-0000-4000-8000-000000000001";
  for (int i = 0; i < 4; ++i) {
    w_.limits.RecordWrongPassword(user);
    w_.clock.Advance(10);
  }
  EXPECT_THAT(w_.limits.AllowPasswordConfirmation(user), Succeeds());
  w_.limits.RecordWrongPassword(user);
  // The first failure (40 s ago) leaves the window in 900 − 40 s.
  ExpectLimited(w_.limits.AllowPasswordConfirmation(user), kFailed, 900 - 40);
  EXPECT_THAT(w_.limits.AllowPasswordConfirmation("someone-else"), Succeeds());
  w_.clock.Advance(900 - 40);
  EXPECT_THAT(w_.limits.AllowPasswordConfirmation(user), Succeeds());
}

TEST_F(AbuseLimitsTest, ResetPasswordFailuresClearsTheBudget) {
  for (int i = 0; i < 5; ++i) {
    w_.limits.RecordWrongPassword("u1");
  }
  ASSERT_THAT(w_.limits.AllowPasswordConfirmation("u1"),
              FailsWith(Errc::kResourceExhausted, "rate_limited"));
  w_.limits.ResetPasswordFailures("u1");
  EXPECT_THAT(w_.limits.AllowPasswordConfirmation("u1"), Succeeds());
}

// --- check-email ------------------------------------------------------------------------------

TEST_F(AbuseLimitsTest, TenEmailChecksPerMinutePerIpAndPerUser) {
  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(w_.limits.AllowEmailCheck(kIp, ""), Succeeds());
  }
  ExpectLimited(w_.limits.AllowEmailCheck(kIp, ""), kGeneric, 60);
  for (int i = 0; i < 10; ++i) {
    ASSERT_THAT(w_.limits.AllowEmailCheck("192.0.2." + std::to_string(i), "u1"), Succeeds());
  }
  ExpectLimited(w_.limits.AllowEmailCheck("192.0.2.50", "u1"), kGeneric, 60);
}

// --- the error helpers ------------------------------------------------------------------------

TEST(AbuseLimitErrorsTest, TooManyRequestsAndOtpLockedCarryRetryAfterOfAtLeastOne) {
  Result<> generic = TooManyRequests(0);
  ExpectLimited(generic, kGeneric, 1);
  Result<> locked = OtpLocked(42);
  ASSERT_THAT(locked, FailsWith(Errc::kResourceExhausted, "otp_locked"));
  EXPECT_EQ(locked.error().public_message, "Too many attempts; request a new code");
  EXPECT_EQ(locked.error().retry_after_seconds, 42);
  EXPECT_EQ(Result<>(OtpLocked(-5)).error().retry_after_seconds, 1);
}

}  // namespace
}  // namespace clockko::auth
