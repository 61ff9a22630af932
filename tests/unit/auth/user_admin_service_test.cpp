#include "auth/user_admin_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::FakeOp;
using ::clockko::testing::HoldsValue;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::Succeeds;
using ::clockko::testing::TestUser;
using ::clockko::testing::TestUserId;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::SizeIs;

const RequestMeta kMeta{"192.0.2.5", "req-admin"};

class UserAdminServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ann_ = w_.Seed(TestUser(1, "Ann.Lee@example.com"));
    bob_ = w_.Seed(TestUser(2, "bob@example.com"));
  }

  ServiceWorld w_;
  store::UserRecord ann_;
  store::UserRecord bob_;
};

TEST_F(UserAdminServiceTest, FindsByIdOrCaseInsensitiveEmail) {
  EXPECT_THAT(w_.admin.Find(ann_.id), HoldsValue(Field(&store::UserRecord::id, ann_.id)));
  EXPECT_THAT(w_.admin.Find("ann.lee@example.com"),
              HoldsValue(Field(&store::UserRecord::id, ann_.id)));
  EXPECT_THAT(w_.admin.Find("ANN.LEE@EXAMPLE.COM"),
              HoldsValue(Field(&store::UserRecord::id, ann_.id)));
  EXPECT_THAT(w_.admin.Find(" bob@example.com "),
              HoldsValue(Field(&store::UserRecord::id, bob_.id)));
}

TEST_F(UserAdminServiceTest, UnknownUserIsNotFound) {
  for (const std::string& who : {TestUserId(99), std::string("zed@example.com"),
                                 std::string("not an address"), std::string(),
                                 // An upper-case UUID is not canonical, and not an address.
                                 std::string("00000000-0000-4000-8000-00000000000A")}) {
    SCOPED_TRACE(who);
    Result<store::UserRecord> r = w_.admin.Find(who);
    EXPECT_THAT(r, FailsWith(Errc::kNotFound, "not_found"));
    EXPECT_THAT(w_.admin.SetActive(who, false), FailsWith(Errc::kNotFound, "not_found"));
  }
  EXPECT_THAT(w_.db.SecurityEventNames(), IsEmpty());
}

TEST_F(UserAdminServiceTest, DisableBumpsTokenVersionAndKillsTokens) {
  const auth::IssuedToken token = w_.tokens.Issue(ann_);
  ASSERT_THAT(w_.tokens.Authenticate(token.access_token, kMeta), Succeeds());

  Result<store::UserRecord> r = w_.admin.SetActive("ann.lee@example.com", false);

  ASSERT_THAT(r, Succeeds());
  EXPECT_FALSE(r->is_active);
  EXPECT_EQ(r->token_version, ann_.token_version + 1);
  const store::UserRecord stored = *w_.db.UserById(ann_.id);
  EXPECT_FALSE(stored.is_active);
  EXPECT_EQ(stored.token_version, ann_.token_version + 1);
  EXPECT_EQ(stored.updated_at, w_.clock.Now());
  EXPECT_THAT(w_.tokens.Authenticate(token.access_token, kMeta),
              FailsWith(Errc::kUnauthenticated, "invalid_token"));
  const std::vector<store::SecurityEvent> events = w_.db.SecurityEvents();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front().event, "user_disabled");
  EXPECT_EQ(events.front().user_id, ann_.id);
  // Bob is untouched.
  EXPECT_TRUE(w_.db.UserById(bob_.id)->is_active);
}

TEST_F(UserAdminServiceTest, DisableIsIdempotent) {
  ASSERT_THAT(w_.admin.SetActive(ann_.id, false), Succeeds());
  ASSERT_THAT(w_.admin.SetActive(ann_.id, false), Succeeds());
  EXPECT_EQ(w_.db.UserById(ann_.id)->token_version, ann_.token_version + 1);
  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("user_disabled"));
}

TEST_F(UserAdminServiceTest, EnableReactivatesWithoutBumping) {
  ASSERT_THAT(w_.admin.SetActive(ann_.id, false), Succeeds());

  Result<store::UserRecord> r = w_.admin.SetActive(ann_.id, true);

  ASSERT_THAT(r, Succeeds());
  EXPECT_TRUE(r->is_active);
  EXPECT_EQ(r->token_version, ann_.token_version + 1);
  EXPECT_TRUE(w_.db.UserById(ann_.id)->is_active);
  EXPECT_THAT(w_.db.SecurityEventNames(), ElementsAre("user_disabled", "user_enabled"));
  // A new token works again; the old version stays dead.
  EXPECT_THAT(w_.tokens.Authenticate(w_.tokens.Issue(*r).access_token, kMeta), Succeeds());
}

TEST_F(UserAdminServiceTest, FailedDisableChangesNothing) {
  w_.db.FailNext(FakeOp::kUserBumpTokenVersion);
  EXPECT_THAT(w_.admin.SetActive(ann_.id, false), FailsWith(Errc::kUnavailable));
  const store::UserRecord stored = *w_.db.UserById(ann_.id);
  EXPECT_TRUE(stored.is_active);  // the is_active update rolled back with the failed bump
  EXPECT_EQ(stored.token_version, ann_.token_version);
}

TEST_F(UserAdminServiceTest, ListIsOrderedByCreationAndPaged) {
  Result<std::vector<store::UserRecord>> all = w_.admin.List(10, 0);
  ASSERT_THAT(all, Succeeds());
  ASSERT_THAT(*all, SizeIs(2));
  EXPECT_EQ((*all)[0].id, ann_.id);
  EXPECT_EQ((*all)[1].id, bob_.id);

  Result<std::vector<store::UserRecord>> page = w_.admin.List(1, 1);
  ASSERT_THAT(page, Succeeds());
  ASSERT_THAT(*page, SizeIs(1));
  EXPECT_EQ((*page)[0].id, bob_.id);

  EXPECT_THAT(w_.admin.List(0, 0), HoldsValue(IsEmpty()));
}

}  // namespace
}  // namespace clockko::auth
