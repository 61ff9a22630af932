// Contract: store::OneTimeCodeRepository, store::LinkTokenRepository, store::SessionMarkRepository.
#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store_contract.hpp"

namespace clockko::store::testing {
namespace {

OneTimeCode MakeCode(const std::string& user_id, const std::string& purpose,
                     const std::string& hmac, std::int64_t expires_at) {
  OneTimeCode code;
  code.user_id = user_id;
  code.purpose = purpose;
  code.code_hmac = hmac;
  code.target = purpose == "change_email" ? "new@example.com" : "";
  code.expires_at = At(expires_at);
  code.created_at = At(expires_at - 300);
  return code;
}

LinkToken MakeToken(const std::string& hash, const std::string& user_id, const std::string& purpose,
                    std::int64_t expires_at) {
  LinkToken token;
  token.token_hash = hash;
  token.user_id = user_id;
  token.purpose = purpose;
  token.expires_at = At(expires_at);
  token.created_at = At(expires_at - 3600);
  return token;
}

// Shorthands over one store that fail the test on an error.
struct Probe {
  explicit Probe(Database& database) : db(&database) {}
  std::optional<OneTimeCode> FindCode(const std::string& user_id, const std::string& purpose) {
    Result<std::optional<OneTimeCode>> r = Transact<std::optional<OneTimeCode>>(
        *db, TxMode::kRead,
        [&](Transaction& tx) { return tx.one_time_codes().Find(user_id, purpose); });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? *r : std::nullopt;
  }
  std::optional<bool> Consume(const std::string& user_id, const std::string& purpose,
                              const std::string& hmac) {
    Result<bool> r = Transact<bool>(*db, TxMode::kWrite, [&](Transaction& tx) {
      return tx.one_time_codes().Consume(user_id, purpose, hmac);
    });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? std::optional<bool>(*r) : std::nullopt;
  }
  std::optional<std::int32_t> RecordFailure(const std::string& user_id,
                                            const std::string& purpose) {
    Result<std::int32_t> r = Transact<std::int32_t>(*db, TxMode::kWrite, [&](Transaction& tx) {
      return tx.one_time_codes().RecordFailedAttempt(user_id, purpose);
    });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? std::optional<std::int32_t>(*r) : std::nullopt;
  }
  std::optional<LinkToken> FindToken(const std::string& hash) {
    Result<std::optional<LinkToken>> r = Transact<std::optional<LinkToken>>(
        *db, TxMode::kRead, [&](Transaction& tx) { return tx.link_tokens().FindByHash(hash); });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? *r : std::nullopt;
  }
  std::optional<bool> ConsumeToken(const std::string& hash) {
    Result<bool> r = Transact<bool>(
        *db, TxMode::kWrite, [&](Transaction& tx) { return tx.link_tokens().Consume(hash); });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? std::optional<bool>(*r) : std::nullopt;
  }
  std::optional<Timestamp> MarkUntil(const std::string& jti) {
    Result<std::optional<Timestamp>> r = Transact<std::optional<Timestamp>>(
        *db, TxMode::kRead,
        [&](Transaction& tx) { return tx.session_marks().RecentAuthUntil(jti); });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r ? *r : std::nullopt;
  }
  bool Carried(const std::string& jti, const std::string& user_id, std::int64_t ver) {
    Result<bool> r = Transact<bool>(*db, TxMode::kRead, [&](Transaction& tx) {
      return tx.session_marks().IsCarried(jti, user_id, ver);
    });
    EXPECT_TRUE(r.has_value()) << Describe(r.error());
    return r.has_value() && *r;
  }

