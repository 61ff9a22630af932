// ReauthService (API.md §1.9, §5.1): verify-password marks the calling session for the window,
// wrong passwords are counted (5 per 15 min), and logout / logout-all drop the marks. FakeClock
// only.
#include "auth/reauth_service.hpp"

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
using ::clockko::testing::TestUser;
using ::testing::Contains;
using ::testing::Not;

const RequestMeta kMeta{"203.0.113.90", "req-reauth"};
constexpr char kPassword[] = "correct horse battery";

class ReauthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_ = w_.Seed(TestUser(1, "ann@example.com", kPassword));
    token_ = w_.tokens.Issue(ann_);
    caller_ = Auth(token_.access_token);
  }

  Principal Auth(const std::string& token) {
    Result<Principal> p = w_.tokens.Authenticate(token, kMeta);
    EXPECT_THAT(p, Succeeds());
    return p ? *p : Principal{};
  }
  Result<> Require(const Principal& p) {
    return w_.reauth.RequireRecentAuth(p, std::nullopt, kMeta);
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  IssuedToken token_;
  Principal caller_;
};

TEST_F(ReauthServiceTest, VerifyPasswordMarksTheSessionForTheWindow) {
  ASSERT_THAT(Require(caller_), FailsWith(Errc::kPermissionDenied, "reauth_required"));
  ASSERT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(token_.claims.jti), w_.clock.Now().PlusSeconds(10 * 60));
  EXPECT_EQ(w_.reauth.WindowEnd(), w_.clock.Now().PlusSeconds(10 * 60));
  EXPECT_THAT(Require(caller_), Succeeds());
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_confirmed"));
  Result<std::optional<Timestamp>> until = w_.tokens.RecentAuthUntil(caller_);
  ASSERT_THAT(until, Succeeds());
  EXPECT_EQ(*until, w_.clock.Now().PlusSeconds(10 * 60));

  w_.clock.Advance(10 * 60 - 1);
  EXPECT_THAT(Require(caller_), Succeeds());
  w_.clock.Advance(1);
  EXPECT_THAT(Require(caller_), FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

TEST_F(ReauthServiceTest, TheWindowFollowsReauthWindowMinutes) {
  ServiceWorldOptions options;
  options.reauth_window_minutes = 3;
  ServiceWorld w(options);
  const store::UserRecord bob = w.Seed(TestUser(2, "bob@example.com", kPassword));
  const IssuedToken t = w.tokens.Issue(bob);
  Result<Principal> p = w.tokens.Authenticate(t.access_token, kMeta);
  ASSERT_THAT(p, Succeeds());
  ASSERT_THAT(w.reauth.VerifyPassword(*p, kPassword, kMeta), Succeeds());
  EXPECT_EQ(w.db.RecentAuthUntil(t.claims.jti), w.clock.Now().PlusSeconds(3 * 60));
}

TEST_F(ReauthServiceTest, AWrongPasswordIsIncorrectPasswordAndMarksNothing) {
  Result<> r = w_.reauth.VerifyPassword(caller_, "nope nope nope", kMeta);
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(r.error().public_message, "Incorrect password");
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_confirmation_failed"));
  EXPECT_THAT(w_.db.SecurityEventNames(), Not(Contains("password_confirmed")));
  // The message can be the caller's (2FA endpoints say "Invalid password").
  Result<> custom = w_.reauth.VerifyPassword(caller_, "nope", kMeta, "Invalid password");
  ASSERT_THAT(custom, FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(custom.error().public_message, "Invalid password");
}

TEST_F(ReauthServiceTest, FiveWrongPasswordsPerFifteenMinutesThenEvenTheRightOneIsLimited) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(w_.reauth.VerifyPassword(caller_, "wrong " + std::to_string(i), kMeta),
                FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  }
  Result<> limited = w_.reauth.VerifyPassword(caller_, kPassword, kMeta);
  ASSERT_THAT(limited, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(limited.error().public_message, "Too many failed attempts. Please try again later.");
  EXPECT_EQ(limited.error().retry_after_seconds, 15 * 60);
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  // A password field on a gated request is counted with the same budget.
  EXPECT_THAT(w_.reauth.RequireRecentAuth(caller_, std::string(kPassword), kMeta),
              FailsWith(Errc::kResourceExhausted, "rate_limited"));
  w_.clock.Advance(15 * 60);
  EXPECT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
}

TEST_F(ReauthServiceTest, AnAccountWithoutPasswordCannotConfirmButCostsOneVerification) {
  store::UserRecord google = TestUser(2, "g@example.com");
  google.password_hash.reset();
  w_.Seed(google);
  const Principal p = Auth(w_.tokens.Issue(google).access_token);
  const int verifies_before = w_.hasher.verify_calls();
  EXPECT_THAT(w_.reauth.VerifyPassword(p, "", kMeta),
              FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_THAT(w_.reauth.VerifyPassword(p, "anything at all", kMeta),
              FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(w_.hasher.verify_calls(), verifies_before + 2);
}

TEST_F(ReauthServiceTest, ConfirmPasswordChecksWithoutMarking) {
  EXPECT_THAT(w_.reauth.ConfirmPassword(ann_, kPassword, kMeta, "x"), Succeeds());
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  Result<> wrong = w_.reauth.ConfirmPassword(ann_, "bad", kMeta, "Current password is incorrect");
  ASSERT_THAT(wrong, FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(wrong.error().public_message, "Current password is incorrect");
}

TEST_F(ReauthServiceTest, RequireRecentAuthWithACorrectPasswordMarks) {
  EXPECT_THAT(w_.reauth.RequireRecentAuth(caller_, std::string(kPassword), kMeta), Succeeds());
  EXPECT_THAT(Require(caller_), Succeeds());
  EXPECT_THAT(w_.reauth.RequireRecentAuth(caller_, std::string("bad"), kMeta),
              FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
}

TEST_F(ReauthServiceTest, AMarkIsPerSessionNotPerUser) {
  const Principal other = Auth(w_.tokens.Issue(ann_).access_token);
  ASSERT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
  EXPECT_THAT(Require(caller_), Succeeds());
  EXPECT_THAT(Require(other), FailsWith(Errc::kPermissionDenied, "reauth_required"));
}

TEST_F(ReauthServiceTest, LogoutDropsTheSessionsMark) {
  const IssuedToken other_token = w_.tokens.Issue(ann_);
  const Principal other = Auth(other_token.access_token);
  ASSERT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
  ASSERT_THAT(w_.reauth.VerifyPassword(other, kPassword, kMeta), Succeeds());
  ASSERT_THAT(w_.tokens.Logout(caller_, kMeta), Succeeds());
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  EXPECT_TRUE(w_.db.RecentAuthUntil(other_token.claims.jti).has_value());  // only that session
  EXPECT_THAT(w_.tokens.Authenticate(token_.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));
}

TEST_F(ReauthServiceTest, LogoutAllDropsEveryMarkOfTheUser) {
  const IssuedToken other_token = w_.tokens.Issue(ann_);
  const Principal other = Auth(other_token.access_token);
  ASSERT_THAT(w_.reauth.VerifyPassword(caller_, kPassword, kMeta), Succeeds());
  ASSERT_THAT(w_.reauth.VerifyPassword(other, kPassword, kMeta), Succeeds());
  ASSERT_THAT(w_.tokens.LogoutAll(caller_, kMeta), Succeeds());
  EXPECT_FALSE(w_.db.RecentAuthUntil(token_.claims.jti).has_value());
  EXPECT_FALSE(w_.db.RecentAuthUntil(other_token.claims.jti).has_value());
}

}  // namespace
}  // namespace clockko::auth
