#include "auth/login_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakePasswordHasher;
using ::clockko::testing::kExpireMinutes;
using ::clockko::testing::MustEmail;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::ServiceWorldOptions;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kPassword[] = "correct horse battery";
const RequestMeta kMeta{"198.51.100.4", "req-login"};

class LoginServiceTest : public ::testing::Test {
 protected:
  Result<IssuedToken> Login(std::string_view email, std::string_view password) {
    return w_.login.Login(MustEmail(email), password, kMeta);
  }

  ServiceWorld w_;
};

TEST_F(LoginServiceTest, SuccessIssuesAVerifiableTokenAtTheCurrentVersion) {
  store::UserRecord ann = TestUser(1, "ann@example.com", kPassword);
  ann.token_version = 7;
  w_.Seed(ann);

  Result<IssuedToken> token = Login("ann@example.com", kPassword);

  ASSERT_THAT(token, Succeeds());
  Result<crypto::AccessClaims> claims = w_.codec.Verify(token->access_token, w_.clock.Now());
  ASSERT_THAT(claims, Succeeds());
  EXPECT_EQ(claims->sub, ann.id);
  EXPECT_EQ(claims->ver, 7);
  EXPECT_EQ(claims->iat, w_.clock.Now().unix_seconds());
  EXPECT_EQ(claims->exp - claims->iat, kExpireMinutes * 60);
  EXPECT_EQ(claims->jti.size(), 32u);
  EXPECT_EQ(claims->jti, token->claims.jti);
  // The token authenticates against the store (step 5 of API.md §1.8).
  EXPECT_THAT(w_.tokens.Authenticate(token->access_token, kMeta), Succeeds());
  EXPECT_THAT(w_.db.SecurityEventNames(), Contains("login_succeeded"));
  EXPECT_EQ(w_.hasher.verify_calls(), 1);
}

TEST_F(LoginServiceTest, AddressLookupIgnoresLetterCase) {
  w_.Seed(TestUser(1, "Ann.Lee@example.com", kPassword));
  EXPECT_THAT(Login("ANN.LEE@EXAMPLE.COM", kPassword), Succeeds());
}

TEST_F(LoginServiceTest, TwoLoginsGetDifferentTokenIds) {
  w_.Seed(TestUser(1, "ann@example.com", kPassword));
  Result<IssuedToken> a = Login("ann@example.com", kPassword);
  Result<IssuedToken> b = Login("ann@example.com", kPassword);
  ASSERT_THAT(a, Succeeds());
  ASSERT_THAT(b, Succeeds());
  EXPECT_NE(a->claims.jti, b->claims.jti);
}

TEST_F(LoginServiceTest, UnknownAddressAndWrongPasswordAreIndistinguishable) {
  w_.Seed(TestUser(1, "ann@example.com", kPassword));

  w_.hasher.ResetCounts();
  Result<IssuedToken> unknown = Login("bob@example.com", "guess guess");
  const int unknown_verifies = w_.hasher.verify_calls();

  w_.hasher.ResetCounts();
  Result<IssuedToken> wrong = Login("ann@example.com", "guess guess");
  const int wrong_verifies = w_.hasher.verify_calls();

  EXPECT_THAT(unknown, FailsWith(Errc::kUnauthenticated, "invalid_credentials"));
  EXPECT_THAT(wrong, FailsWith(Errc::kUnauthenticated, "invalid_credentials"));
  EXPECT_EQ(unknown.error().public_message, "Incorrect email or password");
  EXPECT_EQ(unknown.error().public_message, wrong.error().public_message);
  EXPECT_EQ(unknown.error().detail, wrong.error().detail);
  // The same work in both cases: exactly one (dummy or real) verification.
  EXPECT_EQ(unknown_verifies, 1);
  EXPECT_EQ(wrong_verifies, 1);
}

TEST_F(LoginServiceTest, AccountWithoutPasswordGetsTheSame401AfterOneVerification) {
  store::UserRecord google_only = TestUser(1, "ann@example.com");
  google_only.password_hash.reset();
  w_.Seed(google_only);
  store::UserRecord empty_hash = TestUser(2, "bob@example.com");
  empty_hash.password_hash = "";
  w_.Seed(empty_hash);

  for (const char* email : {"ann@example.com", "bob@example.com"}) {
    SCOPED_TRACE(email);
    w_.hasher.ResetCounts();
    // Even the empty password must not match an absent hash.
    for (const char* password : {"", "anything at all"}) {
      Result<IssuedToken> r = Login(email, password);
      EXPECT_THAT(r, FailsWith(Errc::kUnauthenticated, "invalid_credentials"));
      EXPECT_EQ(r.error().public_message, "Incorrect email or password");
    }
    EXPECT_EQ(w_.hasher.verify_calls(), 2);
  }
}