  Database* db;
  const std::string alice = MakeUser(1).id;
  const std::string bob = MakeUser(2).id;
};

// --- one-time codes ----------------------------------------------------------------------------

TEST_P(StoreContract, CodeRoundTripsAndPutReplacesWithAttemptsReset) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) {
    return tx.one_time_codes().Put(MakeCode(p.alice, "change_email", "aa11", 1000));
  }));
  std::optional<OneTimeCode> got = p.FindCode(p.alice, "change_email");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->user_id, p.alice);
  EXPECT_EQ(got->purpose, "change_email");
  EXPECT_EQ(got->code_hmac, "aa11");
  EXPECT_EQ(got->target, "new@example.com");
  EXPECT_EQ(got->expires_at, At(1000));
  EXPECT_EQ(got->created_at, At(700));
  EXPECT_EQ(got->attempts, 0);
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());  // purposes are separate

  EXPECT_EQ(p.RecordFailure(p.alice, "change_email"), 1);
  EXPECT_EQ(p.RecordFailure(p.alice, "change_email"), 2);
  EXPECT_EQ(p.RecordFailure(p.alice, "change_email"), 3);
  EXPECT_EQ(p.FindCode(p.alice, "change_email")->attempts, 3);

  OneTimeCode replacement = MakeCode(p.alice, "change_email", "bb22", 2000);
  replacement.target = "other@example.com";
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.one_time_codes().Put(replacement); }));
  got = p.FindCode(p.alice, "change_email");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->code_hmac, "bb22");
  EXPECT_EQ(got->target, "other@example.com");
  EXPECT_EQ(got->expires_at, At(2000));
  EXPECT_EQ(got->attempts, 0);
  EXPECT_EQ(p.Consume(p.alice, "change_email", "aa11"), false);  // the old code is gone
}

TEST_P(StoreContract, RecordFailedAttemptWithoutACodeIsZero) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  EXPECT_EQ(p.RecordFailure(p.alice, "verify_email"), 0);
  EXPECT_EQ(p.RecordFailure("nobody", "verify_email"), 0);
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());  // no row was created
}

TEST_P(StoreContract, ConsumeIsCompareAndDelete) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "verify_email", "c0de", 1000)));
    return tx.one_time_codes().Put(MakeCode(p.bob, "verify_email", "c0de", 1000));
  }));
  EXPECT_EQ(p.Consume(p.alice, "verify_email", "wrong"), false);
  EXPECT_EQ(p.Consume(p.alice, "verify_email", ""), false);
  EXPECT_EQ(p.Consume(p.alice, "reset_password", "c0de"), false);  // another purpose
  EXPECT_EQ(p.Consume(p.alice, "verify_email", "C0DE"), false);    // exact comparison
  ASSERT_TRUE(p.FindCode(p.alice, "verify_email").has_value());    // kept after wrong tries
  EXPECT_EQ(p.Consume(p.alice, "verify_email", "c0de"), true);
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());
  EXPECT_EQ(p.Consume(p.alice, "verify_email", "c0de"), false);  // single use
  EXPECT_TRUE(p.FindCode(p.bob, "verify_email").has_value());    // bob's code untouched
}

TEST_P(StoreContract, ConcurrentConsumesOfOneCodeLetExactlyOneWin) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) {
    return tx.one_time_codes().Put(MakeCode(p.alice, "reset_password", "race", 1000));
  }));
  constexpr int kThreads = 8;
  std::atomic<int> won{0};
  std::atomic<int> lost{0};
  std::atomic<int> errors{0};
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      start.arrive_and_wait();
      Result<bool> r = Transact<bool>(*db_, TxMode::kWrite, [&](Transaction& tx) {
        return tx.one_time_codes().Consume(p.alice, "reset_password", "race");
      });
      if (!r) {
        ++errors;
      } else if (*r) {
        ++won;
      } else {
        ++lost;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(lost.load(), kThreads - 1);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_FALSE(p.FindCode(p.alice, "reset_password").has_value());
}

