#include "auth/token_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakeOp;
using ::clockko::testing::kExpireMinutes;
using ::clockko::testing::kLeewaySeconds;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const RequestMeta kMeta{"192.0.2.9", "req-token"};

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { ann_ = w_.Seed(TestUser(1, "ann@example.com")); }

  Result<Principal> Auth(std::string_view token) { return w_.tokens.Authenticate(token, kMeta); }

  // Expects the uniform 401 of API.md §1.8 and one new token_rejected event.
  void ExpectRejected(std::string_view token, std::string_view code,
                      const std::optional<std::string>& user_id) {
    const std::size_t events_before = w_.db.SecurityEvents().size();
    Result<Principal> r = Auth(token);
    ASSERT_THAT(r, FailsWith(Errc::kUnauthenticated, std::string(code)));
    EXPECT_EQ(r.error().public_message, "Invalid credentials");
    const std::vector<store::SecurityEvent> events = w_.db.SecurityEvents();
    ASSERT_EQ(events.size(), events_before + 1);
    EXPECT_EQ(events.back().event, "token_rejected");
    EXPECT_EQ(events.back().user_id, user_id);
    EXPECT_EQ(events.back().client_ip, "192.0.2.9");
    EXPECT_EQ(events.back().request_id, "req-token");
    EXPECT_FALSE(events.back().detail.empty());  // the reason, for the operator
    if (!token.empty()) {
      EXPECT_EQ(events.back().detail.find(std::string(token)), std::string::npos);  // no token
    }
  }

  ServiceWorld w_;
  store::UserRecord ann_;
};

TEST_F(TokenServiceTest, AcceptsAFreshToken) {
  const IssuedToken token = w_.tokens.Issue(ann_);

  Result<Principal> p = Auth(token.access_token);

  ASSERT_THAT(p, Succeeds());
  EXPECT_EQ(p->user.id, ann_.id);
  EXPECT_EQ(p->user.email, "ann@example.com");
  EXPECT_EQ(p->claims.jti, token.claims.jti);
  EXPECT_EQ(p->claims.ver, 0);
  EXPECT_THAT(w_.db.SecurityEventNames(), IsEmpty());
}

TEST_F(TokenServiceTest, IssueUsesClockAndExpiry) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  EXPECT_EQ(token.claims.sub, ann_.id);
  EXPECT_EQ(token.claims.iat, w_.clock.Now().unix_seconds());
  EXPECT_EQ(token.claims.exp, token.claims.iat + kExpireMinutes * 60);
  EXPECT_EQ(token.claims.jti.size(), 32u);
}

TEST_F(TokenServiceTest, LoggedOutTokenIsRejected) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  Result<Principal> p = Auth(token.access_token);
  ASSERT_THAT(p, Succeeds());

  ASSERT_THAT(w_.tokens.Logout(*p, kMeta), Succeeds());

  EXPECT_TRUE(w_.db.IsRevoked(token.claims.jti));
  ExpectRejected(token.access_token, "invalid_token", ann_.id);
  // Logout is idempotent.
  EXPECT_THAT(w_.tokens.Logout(*p, kMeta), Succeeds());
}

TEST_F(TokenServiceTest, LogoutRevokesOnlyThatToken) {
  const IssuedToken first = w_.tokens.Issue(ann_);
  const IssuedToken second = w_.tokens.Issue(ann_);
  Result<Principal> p = Auth(first.access_token);
  ASSERT_THAT(p, Succeeds());
  ASSERT_THAT(w_.tokens.Logout(*p, kMeta), Succeeds());

  EXPECT_THAT(Auth(second.access_token), Succeeds());
}

TEST_F(TokenServiceTest, LogoutAllRejectsEveryTokenOfTheUser) {
  const IssuedToken first = w_.tokens.Issue(ann_);
  const IssuedToken second = w_.tokens.Issue(ann_);
  Result<Principal> p = Auth(first.access_token);
  ASSERT_THAT(p, Succeeds());

  ASSERT_THAT(w_.tokens.LogoutAll(*p, kMeta), Succeeds());

  EXPECT_EQ(w_.db.UserById(ann_.id)->token_version, 1);
  ExpectRejected(first.access_token, "invalid_token", ann_.id);
  ExpectRejected(second.access_token, "invalid_token", ann_.id);
  // A token issued afterwards carries the new version and works.
  EXPECT_THAT(Auth(w_.tokens.Issue(*w_.db.UserById(ann_.id)).access_token), Succeeds());
}

