// The in-memory store fake must behave like the SQLite store where services rely on it:
// uniqueness errors, kNotFound, cascade, rollback on failure, read-only transactions.
#include "fakes/fake_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/result_matchers.hpp"
#include "support/service_world.hpp"

namespace clockko::testing {
namespace {

using ::testing::IsEmpty;
using ::testing::SizeIs;

Result<> Write(FakeDatabase& db, const std::function<Result<>(store::Transaction&)>& work) {
  return db.Run(store::TxMode::kWrite, work);
}

TEST(FakeDatabaseTest, UniqueEmailAndUsername) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  store::UserRecord same_email = TestUser(2, "ann@example.com");
  EXPECT_THAT(db.SeedUser(same_email), FailsWith(Errc::kAlreadyExists, "email_taken"));
  store::UserRecord same_name = TestUser(3, "other@example.com");
  same_name.username = "user1";
  EXPECT_THAT(db.SeedUser(same_name), FailsWith(Errc::kAlreadyExists, "username_taken"));
  EXPECT_THAT(db.Users(), SizeIs(1));

  store::UserRecord bob = TestUser(4, "bob@example.com");
  ASSERT_THAT(db.SeedUser(bob), Succeeds());
  bob.email_lower = "ann@example.com";
  EXPECT_THAT(Write(db, [&](store::Transaction& tx) { return tx.users().Update(bob); }),
              FailsWith(Errc::kAlreadyExists, "email_taken"));
}

TEST(FakeDatabaseTest, MissingRowsAreNotFound) {
  FakeDatabase db;
  EXPECT_THAT(
      Write(db,
            [](store::Transaction& tx) { return tx.users().Update(TestUser(9, "x@example.com")); }),
      FailsWith(Errc::kNotFound, "not_found"));
  EXPECT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      Result<std::int64_t> v = tx.users().BumpTokenVersion(TestUserId(9));
                      return v ? Result<>() : Forward(v.error());
                    }),
              FailsWith(Errc::kNotFound));
}

TEST(FakeDatabaseTest, FailedWorkRollsEverythingBack) {
  FakeDatabase db;
  Result<> r = Write(db, [](store::Transaction& tx) -> Result<> {
    if (Result<> ok = tx.users().Insert(TestUser(1, "ann@example.com")); !ok) {
      return ok;
    }
    return Fail(Errc::kInvalidArgument, "validation_error", "later step");
  });
  EXPECT_THAT(r, FailsWith(Errc::kInvalidArgument));
  EXPECT_THAT(db.Users(), IsEmpty());
  EXPECT_EQ(db.commit_count(), 0);
}

TEST(FakeDatabaseTest, ReadTransactionsRefuseWrites) {
  FakeDatabase db;
  Result<> r = db.Run(store::TxMode::kRead, [](store::Transaction& tx) {
    return tx.users().Insert(TestUser(1, "ann@example.com"));
  });
  EXPECT_THAT(r, FailsWith(Errc::kInternal));
  EXPECT_THAT(db.Users(), IsEmpty());
}

TEST(FakeDatabaseTest, NestedRunIsReportedNotDeadlocked) {
  FakeDatabase db;
  Result<> r = Write(db, [&](store::Transaction&) {
    return db.Run(store::TxMode::kRead, [](store::Transaction&) { return Result<>(); });
  });
  EXPECT_THAT(r, FailsWith(Errc::kInternal));
}

TEST(FakeDatabaseTest, InjectedFailuresAreOneShot) {
  FakeDatabase db;
  db.FailNextRun();
  EXPECT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), FailsWith(Errc::kUnavailable));
  EXPECT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  db.FailNext(FakeOp::kUserFind);
  const auto find = [&] {
    return store::Transact<std::optional<store::UserRecord>>(
        db, store::TxMode::kRead,
        [](store::Transaction& tx) { return tx.users().FindByEmailLower("ann@example.com"); });
  };
  EXPECT_THAT(find(), FailsWith(Errc::kUnavailable));
  EXPECT_THAT(find(), HoldsValue(::testing::Optional(::testing::_)));
}

TEST(FakeDatabaseTest, DeleteCascadesAndForeignKeysHold) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.revoked_tokens().Revoke("jti1", TestUserId(1),
                                                        Timestamp::FromUnixSeconds(10));
                    }),
              Succeeds());
  EXPECT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.revoked_tokens().Revoke("jti2", TestUserId(2),
                                                        Timestamp::FromUnixSeconds(10));
                    }),
              FailsWith(Errc::kInternal));
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      Result<bool> gone = tx.users().Delete(TestUserId(1));
                      return gone ? Result<>() : Forward(gone.error());
                    }),
              Succeeds());
  EXPECT_EQ(db.RevokedCount(), 0u);
}

}  // namespace
}  // namespace clockko::testing
