// Contract: store::RevokedTokenRepository, store::OutboxRepository, store::SecurityEventRepository.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "store_contract.hpp"

namespace clockko::store::testing {
namespace {

TEST_P(StoreContract, RevokeIsIdempotentAndPurgeDropsOnlyExpired) {
  InsertUser(MakeUser(1));
  const std::string uid = MakeUser(1).id;
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.revoked_tokens().Revoke("old", uid, At(100)).has_value());
    EXPECT_TRUE(tx.revoked_tokens().Revoke("edge", uid, At(200)).has_value());
    EXPECT_TRUE(tx.revoked_tokens().Revoke("new", uid, At(300)).has_value());
    // Again, even with another expiry: still fine.
    return tx.revoked_tokens().Revoke("old", uid, At(150));
  }));
  auto is_revoked = [&](const std::string& jti) {
    Result<bool> r = Transact<bool>(
        *db_, TxMode::kRead, [&](Transaction& tx) { return tx.revoked_tokens().IsRevoked(jti); });
    EXPECT_TRUE(r.has_value());
    return r.has_value() && *r;
  };
  EXPECT_TRUE(is_revoked("old"));
  EXPECT_TRUE(is_revoked("edge"));
  EXPECT_FALSE(is_revoked("unknown"));
  EXPECT_FALSE(is_revoked(""));

  Result<std::int64_t> purged = Transact<std::int64_t>(*db_, TxMode::kWrite, [](Transaction& tx) {
    return tx.revoked_tokens().PurgeExpired(At(200));
  });
  ASSERT_TRUE(purged.has_value());
  EXPECT_EQ(*purged, 1);  // "old" only: "edge" expires at, not before, now
  EXPECT_FALSE(is_revoked("old"));
  EXPECT_TRUE(is_revoked("edge"));
  EXPECT_TRUE(is_revoked("new"));
  purged = Transact<std::int64_t>(*db_, TxMode::kWrite, [](Transaction& tx) {
    return tx.revoked_tokens().PurgeExpired(At(200));
  });
  EXPECT_EQ(*purged, 0);
}

TEST_P(StoreContract, RevokeForAnUnknownUserFails) {
  Result<> r = Write([](Transaction& tx) {
    return tx.revoked_tokens().Revoke("jti", "ffffffff-ffff-4fff-bfff-ffffffffffff", At(100));
  });
  EXPECT_FALSE(r.has_value());
}

std::vector<std::string> Kinds(const std::vector<OutboxMail>& mails) {
  std::vector<std::string> kinds;
  for (const OutboxMail& m : mails) {
    kinds.push_back(m.kind);
  }
  return kinds;
}

TEST_P(StoreContract, OutboxRoundTripsAMail) {
  InsertUser(MakeUser(1));
  OutboxMail mail = MakeMail("verification_code", At(500), MakeUser(1).id);
  mail.expires_at = At(900);
  mail.attempts = 2;
  mail.last_error = "timeout";
  Result<std::int64_t> id = Transact<std::int64_t>(
      *db_, TxMode::kWrite, [&](Transaction& tx) { return tx.outbox().Enqueue(mail); });
  ASSERT_TRUE(id.has_value());
  EXPECT_GT(*id, 0);
  Result<std::vector<OutboxMail>> due = Transact<std::vector<OutboxMail>>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().Due(At(500), 10); });
  ASSERT_TRUE(due.has_value());
  ASSERT_EQ(due->size(), 1u);
  const OutboxMail& got = due->front();
  EXPECT_EQ(got.id, *id);
  EXPECT_EQ(got.kind, mail.kind);
  EXPECT_EQ(got.user_id, mail.user_id);
  EXPECT_EQ(got.recipient, mail.recipient);
  EXPECT_EQ(got.subject, mail.subject);
  EXPECT_EQ(got.text_body, mail.text_body);
  EXPECT_EQ(got.html_body, mail.html_body);
  EXPECT_EQ(got.created_at, mail.created_at);
  EXPECT_EQ(got.next_attempt_at, mail.next_attempt_at);
  EXPECT_EQ(got.expires_at, mail.expires_at);
  EXPECT_EQ(got.attempts, 2);
  EXPECT_EQ(got.last_error, "timeout");
}

