// PasswordChangeService (API.md §5.2): the check order and its exact errors, and the session
// outcome: the new token works and is recently authenticated, the calling token is carried over,
// every other token dies. FakeClock only.
#include "auth/password_change_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakePasswordHasher;
using ::clockko::testing::MustEmail;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const RequestMeta kMeta{"203.0.113.70", "req-change"};
constexpr char kCurrent[] = "correct horse battery";
constexpr char kNew[] = "a much better secret 9";

class PasswordChangeServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_ = w_.Seed(TestUser(1, "ann@example.com", kCurrent));
    caller_token_ = w_.tokens.Issue(ann_);
    Result<Principal> p = w_.tokens.Authenticate(caller_token_.access_token, kMeta);
    ASSERT_THAT(p, Succeeds());
    caller_ = *p;
  }

  Result<IssuedToken> Change(std::string_view current, std::string_view next) {
    return w_.password_change.ChangePassword(caller_, current, next, kMeta);
  }

  // Expects `r` to fail with exactly this error and nothing to have changed.
  void ExpectRefused(const Result<IssuedToken>& r, Errc errc, std::string_view code,
                     std::string_view message) {
    ASSERT_THAT(r, FailsWith(errc, std::string(code)));
    EXPECT_EQ(r.error().public_message, message);
    const store::UserRecord stored = *w_.db.UserById(ann_.id);
    EXPECT_EQ(stored.password_hash, FakePasswordHasher::HashOf(kCurrent));
    EXPECT_EQ(stored.token_version, ann_.token_version);
    EXPECT_THAT(w_.db.Outbox(), IsEmpty());
    EXPECT_THAT(w_.tokens.Authenticate(caller_token_.access_token, kMeta), Succeeds());
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  IssuedToken caller_token_;
  Principal caller_;
};

TEST_F(PasswordChangeServiceTest, AWrongCurrentPasswordIsIncorrectPassword) {
  ExpectRefused(Change("not my password", kNew), Errc::kFailedPrecondition, "incorrect_password",
                "Current password is incorrect");
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_confirmation_failed"));
}

TEST_F(PasswordChangeServiceTest, WrongCurrentPasswordsAreCountedLikeConfirmations) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_THAT(Change("wrong " + std::to_string(i), kNew),
                FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  }
  Result<IssuedToken> limited = Change(kCurrent, kNew);
  ASSERT_THAT(limited, FailsWith(Errc::kResourceExhausted, "rate_limited"));
  EXPECT_EQ(limited.error().public_message, "Too many failed attempts. Please try again later.");
  EXPECT_EQ(w_.db.UserById(ann_.id)->password_hash, FakePasswordHasher::HashOf(kCurrent));
  w_.clock.Advance(15 * 60);
  EXPECT_THAT(Change(kCurrent, kNew), Succeeds());
}

TEST_F(PasswordChangeServiceTest, TheSamePasswordIsPasswordUnchanged) {
  ExpectRefused(Change(kCurrent, kCurrent), Errc::kFailedPrecondition, "password_unchanged",
                "New password must be different from current password");
}

TEST_F(PasswordChangeServiceTest, TheCurrentPasswordIsCheckedBeforeSameness) {
  ExpectRefused(Change("not my password", "not my password"), Errc::kFailedPrecondition,
                "incorrect_password", "Current password is incorrect");
}

TEST_F(PasswordChangeServiceTest, ASevenCharacterPasswordIsA400WeakPassword) {
  ExpectRefused(Change(kCurrent, "abcdefg"), Errc::kFailedPrecondition, "weak_password",
                "New password must be at least 8 characters long");
}

TEST_F(PasswordChangeServiceTest, LengthCountsCodePointsNotBytes) {
  // 7 code points, 14 bytes: still too short.
  ExpectRefused(Change(kCurrent, "\xc3\xa4\xc3\xb6\xc3\xbc\xc3\x9f\xc3\xa9\xc3\xa8\xc3\xa0"),
                Errc::kFailedPrecondition, "weak_password",
                "New password must be at least 8 characters long");
}

