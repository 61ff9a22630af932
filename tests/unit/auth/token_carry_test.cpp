// TokenService carried tokens and recent-auth marks (API.md §1.8, §1.9): Reissue carries the
// calling token across its own token_version bump, a carried token is bound to its old `ver`, and
// logout / logout-all / password reset end carried sessions. FakeClock only.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "auth/token_service.hpp"
#include "support/mail_probe.hpp"
#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::kExpireMinutes;
using ::clockko::testing::kLeewaySeconds;
using ::clockko::testing::MustEmail;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;

const RequestMeta kMeta{"203.0.113.95", "req-carry"};
constexpr char kPassword[] = "correct horse battery";

class TokenCarryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_ = w_.Seed(TestUser(1, "ann@example.com", kPassword));
    a_ = w_.tokens.Issue(ann_);
  }

  Result<Principal> Auth(const IssuedToken& t) {
    return w_.tokens.Authenticate(t.access_token, kMeta);
  }
  Principal MustAuth(const IssuedToken& t) {
    Result<Principal> p = Auth(t);
    EXPECT_THAT(p, Succeeds());
    return p ? *p : Principal{};
  }
  void ExpectRefused(const IssuedToken& t) {
    EXPECT_THAT(Auth(t), FailsWith(Errc::kUnauthenticated, "invalid_token"));
  }

  // Bumps ann's token_version and reissues for `caller` in one transaction, like a service does.
  Result<IssuedToken> BumpAndReissue(const Principal& caller,
                                     std::optional<Timestamp> mark = std::nullopt) {
    return store::Transact<IssuedToken>(
        w_.db, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<IssuedToken> {
          Result<std::int64_t> v = tx.users().BumpTokenVersion(ann_.id);
          if (!v) {
            return Forward(std::move(v.error()));
          }
          store::UserRecord user = caller.user;
          user.token_version = *v;
          return w_.tokens.Reissue(tx, caller, user, mark);
        });
  }

  Result<IssuedToken> ChangePassword(const Principal& caller, std::string_view from,
                                     std::string_view to) {
    return w_.password_change.ChangePassword(caller, from, to, kMeta);
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  IssuedToken a_;
};

TEST_F(TokenCarryTest, ReissueCarriesTheCallerAndIssuesAtTheNewVersion) {
  const IssuedToken b = w_.tokens.Issue(ann_);
  Result<IssuedToken> fresh = BumpAndReissue(MustAuth(a_));
  ASSERT_THAT(fresh, Succeeds());
  EXPECT_EQ(fresh->claims.ver, ann_.token_version + 1);
  EXPECT_NE(fresh->claims.jti, a_.claims.jti);
  EXPECT_TRUE(w_.db.IsCarried(a_.claims.jti));
  EXPECT_FALSE(w_.db.IsCarried(b.claims.jti));
  EXPECT_THAT(Auth(a_), Succeeds());
  EXPECT_THAT(Auth(*fresh), Succeeds());
  ExpectRefused(b);
  // Without `mark_until` the fresh session is not recently authenticated.
  EXPECT_FALSE(w_.db.RecentAuthUntil(fresh->claims.jti).has_value());
}

TEST_F(TokenCarryTest, ReissueWithAMarkMarksTheFreshSession) {
  const Timestamp until = w_.clock.Now().PlusSeconds(123);
  Result<IssuedToken> fresh = BumpAndReissue(MustAuth(a_), until);
  ASSERT_THAT(fresh, Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(fresh->claims.jti), until);
  EXPECT_FALSE(w_.db.RecentAuthUntil(a_.claims.jti).has_value());
}

TEST_F(TokenCarryTest, MarkRecentAuthAndRecentAuthUntilRoundTrip) {
  const Principal p = MustAuth(a_);
  Result<std::optional<Timestamp>> none = w_.tokens.RecentAuthUntil(p);
  ASSERT_THAT(none, Succeeds());
  EXPECT_FALSE(none->has_value());
  const Timestamp until = w_.clock.Now().PlusSeconds(600);
  ASSERT_THAT(w_.db.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) {
                          return w_.tokens.MarkRecentAuth(tx, p.claims, until);
                        }),
              Succeeds());
  Result<std::optional<Timestamp>> some = w_.tokens.RecentAuthUntil(p);
  ASSERT_THAT(some, Succeeds());
  EXPECT_EQ(*some, until);
}

TEST_F(TokenCarryTest, ACarriedTokenLivesUntilItsOwnExpiryOnly) {
  ASSERT_THAT(BumpAndReissue(MustAuth(a_)), Succeeds());
  w_.clock.Advance(kExpireMinutes * 60 + kLeewaySeconds - 1);
  EXPECT_THAT(Auth(a_), Succeeds());
  w_.clock.Advance(1);
  EXPECT_THAT(Auth(a_), FailsWith(Errc::kUnauthenticated, "token_expired"));
}

TEST_F(TokenCarryTest, ACarriedTokenIsBoundToItsOldVersion) {
  // A forged carry record for another version does not help.
  ASSERT_THAT(w_.db.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) {
                          return tx.session_marks().CarryToken(
                              a_.claims.jti, ann_.id, a_.claims.ver + 7,
                              Timestamp::FromUnixSeconds(a_.claims.exp));
                        }),
              Succeeds());
  ASSERT_THAT(w_.db.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) -> Result<> {
                          Result<std::int64_t> v = tx.users().BumpTokenVersion(ann_.id);
                          return v ? Result<>() : Forward(std::move(v.error()));
                        }),
              Succeeds());
  ExpectRefused(a_);
}

