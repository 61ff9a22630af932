#include "app/maintenance.hpp"

#include <gtest/gtest.h>

#include "fakes/fake_clock.hpp"
#include "fakes/fake_database.hpp"
#include "support/service_world.hpp"

namespace clockko::app {
namespace {

using testing::FakeClock;
using testing::FakeDatabase;

TEST(MaintenanceTest, PurgesExpiredSecretsAndKeepsLiveOnes) {
  FakeDatabase db;
  FakeClock clock;
  const Timestamp now = clock.Now();
  const store::UserRecord user = testing::TestUser(1, "ann@example.com");
  ASSERT_TRUE(db.SeedUser(user));
  Result<> seeded = db.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    store::OneTimeCode expired{
        user.id, "verify_email",       std::string(64, 'a'), "", now.PlusSeconds(-1),
        0,       now.PlusSeconds(-300)};
    store::OneTimeCode live{
        user.id, "reset_password", std::string(64, 'b'), "", now.PlusSeconds(60), 0, now};
    if (auto r = tx.one_time_codes().Put(expired); !r) return r;
    if (auto r = tx.one_time_codes().Put(live); !r) return r;
    if (auto r = tx.link_tokens().Put({std::string(64, 'c'), user.id, "verify_email",
                                       now.PlusSeconds(-1), now.PlusSeconds(-100)});
        !r) {
      return r;
    }
    if (auto r = tx.revoked_tokens().Revoke(std::string(32, 'd'), user.id, now.PlusSeconds(-5));
        !r) {
      return r;
    }
    if (auto r = tx.revoked_tokens().Revoke(std::string(32, 'e'), user.id, now.PlusSeconds(600));
        !r) {
      return r;
    }
    return tx.session_marks().MarkRecentAuth(std::string(32, 'f'), user.id, now.PlusSeconds(-1));
  });
  ASSERT_TRUE(seeded.has_value());

  Maintenance maintenance(db, clock, std::chrono::seconds(3600));
  EXPECT_EQ(maintenance.RunOnce(), 4);

  Result<> checked = db.Run(store::TxMode::kRead, [&](store::Transaction& tx) -> Result<> {
    EXPECT_FALSE(tx.one_time_codes().Find(user.id, "verify_email").value().has_value());
    EXPECT_TRUE(tx.one_time_codes().Find(user.id, "reset_password").value().has_value());
    EXPECT_FALSE(tx.link_tokens().FindByHash(std::string(64, 'c')).value().has_value());
    EXPECT_FALSE(tx.revoked_tokens().IsRevoked(std::string(32, 'd')).value());
    EXPECT_TRUE(tx.revoked_tokens().IsRevoked(std::string(32, 'e')).value());
    EXPECT_FALSE(tx.session_marks().RecentAuthUntil(std::string(32, 'f')).value().has_value());
    return {};
  });
  EXPECT_TRUE(checked.has_value());
  // Nothing left to purge.
  EXPECT_EQ(maintenance.RunOnce(), 0);
}

TEST(MaintenanceTest, StartRunsAPassAtOnceAndStopJoins) {
  FakeDatabase db;
  FakeClock clock;
  const store::UserRecord user = testing::TestUser(1, "ann@example.com");
  ASSERT_TRUE(db.SeedUser(user));
  ASSERT_TRUE(db.Run(store::TxMode::kWrite, [&](store::Transaction& tx) {
                  return tx.revoked_tokens().Revoke(std::string(32, 'a'), user.id,
                                                    clock.Now().PlusSeconds(-1));
                }).has_value());
  Maintenance maintenance(db, clock, std::chrono::seconds(3600));
  maintenance.Start();
  maintenance.Stop();  // returns promptly although the interval is an hour
  maintenance.Stop();  // idempotent
  Result<bool> revoked = store::Transact<bool>(
      db, store::TxMode::kRead,
      [](store::Transaction& tx) { return tx.revoked_tokens().IsRevoked(std::string(32, 'a')); });
  ASSERT_TRUE(revoked.has_value());
  EXPECT_FALSE(*revoked);  // the first pass ran before Stop returned
}

}  // namespace
}  // namespace clockko::app
