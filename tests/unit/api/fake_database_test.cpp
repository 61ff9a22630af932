// The in-memory store fake must behave like the SQLite store where services rely on it:
// uniqueness errors, kNotFound, cascade, rollback on failure, read-only transactions.
#include "fakes/fake_database.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

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

// --- one-time codes, link tokens, session marks: the same contract as the SQLite store ---------

Timestamp T(std::int64_t seconds) { return Timestamp::FromUnixSeconds(seconds); }

store::OneTimeCode Code(int user, const std::string& purpose, const std::string& hmac,
                        std::int64_t expires_at) {
  store::OneTimeCode code;
  code.user_id = TestUserId(user);
  code.purpose = purpose;
  code.code_hmac = hmac;
  code.expires_at = T(expires_at);
  code.created_at = T(expires_at - 300);
  return code;
}

store::LinkToken Link(const std::string& hash, int user, const std::string& purpose,
                      std::int64_t expires_at) {
  store::LinkToken token;
  token.token_hash = hash;
  token.user_id = TestUserId(user);
  token.purpose = purpose;
  token.expires_at = T(expires_at);
  token.created_at = T(expires_at - 3600);
  return token;
}

Result<bool> ConsumeCode(FakeDatabase& db, int user, const std::string& purpose,
                         const std::string& hmac) {
  return store::Transact<bool>(db, store::TxMode::kWrite, [&](store::Transaction& tx) {
    return tx.one_time_codes().Consume(TestUserId(user), purpose, hmac);
  });
}

Result<std::int32_t> RecordFailure(FakeDatabase& db, int user, const std::string& purpose) {
  return store::Transact<std::int32_t>(db, store::TxMode::kWrite, [&](store::Transaction& tx) {
    return tx.one_time_codes().RecordFailedAttempt(TestUserId(user), purpose);
  });
}

TEST(FakeDatabaseTest, OneTimeCodesReplaceCountAndConsumeOnce) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.one_time_codes().Put(Code(1, "verify_email", "old", 100));
                    }),
              Succeeds());
  EXPECT_THAT(RecordFailure(db, 1, "verify_email"), HoldsValue(1));
  EXPECT_THAT(RecordFailure(db, 1, "verify_email"), HoldsValue(2));
  EXPECT_THAT(RecordFailure(db, 1, "reset_password"), HoldsValue(0));
  EXPECT_FALSE(db.CodeOf(TestUserId(1), "reset_password").has_value());

  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.one_time_codes().Put(Code(1, "verify_email", "new", 200));
                    }),
              Succeeds());
  std::optional<store::OneTimeCode> code = db.CodeOf(TestUserId(1), "verify_email");
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->attempts, 0);
  EXPECT_EQ(code->code_hmac, "new");
  EXPECT_EQ(code->expires_at, T(200));

  EXPECT_THAT(ConsumeCode(db, 1, "verify_email", "old"), HoldsValue(false));
  EXPECT_THAT(ConsumeCode(db, 1, "reset_password", "new"), HoldsValue(false));
  EXPECT_TRUE(db.CodeOf(TestUserId(1), "verify_email").has_value());
  EXPECT_THAT(ConsumeCode(db, 1, "verify_email", "new"), HoldsValue(true));
  EXPECT_THAT(ConsumeCode(db, 1, "verify_email", "new"), HoldsValue(false));
  EXPECT_FALSE(db.CodeOf(TestUserId(1), "verify_email").has_value());
}

TEST(FakeDatabaseTest, ConcurrentCodeConsumesLetExactlyOneWin) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.one_time_codes().Put(Code(1, "reset_password", "c", 100));
                    }),
              Succeeds());
  std::atomic<int> won{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      Result<bool> r = ConsumeCode(db, 1, "reset_password", "c");
      if (!r) {
        ++failed;
      } else if (*r) {
        ++won;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(failed.load(), 0);
}

TEST(FakeDatabaseTest, CodeWritesNeedAUserAndAWriteTransaction) {
  FakeDatabase db;
  EXPECT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.one_time_codes().Put(Code(1, "verify_email", "c", 100));
                    }),
              FailsWith(Errc::kInternal));
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  EXPECT_THAT(db.Run(store::TxMode::kRead,
                     [](store::Transaction& tx) {
                       return tx.one_time_codes().Put(Code(1, "verify_email", "c", 100));
                     }),
              FailsWith(Errc::kInternal));
  EXPECT_FALSE(db.CodeOf(TestUserId(1), "verify_email").has_value());
  db.FailNext(FakeOp::kCodeConsume);
  EXPECT_THAT(ConsumeCode(db, 1, "verify_email", "c"), FailsWith(Errc::kUnavailable));
}