TEST_F(TokenCarryTest, PasswordChangeCarriesTheCallerAcrossRepeatedChanges) {
  Result<IssuedToken> b = ChangePassword(MustAuth(a_), kPassword, "second secret 22");
  ASSERT_THAT(b, Succeeds());
  Result<IssuedToken> c = ChangePassword(MustAuth(a_), "second secret 22", "third secret 333");
  ASSERT_THAT(c, Succeeds());
  EXPECT_THAT(Auth(a_), Succeeds());  // the same browser keeps working
  EXPECT_THAT(Auth(*c), Succeeds());
  ExpectRefused(*b);  // the token from the first change is "another token" now
}

// API.md §1.8: a password change by one session kills every OTHER token of the user — including
// a token that an earlier change by another session had carried over.
TEST_F(TokenCarryTest, AnotherSessionsPasswordChangeKillsAnEarlierCarriedToken) {
  ASSERT_THAT(ChangePassword(MustAuth(a_), kPassword, "second secret 22"), Succeeds());
  ASSERT_THAT(Auth(a_), Succeeds());  // carried over its own change
  Result<IssuedToken> c = w_.login.Login(MustEmail("ann@example.com"), "second secret 22", kMeta);
  ASSERT_THAT(c, Succeeds());
  ASSERT_THAT(ChangePassword(MustAuth(*c), "second secret 22", "third secret 333"), Succeeds());
  EXPECT_THAT(Auth(*c), Succeeds());  // the caller of the second change is carried
  ExpectRefused(a_);
}

TEST_F(TokenCarryTest, AnotherSessionsEmailChangeKillsAnEarlierCarriedToken) {
  ASSERT_THAT(ChangePassword(MustAuth(a_), kPassword, "second secret 22"), Succeeds());
  Result<IssuedToken> c = w_.login.Login(MustEmail("ann@example.com"), "second secret 22", kMeta);
  ASSERT_THAT(c, Succeeds());
  const Principal pc = MustAuth(*c);  // recently authenticated by the login
  ASSERT_THAT(w_.email_change.SendCode(pc, MustEmail("ann.new@example.org"), std::nullopt, kMeta),
              Succeeds());
  const std::optional<std::string> code = testing::CodeIn(w_.db.Outbox().back());
  ASSERT_TRUE(code.has_value()) << w_.db.Outbox().back().text_body;
  ASSERT_THAT(
      w_.email_change.ChangeEmail(pc, MustEmail("ann.new@example.org"), *code, std::nullopt, kMeta),
      Succeeds());
  EXPECT_THAT(Auth(*c), Succeeds());
  ExpectRefused(a_);
}

TEST_F(TokenCarryTest, LogoutAllKillsCarriedTokensToo) {
  Result<IssuedToken> fresh = ChangePassword(MustAuth(a_), kPassword, "second secret 22");
  ASSERT_THAT(fresh, Succeeds());
  ASSERT_THAT(Auth(a_), Succeeds());
  ASSERT_THAT(w_.tokens.LogoutAll(MustAuth(a_), kMeta), Succeeds());
  ExpectRefused(a_);
  ExpectRefused(*fresh);
  EXPECT_FALSE(w_.db.IsCarried(a_.claims.jti));
  EXPECT_FALSE(w_.db.RecentAuthUntil(fresh->claims.jti).has_value());
}

TEST_F(TokenCarryTest, LogoutOfACarriedTokenRevokesIt) {
  Result<IssuedToken> fresh = ChangePassword(MustAuth(a_), kPassword, "second secret 22");
  ASSERT_THAT(fresh, Succeeds());
  ASSERT_THAT(w_.tokens.Logout(MustAuth(a_), kMeta), Succeeds());
  ExpectRefused(a_);
  EXPECT_THAT(Auth(*fresh), Succeeds());
}

TEST_F(TokenCarryTest, APasswordResetEndsCarriedSessions) {
  ASSERT_THAT(ChangePassword(MustAuth(a_), kPassword, "second secret 22"), Succeeds());
  ASSERT_THAT(w_.password_reset.ForgotPassword(MustEmail("ann@example.com"), kMeta), Succeeds());
  const std::optional<std::string> code = testing::CodeIn(w_.db.Outbox().back());
  ASSERT_TRUE(code.has_value()) << w_.db.Outbox().back().text_body;
  ResetRequest r;
  r.email = MustEmail("ann@example.com");
  r.otp = *code;
  r.new_password = "after reset secret 4";
  ASSERT_THAT(w_.password_reset.ResetPassword(r, kMeta), Succeeds());
  ExpectRefused(a_);
}

TEST_F(TokenCarryTest, DisablingTheUserEndsCarriedSessions) {
  ASSERT_THAT(ChangePassword(MustAuth(a_), kPassword, "second secret 22"), Succeeds());
  store::UserRecord disabled = *w_.db.UserById(ann_.id);
  disabled.is_active = false;
  w_.db.PutUserUnchecked(disabled);
  ExpectRefused(a_);
}

TEST_F(TokenCarryTest, AnInteractiveLoginIsRecentlyAuthenticated) {
  Result<IssuedToken> t = w_.login.Login(MustEmail("ann@example.com"), kPassword, kMeta);
  ASSERT_THAT(t, Succeeds());
  EXPECT_EQ(w_.db.RecentAuthUntil(t->claims.jti), w_.clock.Now().PlusSeconds(10 * 60));
  const Principal p = MustAuth(*t);
  EXPECT_THAT(w_.reauth.RequireRecentAuth(p, std::nullopt, kMeta), Succeeds());
}

}  // namespace
}  // namespace clockko::auth