TEST_P(StoreContract, CodeDeleteDeleteAllForUserAndPurge) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "verify_email", "a1", 100)));
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "reset_password", "a2", 200)));
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "change_email", "a3", 300)));
    return tx.one_time_codes().Put(MakeCode(p.bob, "verify_email", "b1", 100));
  }));
  CLOCKKO_ASSERT_OK(
      Write([&](Transaction& tx) { return tx.one_time_codes().Delete(p.alice, "verify_email"); }));
  CLOCKKO_ASSERT_OK(  // idempotent
      Write([&](Transaction& tx) { return tx.one_time_codes().Delete(p.alice, "verify_email"); }));
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());
  EXPECT_TRUE(p.FindCode(p.alice, "reset_password").has_value());

  // "b1" expired before 150; "a2" expires at 200, not before.
  Result<std::int64_t> purged = Transact<std::int64_t>(*db_, TxMode::kWrite, [](Transaction& tx) {
    return tx.one_time_codes().PurgeExpired(At(200));
  });
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 1);
  EXPECT_FALSE(p.FindCode(p.bob, "verify_email").has_value());
  EXPECT_TRUE(p.FindCode(p.alice, "reset_password").has_value());

  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.bob, "verify_email", "b2", 900)));
    return tx.one_time_codes().DeleteAllForUser(p.alice);
  }));
  EXPECT_FALSE(p.FindCode(p.alice, "reset_password").has_value());
  EXPECT_FALSE(p.FindCode(p.alice, "change_email").has_value());
  EXPECT_TRUE(p.FindCode(p.bob, "verify_email").has_value());
  CLOCKKO_ASSERT_OK(
      Write([&](Transaction& tx) { return tx.one_time_codes().DeleteAllForUser(p.alice); }));
}

TEST_P(StoreContract, CodeForAnUnknownUserFails) {
  Probe p(*db_);
  Result<> r = Write([](Transaction& tx) {
    return tx.one_time_codes().Put(
        MakeCode("ffffffff-ffff-4fff-bfff-ffffffffffff", "verify_email", "x", 100));
  });
  EXPECT_FALSE(r.has_value());
}

// --- link tokens -------------------------------------------------------------------------------

TEST_P(StoreContract, LinkTokensOnePerUserAndPurposeSingleUse) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("h-verify-1", p.alice, "verify_email", 5000)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("h-reset-1", p.alice, "reset_password", 4000)));
    return tx.link_tokens().Put(MakeToken("h-bob", p.bob, "verify_email", 5000));
  }));
  std::optional<LinkToken> got = p.FindToken("h-verify-1");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->token_hash, "h-verify-1");
  EXPECT_EQ(got->user_id, p.alice);
  EXPECT_EQ(got->purpose, "verify_email");
  EXPECT_EQ(got->expires_at, At(5000));
  EXPECT_EQ(got->created_at, At(1400));
  EXPECT_FALSE(p.FindToken("unknown").has_value());
  EXPECT_FALSE(p.FindToken("").has_value());

  // A new verify token replaces the old one; the reset token and bob's stay.
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) {
    return tx.link_tokens().Put(MakeToken("h-verify-2", p.alice, "verify_email", 6000));
  }));
  EXPECT_FALSE(p.FindToken("h-verify-1").has_value());
  EXPECT_TRUE(p.FindToken("h-verify-2").has_value());
  EXPECT_TRUE(p.FindToken("h-reset-1").has_value());
  EXPECT_TRUE(p.FindToken("h-bob").has_value());
  EXPECT_EQ(p.ConsumeToken("h-verify-1"), false);

  EXPECT_EQ(p.ConsumeToken("h-verify-2"), true);
  EXPECT_EQ(p.ConsumeToken("h-verify-2"), false);
  EXPECT_FALSE(p.FindToken("h-verify-2").has_value());
  EXPECT_EQ(p.ConsumeToken("nope"), false);
}

TEST_P(StoreContract, LinkTokenDeletesAndPurge) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("a-v", p.alice, "verify_email", 100)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("a-r", p.alice, "reset_password", 200)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("a-d", p.alice, "delete_account", 300)));
    return tx.link_tokens().Put(MakeToken("b-v", p.bob, "verify_email", 100));
  }));
  CLOCKKO_ASSERT_OK(Write(
      [&](Transaction& tx) { return tx.link_tokens().DeleteForUser(p.alice, "verify_email"); }));
  CLOCKKO_ASSERT_OK(Write(
      [&](Transaction& tx) { return tx.link_tokens().DeleteForUser(p.alice, "verify_email"); }));
  EXPECT_FALSE(p.FindToken("a-v").has_value());
  EXPECT_TRUE(p.FindToken("a-r").has_value());
  EXPECT_TRUE(p.FindToken("b-v").has_value());

  Result<std::int64_t> purged = Transact<std::int64_t>(
      *db_, TxMode::kWrite, [](Transaction& tx) { return tx.link_tokens().PurgeExpired(At(200)); });
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 1);  // "b-v"; "a-r" expires at, not before, now
  EXPECT_FALSE(p.FindToken("b-v").has_value());
  EXPECT_TRUE(p.FindToken("a-r").has_value());

  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("b-v2", p.bob, "verify_email", 900)));
    return tx.link_tokens().DeleteAllForUser(p.alice);
  }));
  EXPECT_FALSE(p.FindToken("a-r").has_value());
  EXPECT_FALSE(p.FindToken("a-d").has_value());
  EXPECT_TRUE(p.FindToken("b-v2").has_value());
}