TEST(FakeDatabaseTest, LinkTokensOnePerUserAndPurposeSingleUse) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(db.SeedUser(TestUser(2, "bob@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      EXPECT_TRUE(tx.link_tokens().Put(Link("a1", 1, "verify_email", 100)));
                      EXPECT_TRUE(tx.link_tokens().Put(Link("a2", 1, "reset_password", 100)));
                      EXPECT_TRUE(tx.link_tokens().Put(Link("b1", 2, "verify_email", 100)));
                      return tx.link_tokens().Put(Link("a3", 1, "verify_email", 200));
                    }),
              Succeeds());
  std::vector<std::string> hashes;
  for (const store::LinkToken& t : db.LinkTokens()) {
    hashes.push_back(t.token_hash);
  }
  EXPECT_EQ(hashes, (std::vector<std::string>{"a2", "a3", "b1"}));
  // A hash that another (user, purpose) holds is a constraint failure, as in SQLite.
  EXPECT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.link_tokens().Put(Link("b1", 1, "delete_account", 100));
                    }),
              FailsWith(Errc::kInternal));

  const auto find = [&](const std::string& hash) {
    return store::Transact<std::optional<store::LinkToken>>(
        db, store::TxMode::kRead,
        [&](store::Transaction& tx) { return tx.link_tokens().FindByHash(hash); });
  };
  const auto consume = [&](const std::string& hash) {
    return store::Transact<bool>(db, store::TxMode::kWrite, [&](store::Transaction& tx) {
      return tx.link_tokens().Consume(hash);
    });
  };
  Result<std::optional<store::LinkToken>> found = find("a3");
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->user_id, TestUserId(1));
  EXPECT_EQ((*found)->expires_at, T(200));
  EXPECT_THAT(consume("a1"), HoldsValue(false));
  EXPECT_THAT(consume("a3"), HoldsValue(true));
  EXPECT_THAT(consume("a3"), HoldsValue(false));
  EXPECT_THAT(find("a3"), HoldsValue(::testing::Eq(std::nullopt)));

  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      EXPECT_TRUE(tx.link_tokens().DeleteForUser(TestUserId(2), "reset_password"));
                      return tx.link_tokens().PurgeExpired(T(150)).map([](std::int64_t n) {
                        EXPECT_EQ(n, 2);  // "a2" and "b1"
                      });
                    }),
              Succeeds());
  EXPECT_THAT(db.LinkTokens(), IsEmpty());
}

TEST(FakeDatabaseTest, SessionMarksAndCarriedTokens) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(db.SeedUser(TestUser(2, "bob@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      store::SessionMarkRepository& marks = tx.session_marks();
                      EXPECT_TRUE(marks.MarkRecentAuth("j1", TestUserId(1), T(100)));
                      EXPECT_TRUE(marks.MarkRecentAuth("j1", TestUserId(1), T(300)));  // upsert
                      EXPECT_TRUE(marks.MarkRecentAuth("j2", TestUserId(1), T(100)));
                      EXPECT_TRUE(marks.MarkRecentAuth("k1", TestUserId(2), T(100)));
                      EXPECT_TRUE(marks.CarryToken("j1", TestUserId(1), 4, T(500)));
                      return marks.CarryToken("k2", TestUserId(2), 0, T(100));
                    }),
              Succeeds());
  EXPECT_EQ(db.RecentAuthUntil("j1"), T(300));
  const auto carried = [&](const std::string& jti, int user, std::int64_t ver) {
    return store::Transact<bool>(db, store::TxMode::kRead, [&](store::Transaction& tx) {
      return tx.session_marks().IsCarried(jti, TestUserId(user), ver);
    });
  };
  EXPECT_THAT(carried("j1", 1, 4), HoldsValue(true));
  EXPECT_THAT(carried("j1", 1, 3), HoldsValue(false));
  EXPECT_THAT(carried("j1", 1, 5), HoldsValue(false));
  EXPECT_THAT(carried("j1", 2, 4), HoldsValue(false));

  ASSERT_THAT(Write(db, [](store::Transaction& tx) { return tx.session_marks().DropMarks("j2"); }),
              Succeeds());
  EXPECT_FALSE(db.RecentAuthUntil("j2").has_value());
  EXPECT_TRUE(db.RecentAuthUntil("j1").has_value());

  Result<std::int64_t> purged = store::Transact<std::int64_t>(
      db, store::TxMode::kWrite,
      [](store::Transaction& tx) { return tx.session_marks().PurgeExpired(T(200)); });
  EXPECT_THAT(purged, HoldsValue(2));  // the mark "k1" and the carried "k2"
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.session_marks().DropAllForUser(TestUserId(1));
                    }),
              Succeeds());
  EXPECT_FALSE(db.RecentAuthUntil("j1").has_value());
  EXPECT_FALSE(db.IsCarried("j1"));
  EXPECT_THAT(Write(db,
                    [](store::Transaction& tx) {
                      return tx.session_marks().CarryToken("x", TestUserId(9), 0, T(1));
                    }),
              FailsWith(Errc::kInternal));
}

TEST(FakeDatabaseTest, CodesTokensAndMarksGoWithTheirUser) {
  FakeDatabase db;
  ASSERT_THAT(db.SeedUser(TestUser(1, "ann@example.com")), Succeeds());
  ASSERT_THAT(db.SeedUser(TestUser(2, "bob@example.com")), Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      EXPECT_TRUE(tx.one_time_codes().Put(Code(1, "verify_email", "a", 100)));
                      EXPECT_TRUE(tx.one_time_codes().Put(Code(2, "verify_email", "b", 100)));
                      EXPECT_TRUE(tx.link_tokens().Put(Link("a", 1, "verify_email", 100)));
                      EXPECT_TRUE(tx.session_marks().MarkRecentAuth("j", TestUserId(1), T(9)));
                      return tx.session_marks().CarryToken("j", TestUserId(1), 1, T(9));
                    }),
              Succeeds());
  ASSERT_THAT(Write(db,
                    [](store::Transaction& tx) -> Result<> {
                      Result<bool> gone = tx.users().Delete(TestUserId(1));
                      return gone ? Result<>() : Forward(gone.error());
                    }),
              Succeeds());
  EXPECT_FALSE(db.CodeOf(TestUserId(1), "verify_email").has_value());
  EXPECT_TRUE(db.CodeOf(TestUserId(2), "verify_email").has_value());
  EXPECT_THAT(db.LinkTokens(), IsEmpty());
  EXPECT_FALSE(db.RecentAuthUntil("j").has_value());
  EXPECT_FALSE(db.IsCarried("j"));
}

}  // namespace
}  // namespace clockko::testing