TEST_P(StoreContract, OutboxDueOrderLimitRescheduleRemoveCount) {
  std::vector<std::int64_t> ids;
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    // Enqueued out of order; "b1" and "b2" share a time, so enqueue order decides.
    const std::pair<const char*, int> mails[] = {
        {"c", 300}, {"a", 100}, {"b1", 200}, {"b2", 200}, {"later", 1000}};
    for (const auto& [kind, at] : mails) {
      Result<std::int64_t> id = tx.outbox().Enqueue(MakeMail(kind, At(at), std::nullopt));
      if (!id) {
        return Forward(std::move(id.error()));
      }
      ids.push_back(*id);
    }
    return {};
  }));
  ASSERT_EQ(ids.size(), 5u);
  EXPECT_LT(ids[0], ids[1]);
  auto due = [&](std::int64_t now, std::int32_t limit) {
    Result<std::vector<OutboxMail>> r = Transact<std::vector<OutboxMail>>(
        *db_, TxMode::kRead, [&](Transaction& tx) { return tx.outbox().Due(At(now), limit); });
    EXPECT_TRUE(r.has_value());
    return r ? Kinds(*r) : std::vector<std::string>{};
  };
  auto count = [&] {
    return *Transact<std::int64_t>(*db_, TxMode::kRead,
                                   [](Transaction& tx) { return tx.outbox().Count(); });
  };
  using Kinds_ = std::vector<std::string>;
  EXPECT_EQ(due(300, 10), (Kinds_{"a", "b1", "b2", "c"}));
  EXPECT_EQ(due(300, 2), (Kinds_{"a", "b1"}));
  EXPECT_EQ(due(99, 10), Kinds_{});
  EXPECT_EQ(due(300, 0), Kinds_{});
  EXPECT_EQ(count(), 5);

  // "a" (ids[1]) fails transiently and moves behind "c".
  CLOCKKO_ASSERT_OK(Write(
      [&](Transaction& tx) { return tx.outbox().Reschedule(ids[1], At(400), "smtp_timeout"); }));
  EXPECT_EQ(due(300, 10), (Kinds_{"b1", "b2", "c"}));
  Result<std::vector<OutboxMail>> later = Transact<std::vector<OutboxMail>>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().Due(At(400), 10); });
  ASSERT_TRUE(later.has_value());
  ASSERT_EQ(Kinds(*later), (Kinds_{"b1", "b2", "c", "a"}));
  EXPECT_EQ(later->back().attempts, 1);
  EXPECT_EQ(later->back().last_error, "smtp_timeout");
  EXPECT_EQ(later->back().next_attempt_at, At(400));

  // "b1" delivered. Removing it again, or rescheduling a gone row, is harmless.
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.outbox().Remove(ids[2]); }));
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.outbox().Remove(ids[2]); }));
  CLOCKKO_ASSERT_OK(
      Write([&](Transaction& tx) { return tx.outbox().Reschedule(ids[2], At(1), "x"); }));
  EXPECT_EQ(due(400, 10), (Kinds_{"b2", "c", "a"}));
  EXPECT_EQ(count(), 4);

  Result<std::vector<OutboxMail>> all = Transact<std::vector<OutboxMail>>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().List(10); });
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(Kinds(*all), (Kinds_{"b2", "c", "a", "later"}));
  Result<std::vector<OutboxMail>> two = Transact<std::vector<OutboxMail>>(
      *db_, TxMode::kRead, [](Transaction& tx) { return tx.outbox().List(2); });
  EXPECT_EQ(two->size(), 2u);
}

SecurityEvent MakeEvent(std::int64_t at, const std::string& event,
                        std::optional<std::string> user_id) {
  SecurityEvent e;
  e.at = At(at);
  e.event = event;
  e.user_id = std::move(user_id);
  e.client_ip = "203.0.113.7";
  e.request_id = "req-" + std::to_string(at);
  e.detail = "u***@example.com";
  return e;
}

TEST_P(StoreContract, SecurityEventsNewestFirstFilteredByUser) {
  const std::string alice = MakeUser(1).id;
  const std::string bob = MakeUser(2).id;  // no user rows needed: the audit table has no FK
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.security_events().Append(MakeEvent(10, "login_failed", alice)).has_value());
    EXPECT_TRUE(tx.security_events().Append(MakeEvent(30, "login_succeeded", alice)).has_value());
    EXPECT_TRUE(tx.security_events().Append(MakeEvent(20, "login_failed", bob)).has_value());
    return tx.security_events().Append(MakeEvent(40, "token_rejected", std::nullopt));
  }));
  auto recent = [&](std::int32_t limit, std::optional<std::string> user) {
    Result<std::vector<SecurityEvent>> r = Transact<std::vector<SecurityEvent>>(
        *db_, TxMode::kRead,
        [&](Transaction& tx) { return tx.security_events().Recent(limit, user); });
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::vector<SecurityEvent>{};
  };
  std::vector<SecurityEvent> all = recent(10, std::nullopt);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].event, "token_rejected");
  EXPECT_FALSE(all[0].user_id.has_value());
  EXPECT_EQ(all[1].at, At(30));
  EXPECT_EQ(all[2].at, At(20));
  EXPECT_EQ(all[3].at, At(10));
  EXPECT_EQ(all[3].client_ip, "203.0.113.7");
  EXPECT_EQ(all[3].request_id, "req-10");
  EXPECT_EQ(all[3].detail, "u***@example.com");
  EXPECT_EQ(all[3].user_id, alice);
  EXPECT_GT(all[3].id, 0);

  std::vector<SecurityEvent> alices = recent(10, alice);
  ASSERT_EQ(alices.size(), 2u);
  EXPECT_EQ(alices[0].event, "login_succeeded");
  EXPECT_EQ(alices[1].event, "login_failed");
  EXPECT_EQ(recent(1, alice).size(), 1u);
  EXPECT_EQ(recent(2, std::nullopt).size(), 2u);
  EXPECT_TRUE(recent(0, std::nullopt).empty());
  EXPECT_TRUE(recent(10, std::string("nobody")).empty());
}

}  // namespace
}  // namespace clockko::store::testing