TEST_F(PasswordChangeServiceTest, ACommonPasswordIsA422WeakPassword) {
  Result<IssuedToken> r = Change(kCurrent, "password1");
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "weak_password"));
  EXPECT_EQ(w_.db.UserById(ann_.id)->password_hash, FakePasswordHasher::HashOf(kCurrent));
  // So is the account's own address.
  EXPECT_THAT(Change(kCurrent, "ann@example.com"),
              FailsWith(Errc::kInvalidArgument, "weak_password"));
}

TEST_F(PasswordChangeServiceTest, SuccessCarriesTheCallerAndKillsEveryOtherToken) {
  const IssuedToken other = w_.tokens.Issue(ann_);  // another device, issued before
  ASSERT_THAT(w_.tokens.Authenticate(other.access_token, kMeta), Succeeds());
  w_.clock.Advance(5);

  Result<IssuedToken> fresh = Change(kCurrent, kNew);
  ASSERT_THAT(fresh, Succeeds());

  const store::UserRecord stored = *w_.db.UserById(ann_.id);
  EXPECT_EQ(stored.password_hash, FakePasswordHasher::HashOf(kNew));
  EXPECT_EQ(stored.password_changed_at, w_.clock.Now());
  EXPECT_EQ(stored.token_version, ann_.token_version + 1);

  Result<Principal> by_fresh = w_.tokens.Authenticate(fresh->access_token, kMeta);
  ASSERT_THAT(by_fresh, Succeeds());
  EXPECT_EQ(by_fresh->user.id, ann_.id);
  EXPECT_EQ(fresh->claims.ver, stored.token_version);
  EXPECT_THAT(w_.tokens.Authenticate(caller_token_.access_token, kMeta), Succeeds());  // carried
  EXPECT_TRUE(w_.db.IsCarried(caller_token_.claims.jti));
  EXPECT_THAT(w_.tokens.Authenticate(other.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));
}

TEST_F(PasswordChangeServiceTest, TheNewTokenIsRecentlyAuthenticated) {
  Result<IssuedToken> fresh = Change(kCurrent, kNew);
  ASSERT_THAT(fresh, Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(fresh->claims.jti), w_.clock.Now().PlusSeconds(10 * 60));
  Result<Principal> p = w_.tokens.Authenticate(fresh->access_token, kMeta);
  ASSERT_THAT(p, Succeeds());
  EXPECT_THAT(w_.reauth.RequireRecentAuth(*p, std::nullopt, kMeta), Succeeds());
  // Checking the current password does not mark the caller's own session.
  EXPECT_FALSE(w_.db.RecentAuthUntil(caller_token_.claims.jti).has_value());
}

TEST_F(PasswordChangeServiceTest, SuccessQueuesTheNoticeAndDeletesPendingResetCredentials) {
  ASSERT_THAT(w_.password_reset.ForgotPassword(MustEmail("ann@example.com"), kMeta), Succeeds());
  ASSERT_TRUE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
  ASSERT_THAT(w_.db.LinkTokens(), SizeIs(1));

  ASSERT_THAT(Change(kCurrent, kNew), Succeeds());

  EXPECT_FALSE(w_.db.CodeOf(ann_.id, "reset_password").has_value());
  EXPECT_THAT(w_.db.LinkTokens(), IsEmpty());
  const std::vector<store::OutboxMail> outbox = w_.db.Outbox();
  ASSERT_THAT(outbox, SizeIs(2));
  EXPECT_EQ(outbox[1].kind, "password_changed");
  EXPECT_EQ(outbox[1].recipient, "ann@example.com");
  EXPECT_EQ(outbox[1].user_id, ann_.id);
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("password_changed"));
}

TEST_F(PasswordChangeServiceTest, AnAccountWithoutPasswordCannotChangeIt) {
  store::UserRecord google = TestUser(2, "g@example.com");
  google.password_hash.reset();
  w_.Seed(google);
  Result<Principal> p = w_.tokens.Authenticate(w_.tokens.Issue(google).access_token, kMeta);
  ASSERT_THAT(p, Succeeds());
  Result<IssuedToken> r = w_.password_change.ChangePassword(*p, "", kNew, kMeta);
  ASSERT_THAT(r, FailsWith(Errc::kFailedPrecondition, "incorrect_password"));
  EXPECT_EQ(r.error().public_message, "Current password is incorrect");
  EXPECT_FALSE(w_.db.UserById(google.id)->password_hash.has_value());
}

}  // namespace
}  // namespace clockko::auth