TEST_P(StoreContract, LinkTokenForAnUnknownUserFails) {
  Probe p(*db_);
  Result<> r = Write([](Transaction& tx) {
    return tx.link_tokens().Put(
        MakeToken("h", "ffffffff-ffff-4fff-bfff-ffffffffffff", "verify_email", 100));
  });
  EXPECT_FALSE(r.has_value());
}

// --- session marks -----------------------------------------------------------------------------

TEST_P(StoreContract, RecentAuthMarksUpsertAndDrop) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  EXPECT_FALSE(p.MarkUntil("jti-a").has_value());
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("jti-a", p.alice, At(600)));
    return tx.session_marks().MarkRecentAuth("jti-b", p.alice, At(700));
  }));
  EXPECT_EQ(p.MarkUntil("jti-a"), At(600));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) {
    return tx.session_marks().MarkRecentAuth("jti-a", p.alice, At(900));
  }));
  EXPECT_EQ(p.MarkUntil("jti-a"), At(900));
  EXPECT_EQ(p.MarkUntil("jti-b"), At(700));

  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.session_marks().DropMarks("jti-a"); }));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.session_marks().DropMarks("jti-a"); }));
  EXPECT_FALSE(p.MarkUntil("jti-a").has_value());
  EXPECT_EQ(p.MarkUntil("jti-b"), At(700));
}

TEST_P(StoreContract, CarriedTokensMatchExactlyJtiUserAndVer) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.session_marks().CarryToken("jti-a", p.alice, 3, At(1000)));
    return tx.session_marks().CarryToken("jti-a", p.alice, 3, At(1000));  // idempotent
  }));
  EXPECT_TRUE(p.Carried("jti-a", p.alice, 3));
  EXPECT_FALSE(p.Carried("jti-a", p.alice, 2));
  EXPECT_FALSE(p.Carried("jti-a", p.alice, 4));
  EXPECT_FALSE(p.Carried("jti-a", p.bob, 3));
  EXPECT_FALSE(p.Carried("jti-b", p.alice, 3));
  EXPECT_FALSE(p.Carried("", p.alice, 3));
  // DropMarks (logout) leaves carried tokens alone: the logout revokes the jti instead.
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.session_marks().DropMarks("jti-a"); }));
  EXPECT_TRUE(p.Carried("jti-a", p.alice, 3));
}

TEST_P(StoreContract, DropAllForUserAndPurge) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("a1", p.alice, At(100)));
    EXPECT_TRUE(tx.session_marks().CarryToken("a2", p.alice, 0, At(100)));
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("b1", p.bob, At(100)));
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("b2", p.bob, At(300)));
    EXPECT_TRUE(tx.session_marks().CarryToken("b3", p.bob, 1, At(100)));
    return tx.session_marks().CarryToken("b4", p.bob, 1, At(200));
  }));
  CLOCKKO_ASSERT_OK(
      Write([&](Transaction& tx) { return tx.session_marks().DropAllForUser(p.alice); }));
  EXPECT_FALSE(p.MarkUntil("a1").has_value());
  EXPECT_FALSE(p.Carried("a2", p.alice, 0));
  EXPECT_TRUE(p.MarkUntil("b1").has_value());
  EXPECT_TRUE(p.Carried("b3", p.bob, 1));

  Result<std::int64_t> purged = Transact<std::int64_t>(*db_, TxMode::kWrite, [](Transaction& tx) {
    return tx.session_marks().PurgeExpired(At(200));
  });
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 2);  // the mark "b1" and the carried "b3"
  EXPECT_FALSE(p.MarkUntil("b1").has_value());
  EXPECT_EQ(p.MarkUntil("b2"), At(300));
  EXPECT_FALSE(p.Carried("b3", p.bob, 1));
  EXPECT_TRUE(p.Carried("b4", p.bob, 1));
}

