// Contract: store::Database (transactions, migrations, concurrency, durability).
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store_contract.hpp"

namespace clockko::store::testing {
namespace {

TEST_P(StoreContract, MigrateAppliesOnceThenIsANoOp) {
  EXPECT_GT(first_migration_count_, 0);
  Result<int> again = GetParam().migrate(*db_);
  ASSERT_TRUE(again.has_value()) << Describe(again.error());
  EXPECT_EQ(*again, 0);
  Result<int> third = GetParam().migrate(*db_);
  ASSERT_TRUE(third.has_value());
  EXPECT_EQ(*third, 0);
}

TEST_P(StoreContract, PingSucceeds) { CLOCKKO_ASSERT_OK(db_->Ping()); }

TEST_P(StoreContract, WorkThatFailsIsRolledBackAndItsErrorReturned) {
  Result<> r = Write([&](Transaction& tx) -> Result<> {
    Result<> inserted = tx.users().Insert(MakeUser(1));
    EXPECT_TRUE(inserted.has_value());
    Result<std::int64_t> queued = tx.outbox().Enqueue(MakeMail("welcome", At(1), MakeUser(1).id));
    EXPECT_TRUE(queued.has_value());
    return Fail(Errc::kFailedPrecondition, "some_code", "Some message");
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kFailedPrecondition);
  EXPECT_EQ(r.error().code, "some_code");
  EXPECT_FALSE(FindUser(MakeUser(1).id).has_value());
  Result<std::int64_t> count = Transact<std::int64_t>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().Count(); });
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 0);
}

TEST_P(StoreContract, WorkThatThrowsIsRolledBackAndTheExceptionPropagates) {
  // More throws than pooled connections: each must come back to the pool.
  for (int i = 0; i < kPoolSize + 2; ++i) {
    EXPECT_THROW((void)Write([&](Transaction& tx) -> Result<> {
                   EXPECT_TRUE(tx.users().Insert(MakeUser(1)).has_value());
                   throw std::runtime_error("boom");
                 }),
                 std::runtime_error);
  }
  EXPECT_FALSE(FindUser(MakeUser(1).id).has_value());
  InsertUser(MakeUser(1));  // the store still works
  EXPECT_TRUE(FindUser(MakeUser(1).id).has_value());
}

TEST_P(StoreContract, SuccessfulWorkCommitsEverythingTogether) {
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    Result<> inserted = tx.users().Insert(MakeUser(1));
    if (!inserted) {
      return inserted;
    }
    Result<std::int64_t> queued = tx.outbox().Enqueue(MakeMail("welcome", At(1), MakeUser(1).id));
    if (!queued) {
      return Forward(std::move(queued.error()));
    }
    return {};
  }));
  EXPECT_TRUE(FindUser(MakeUser(1).id).has_value());
  Result<std::int64_t> count = Transact<std::int64_t>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().Count(); });
  EXPECT_EQ(*count, 1);
}

TEST_P(StoreContract, TransactReturnsTheValueOrTheError) {
  InsertUser(MakeUser(1));
  Result<std::string> name =
      Transact<std::string>(*db_, TxMode::kRead, [](Transaction& tx) -> Result<std::string> {
        Result<std::optional<UserRecord>> user = tx.users().FindById(MakeUser(1).id);
        if (!user) {
          return Forward(std::move(user.error()));
        }
        return (*user)->full_name;
      });
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(*name, MakeUser(1).full_name);

  Result<std::string> failed =
      Transact<std::string>(*db_, TxMode::kRead, [](Transaction&) -> Result<std::string> {
        return Fail(Errc::kNotFound, "not_found", "Nope");
      });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().errc, Errc::kNotFound);
}

TEST_P(StoreContract, DataSurvivesClosingAndReopening) {
  InsertUser(MakeUser(1));
  CLOCKKO_ASSERT_OK(Write([](Transaction& tx) -> Result<> {
    return tx.revoked_tokens().Revoke("jti-1", MakeUser(1).id, At(2'000'000'000));
  }));
  Reopen();
  Result<int> migrated = GetParam().migrate(*db_);
  ASSERT_TRUE(migrated.has_value());
  EXPECT_EQ(*migrated, 0);
  std::optional<UserRecord> found = FindUser(MakeUser(1).id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->email, MakeUser(1).email);
  Result<bool> revoked = Transact<bool>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.revoked_tokens().IsRevoked("jti-1"); });
  ASSERT_TRUE(revoked.has_value());
  EXPECT_TRUE(*revoked);
}

TEST_P(StoreContract, ConcurrentInsertsOfOneAddressLetExactlyOneWin) {
  constexpr int kThreads = 8;
  std::atomic<int> succeeded{0};
  std::atomic<int> taken{0};
  std::atomic<int> other{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      UserRecord user = MakeUser(100 + i);
      user.email = i % 2 == 0 ? "Race@Example.com" : "race@example.com";
      user.email_lower = "race@example.com";
      // Check-then-insert, as a registration does: the unique index must still decide.
      Result<> r = Write([&](Transaction& tx) -> Result<> {
        Result<std::optional<UserRecord>> existing = tx.users().FindByEmailLower(user.email_lower);
        if (!existing) {
          return Forward(std::move(existing.error()));
        }
        return tx.users().Insert(user);
      });
      if (r) {
        ++succeeded;
      } else if (r.error().code == "email_taken") {
        ++taken;
      } else {
        ++other;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(taken.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
}

TEST_P(StoreContract, ConcurrentReadModifyWriteTransactionsLoseNoUpdate) {
  // Write transactions must serialise from their first read (SQLite: BEGIN IMMEDIATE), or two of
  // them read the same version and one increment is lost (or fails with a snapshot conflict).
  InsertUser(MakeUser(1));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        Result<> r = Write([&](Transaction& tx) -> Result<> {
          Result<std::optional<UserRecord>> user = tx.users().FindById(MakeUser(1).id);
          if (!user) {
            return Forward(std::move(user.error()));
          }
          UserRecord changed = **user;
          ++changed.token_version;
          return tx.users().Update(changed);
        });
        if (!r) {
          ++failures;
          ADD_FAILURE() << Describe(r.error());
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  std::optional<UserRecord> user = FindUser(MakeUser(1).id);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->token_version, kThreads * kPerThread);
}

TEST_P(StoreContract, ConcurrentWritersAndReadersAllSucceed) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 10;
  std::atomic<int> failures{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const int n = 1000 + t * kPerThread + i;
        if (!Write([&](Transaction& tx) { return tx.users().Insert(MakeUser(n)); })) {
          ++failures;
        }
        if (!Read([&](Transaction& tx) -> Result<> {
              Result<std::optional<UserRecord>> u = tx.users().FindById(MakeUser(n).id);
              if (!u) {
                return Forward(std::move(u.error()));
              }
              EXPECT_TRUE(u->has_value());
              return {};
            })) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(failures.load(), 0);
  Result<std::vector<UserRecord>> all = Transact<std::vector<UserRecord>>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.users().List(1000, 0); });
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(all->size(), static_cast<std::size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace clockko::store::testing