TEST_F(TokenServiceTest, LogoutAndLogoutAllAreAudited) {
  Result<Principal> p = Auth(w_.tokens.Issue(ann_).access_token);
  ASSERT_THAT(p, Succeeds());
  ASSERT_THAT(w_.tokens.Logout(*p, kMeta), Succeeds());
  ASSERT_THAT(w_.tokens.LogoutAll(*p, kMeta), Succeeds());
  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("logout", "logout_all"));
}

TEST_F(TokenServiceTest, DisabledUserIsRejected) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  store::UserRecord disabled = ann_;
  disabled.is_active = false;
  w_.db.PutUserUnchecked(disabled);  // token_version untouched: only is_active decides

  ExpectRejected(token.access_token, "invalid_token", ann_.id);
}

TEST_F(TokenServiceTest, DeletedUserIsRejected) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  ASSERT_THAT(w_.db.Run(store::TxMode::kWrite,
                        [&](store::Transaction& tx) -> Result<> {
                          Result<bool> gone = tx.users().Delete(ann_.id);
                          if (!gone) {
                            return Forward(gone.error());
                          }
                          return {};
                        }),
              Succeeds());

  ExpectRejected(token.access_token, "invalid_token", std::nullopt);
}

TEST_F(TokenServiceTest, ExpiryHonoursTheLeeway) {
  const IssuedToken token = w_.tokens.Issue(ann_);

  w_.clock.Advance(kExpireMinutes * 60 + kLeewaySeconds - 1);
  EXPECT_THAT(Auth(token.access_token), Succeeds());

  w_.clock.Advance(1);
  ExpectRejected(token.access_token, "token_expired", std::nullopt);
}

TEST_F(TokenServiceTest, MalformedOrForeignTokensAreRejected) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  crypto::JwtCodec other_key("another-key-entirely", {}, kLeewaySeconds);
  const std::string foreign = other_key.Sign(token.claims);
  std::string tampered = token.access_token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';

  for (const std::string& bad :
       {std::string("garbage"), std::string("a.b.c"), foreign, tampered, std::string()}) {
    SCOPED_TRACE(bad);
    ExpectRejected(bad, "invalid_token", std::nullopt);
  }
}

TEST_F(TokenServiceTest, OutdatedVersionIsRejected) {
  store::UserRecord bumped = ann_;
  bumped.token_version = 3;
  const IssuedToken old_token = w_.tokens.Issue(ann_);  // ver 0
  w_.db.PutUserUnchecked(bumped);

  ExpectRejected(old_token.access_token, "invalid_token", ann_.id);
  EXPECT_THAT(Auth(w_.tokens.Issue(bumped).access_token), Succeeds());
}

TEST_F(TokenServiceTest, StoreUnavailableIsNotAnInvalidToken) {
  const IssuedToken token = w_.tokens.Issue(ann_);
  w_.db.FailNext(FakeOp::kIsRevoked);
  EXPECT_THAT(Auth(token.access_token), FailsWith(Errc::kUnavailable));
  EXPECT_THAT(w_.db.SecurityEventNames(), IsEmpty());
}

TEST_F(TokenServiceTest, FailedLogoutRevokesNothing) {
  Result<Principal> p = Auth(w_.tokens.Issue(ann_).access_token);
  ASSERT_THAT(p, Succeeds());
  w_.db.FailNext(FakeOp::kSecurityEventAppend);

  EXPECT_THAT(w_.tokens.Logout(*p, kMeta), FailsWith(Errc::kUnavailable));
  EXPECT_EQ(w_.db.RevokedCount(), 0u);  // the revocation rolled back with the audit row
}

TEST_F(TokenServiceTest, LogoutAllOfAVanishedUserIsNotFound) {
  Result<Principal> p = Auth(w_.tokens.Issue(ann_).access_token);
  ASSERT_THAT(p, Succeeds());
  Principal ghost = *p;
  ghost.user.id = ::clockko::testing::TestUserId(99);
  EXPECT_THAT(w_.tokens.LogoutAll(ghost, kMeta), FailsWith(Errc::kNotFound));
}

}  // namespace
}  // namespace clockko::auth