TEST_P(StoreContract, DropCarriedForUserKeepsMarksAndOtherUsers) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("a1", p.alice, At(100)));
    EXPECT_TRUE(tx.session_marks().CarryToken("a2", p.alice, 0, At(100)));
    return tx.session_marks().CarryToken("b1", p.bob, 1, At(100));
  }));
  CLOCKKO_ASSERT_OK(
      Write([&](Transaction& tx) { return tx.session_marks().DropCarriedForUser(p.alice); }));
  EXPECT_FALSE(p.Carried("a2", p.alice, 0));
  EXPECT_EQ(p.MarkUntil("a1"), At(100));   // recent-auth marks stay
  EXPECT_TRUE(p.Carried("b1", p.bob, 1));  // other users untouched
}

TEST_P(StoreContract, MarksForAnUnknownUserFail) {
  Probe p(*db_);
  const std::string nobody = "ffffffff-ffff-4fff-bfff-ffffffffffff";
  EXPECT_FALSE(Write([&](Transaction& tx) {
                 return tx.session_marks().MarkRecentAuth("j", nobody, At(100));
               }).has_value());
  EXPECT_FALSE(Write([&](Transaction& tx) {
                 return tx.session_marks().CarryToken("j", nobody, 0, At(100));
               }).has_value());
}

// --- cascade -----------------------------------------------------------------------------------

TEST_P(StoreContract, RowsVanishWithTheirUser) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "verify_email", "a", 900)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("a-v", p.alice, "verify_email", 900)));
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("a-jti", p.alice, At(900)));
    EXPECT_TRUE(tx.session_marks().CarryToken("a-jti", p.alice, 2, At(900)));
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.bob, "verify_email", "b", 900)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("b-v", p.bob, "verify_email", 900)));
    return tx.session_marks().MarkRecentAuth("b-jti", p.bob, At(900));
  }));
  Result<bool> deleted = Transact<bool>(
      *db_, TxMode::kWrite, [&](Transaction& tx) { return tx.users().Delete(p.alice); });
  ASSERT_TRUE(deleted.has_value()) << Describe(deleted.error());
  EXPECT_TRUE(*deleted);
  EXPECT_FALSE(p.FindCode(p.alice, "verify_email").has_value());
  EXPECT_FALSE(p.FindToken("a-v").has_value());
  EXPECT_FALSE(p.MarkUntil("a-jti").has_value());
  EXPECT_FALSE(p.Carried("a-jti", p.alice, 2));
  EXPECT_TRUE(p.FindCode(p.bob, "verify_email").has_value());
  EXPECT_TRUE(p.FindToken("b-v").has_value());
  EXPECT_TRUE(p.MarkUntil("b-jti").has_value());
}

TEST_P(StoreContract, RowsSurviveAReopen) {
  Probe p(*db_);
  InsertUser(MakeUser(1));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.one_time_codes().Put(MakeCode(p.alice, "verify_email", "a", 900)));
    EXPECT_TRUE(tx.link_tokens().Put(MakeToken("a-v", p.alice, "verify_email", 900)));
    EXPECT_TRUE(tx.session_marks().MarkRecentAuth("a-jti", p.alice, At(900)));
    return tx.session_marks().CarryToken("a-jti", p.alice, 2, At(900));
  }));
  Reopen();
  Probe reopened(*db_);  // `p` points at the closed store
  EXPECT_TRUE(reopened.FindCode(p.alice, "verify_email").has_value());
  EXPECT_TRUE(reopened.FindToken("a-v").has_value());
  EXPECT_EQ(reopened.MarkUntil("a-jti"), At(900));
  EXPECT_TRUE(reopened.Carried("a-jti", p.alice, 2));
}

}  // namespace
}  // namespace clockko::store::testing