TEST_F(LoginServiceTest, FailedLoginsAreAuditedWithMaskedAddress) {
  w_.Seed(TestUser(1, "ann@example.com", kPassword));
  ASSERT_THAT(Login("ann@example.com", "nope nope"), FailsWith(Errc::kUnauthenticated));
  ASSERT_THAT(Login("zed@example.com", "nope nope"), FailsWith(Errc::kUnauthenticated));

  const std::vector<store::SecurityEvent> events = w_.db.SecurityEvents();
  ASSERT_EQ(events.size(), 2u);
  for (const store::SecurityEvent& e : events) {
    EXPECT_EQ(e.event, "login_failed");
    EXPECT_EQ(e.client_ip, "198.51.100.4");
    EXPECT_EQ(e.request_id, "req-login");
    EXPECT_THAT(e.detail, Not(HasSubstr("ann@example.com")));
    EXPECT_THAT(e.detail, Not(HasSubstr("zed@example.com")));
    EXPECT_THAT(e.detail, Not(HasSubstr("nope")));  // never the password
  }
  EXPECT_EQ(events[0].user_id, TestUser(1, "ann@example.com").id);
  EXPECT_EQ(events[1].user_id, std::nullopt);
  EXPECT_THAT(events[1].detail, HasSubstr("z***@example.com"));
}

TEST_F(LoginServiceTest, DisabledAccountIsRefusedAfterTheRightPassword) {
  store::UserRecord ann = TestUser(1, "ann@example.com", kPassword);
  ann.is_active = false;
  w_.Seed(ann);

  Result<IssuedToken> r = Login("ann@example.com", kPassword);
  EXPECT_THAT(r, FailsWith(Errc::kFailedPrecondition, "account_disabled"));
  EXPECT_EQ(r.error().public_message, "Account is disabled");

  // A wrong password on a disabled account reveals nothing about its state.
  EXPECT_THAT(Login("ann@example.com", "wrong wrong"),
              FailsWith(Errc::kUnauthenticated, "invalid_credentials"));
}

TEST_F(LoginServiceTest, UnverifiedAddressPassesUnlessVerificationIsRequired) {
  store::UserRecord ann = TestUser(1, "ann@example.com", kPassword);
  ann.is_verified = false;
  w_.Seed(ann);
  EXPECT_THAT(Login("ann@example.com", kPassword), Succeeds());

  ServiceWorld strict(ServiceWorldOptions{.require_verified_email = true});
  strict.Seed(ann);
  Result<IssuedToken> r = strict.login.Login(MustEmail("ann@example.com"), kPassword, kMeta);
  EXPECT_THAT(r, FailsWith(Errc::kPermissionDenied, "email_not_verified"));
  EXPECT_EQ(r.error().public_message, "Email not verified");

  store::UserRecord bob = TestUser(2, "bob@example.com", kPassword);
  strict.Seed(bob);  // verified
  EXPECT_THAT(strict.login.Login(MustEmail("bob@example.com"), kPassword, kMeta), Succeeds());
}

TEST_F(LoginServiceTest, OutdatedHashIsRehashedAfterSuccessfulLogin) {
  store::UserRecord ann = TestUser(1, "ann@example.com");
  ann.password_hash = FakePasswordHasher::LegacyHashOf(kPassword);
  w_.Seed(ann);

  ASSERT_THAT(Login("ann@example.com", kPassword), Succeeds());

  EXPECT_EQ(w_.hasher.hash_calls(), 1);
  EXPECT_EQ(w_.db.UserById(ann.id)->password_hash, FakePasswordHasher::HashOf(kPassword));
  // The new hash works.
  EXPECT_THAT(Login("ann@example.com", kPassword), Succeeds());
  EXPECT_EQ(w_.hasher.hash_calls(), 1);  // no second rehash
}

TEST_F(LoginServiceTest, CurrentHashIsNotRehashedAndWrongPasswordNeverRehashes) {
  store::UserRecord ann = TestUser(1, "ann@example.com");
  ann.password_hash = FakePasswordHasher::LegacyHashOf(kPassword);
  w_.Seed(ann);
  w_.Seed(TestUser(2, "bob@example.com", kPassword));

  ASSERT_THAT(Login("ann@example.com", "wrong wrong"), FailsWith(Errc::kUnauthenticated));
  ASSERT_THAT(Login("bob@example.com", kPassword), Succeeds());

  EXPECT_EQ(w_.hasher.hash_calls(), 0);
  EXPECT_EQ(w_.db.UserById(ann.id)->password_hash, FakePasswordHasher::LegacyHashOf(kPassword));
}

TEST_F(LoginServiceTest, FailedRehashStillLogsIn) {
  store::UserRecord ann = TestUser(1, "ann@example.com");
  ann.password_hash = FakePasswordHasher::LegacyHashOf(kPassword);
  w_.Seed(ann);
  w_.hasher.FailHashWith(Internal("crypt failed").value());

  EXPECT_THAT(Login("ann@example.com", kPassword), Succeeds());
  EXPECT_EQ(w_.db.UserById(ann.id)->password_hash, FakePasswordHasher::LegacyHashOf(kPassword));
}

TEST_F(LoginServiceTest, StoreUnavailableIsForwardedNotDisguisedAsBadCredentials) {
  w_.Seed(TestUser(1, "ann@example.com", kPassword));
  w_.db.FailNextRun();
  EXPECT_THAT(Login("ann@example.com", kPassword), FailsWith(Errc::kUnavailable));
}

}  // namespace
}  // namespace clockko::auth
