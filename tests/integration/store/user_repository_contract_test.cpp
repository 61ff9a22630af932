// Contract: store::UserRepository (through Database::Run).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store_contract.hpp"

namespace clockko::store::testing {
namespace {

TEST_P(StoreContract, InsertedUserRoundTripsEveryField) {
  UserRecord user = MakeUser(1);
  user.phone_number = "+15551234567";
  user.avatar_url = "https://example.com/a.png";
  user.is_active = false;
  user.is_verified = true;
  user.otp_verified = true;
  user.onboarding_completed = true;
  user.two_factor_enabled = true;
  user.token_version = 7;
  user.updated_at = At(1'800'000'000);
  user.password_changed_at = At(1'750'000'000);
  InsertUser(user);

  std::optional<UserRecord> found = FindUser(user.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, user.id);
  EXPECT_EQ(found->username, user.username);
  EXPECT_EQ(found->email, user.email);
  EXPECT_EQ(found->email_lower, user.email_lower);
  EXPECT_EQ(found->full_name, user.full_name);
  EXPECT_EQ(found->phone_number, user.phone_number);
  EXPECT_EQ(found->avatar_url, user.avatar_url);
  EXPECT_EQ(found->password_hash, user.password_hash);
  EXPECT_FALSE(found->is_active);
  EXPECT_TRUE(found->is_verified);
  EXPECT_TRUE(found->otp_verified);
  EXPECT_TRUE(found->onboarding_completed);
  EXPECT_TRUE(found->two_factor_enabled);
  EXPECT_EQ(found->token_version, 7);
  EXPECT_EQ(found->created_at, user.created_at);
  EXPECT_EQ(found->updated_at, user.updated_at);
  EXPECT_EQ(found->password_changed_at, user.password_changed_at);
}

TEST_P(StoreContract, AbsentOptionalsStayAbsent) {
  UserRecord user = MakeUser(1);
  user.password_hash.reset();  // a Google-only account
  InsertUser(user);
  std::optional<UserRecord> found = FindUser(user.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->phone_number.has_value());
  EXPECT_FALSE(found->avatar_url.has_value());
  EXPECT_FALSE(found->password_hash.has_value());
  EXPECT_FALSE(found->password_changed_at.has_value());
  EXPECT_TRUE(found->is_active);
  EXPECT_FALSE(found->is_verified);
  EXPECT_EQ(found->token_version, 0);
}

TEST_P(StoreContract, TextIsStoredVerbatim) {
  UserRecord user = MakeUser(1);
  user.full_name = "Robert'); DROP TABLE users;-- Zo\xC3\xAB \xE5\x90\x8D\xE5\x89\x8D \"%_?";
  InsertUser(user);
  std::optional<UserRecord> found = FindUser(user.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->full_name, user.full_name);
  EXPECT_TRUE(FindUser(MakeUser(1).id).has_value());  // the table is still there
}

TEST_P(StoreContract, FindByEmailLowerAndUnknownKeys) {
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  CLOCKKO_ASSERT_OK(Read([&](Transaction& tx) -> Result<> {
    Result<std::optional<UserRecord>> by_email = tx.users().FindByEmailLower("user2@example.com");
    EXPECT_TRUE(by_email.has_value());
    EXPECT_TRUE(by_email->has_value());
    EXPECT_EQ((*by_email)->id, MakeUser(2).id);

    // The lookup key is the lower-cased form; the stored form is not a key.
    Result<std::optional<UserRecord>> typed = tx.users().FindByEmailLower("User2@example.com");
    EXPECT_TRUE(typed.has_value() && !typed->has_value());
    Result<std::optional<UserRecord>> unknown = tx.users().FindByEmailLower("nobody@example.com");
    EXPECT_TRUE(unknown.has_value() && !unknown->has_value());
    Result<std::optional<UserRecord>> no_id =
        tx.users().FindById("ffffffff-ffff-4fff-bfff-ffffffffffff");
    EXPECT_TRUE(no_id.has_value() && !no_id->has_value());
    Result<std::optional<UserRecord>> empty = tx.users().FindById("");
    EXPECT_TRUE(empty.has_value() && !empty->has_value());
    return {};
  }));
}

TEST_P(StoreContract, UsernameExists) {
  InsertUser(MakeUser(1));
  CLOCKKO_ASSERT_OK(Read([&](Transaction& tx) -> Result<> {
    Result<bool> yes = tx.users().UsernameExists("user1");
    Result<bool> no = tx.users().UsernameExists("user2");
    EXPECT_TRUE(yes.has_value() && *yes);
    EXPECT_TRUE(no.has_value() && !*no);
    return {};
  }));
}

TEST_P(StoreContract, DuplicateEmailInOtherCaseIsEmailTakenAndKeepsTheFirstRow) {
  UserRecord first = MakeUser(1);
  InsertUser(first);
  UserRecord second = MakeUser(2);
  second.email = "USER1@EXAMPLE.COM";
  second.email_lower = first.email_lower;
  Result<> r = Write([&](Transaction& tx) { return tx.users().Insert(second); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kAlreadyExists);
  EXPECT_EQ(r.error().code, "email_taken");
  EXPECT_EQ(r.error().public_message, "Email already registered");

  std::optional<UserRecord> kept = FindUser(first.id);
  ASSERT_TRUE(kept.has_value());
  EXPECT_EQ(kept->email, first.email);
  EXPECT_EQ(kept->username, first.username);
  EXPECT_FALSE(FindUser(second.id).has_value());
}

TEST_P(StoreContract, DuplicateUsernameIsUsernameTaken) {
  InsertUser(MakeUser(1));
  UserRecord second = MakeUser(2);
  second.username = "user1";
  Result<> r = Write([&](Transaction& tx) { return tx.users().Insert(second); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kAlreadyExists);
  EXPECT_EQ(r.error().code, "username_taken");
  EXPECT_EQ(r.error().public_message, "Username taken");
  EXPECT_FALSE(FindUser(second.id).has_value());
}

TEST_P(StoreContract, DuplicateIdIsNotReportedAsATakenAddress) {
  InsertUser(MakeUser(1));
  UserRecord clash = MakeUser(2);
  clash.id = MakeUser(1).id;
  Result<> r = Write([&](Transaction& tx) { return tx.users().Insert(clash); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kInternal);
}

TEST_P(StoreContract, UpdateWritesEveryMutableFieldButNotCreatedAt) {
  UserRecord user = MakeUser(1);
  InsertUser(user);
  UserRecord changed = user;
  changed.username = "renamed";
  changed.email = "New@example.com";
  changed.email_lower = "new@example.com";
  changed.full_name = "New Name";
  changed.phone_number = "+4930123456";
  changed.avatar_url = "https://example.com/b.png";
  changed.password_hash.reset();
  changed.is_active = false;
  changed.is_verified = true;
  changed.otp_verified = true;
  changed.onboarding_completed = true;
  changed.two_factor_enabled = true;
  changed.token_version = 3;
  changed.created_at = At(5);  // ignored
  changed.updated_at = At(1'900'000'000);
  changed.password_changed_at = At(1'899'999'999);
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.users().Update(changed); }));

  std::optional<UserRecord> found = FindUser(user.id);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->username, "renamed");
  EXPECT_EQ(found->email, "New@example.com");
  EXPECT_EQ(found->email_lower, "new@example.com");
  EXPECT_EQ(found->full_name, "New Name");
  EXPECT_EQ(found->phone_number, changed.phone_number);
  EXPECT_EQ(found->avatar_url, changed.avatar_url);
  EXPECT_FALSE(found->password_hash.has_value());
  EXPECT_FALSE(found->is_active);
  EXPECT_TRUE(found->is_verified);
  EXPECT_TRUE(found->otp_verified);
  EXPECT_TRUE(found->onboarding_completed);
  EXPECT_TRUE(found->two_factor_enabled);
  EXPECT_EQ(found->token_version, 3);
  EXPECT_EQ(found->created_at, user.created_at);
  EXPECT_EQ(found->updated_at, At(1'900'000'000));
  EXPECT_EQ(found->password_changed_at, At(1'899'999'999));

  // The old address is free again; the new one is the key.
  CLOCKKO_ASSERT_OK(Read([&](Transaction& tx) -> Result<> {
    Result<std::optional<UserRecord>> old_key = tx.users().FindByEmailLower(user.email_lower);
    EXPECT_TRUE(old_key.has_value() && !old_key->has_value());
    Result<std::optional<UserRecord>> new_key = tx.users().FindByEmailLower("new@example.com");
    EXPECT_TRUE(new_key.has_value() && new_key->has_value());
    return {};
  }));
}

TEST_P(StoreContract, UpdateIntoATakenAddressOrUsernameFails) {
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  UserRecord moved = MakeUser(2);
  moved.email_lower = MakeUser(1).email_lower;
  Result<> r = Write([&](Transaction& tx) { return tx.users().Update(moved); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kAlreadyExists);
  EXPECT_EQ(r.error().code, "email_taken");

  UserRecord renamed = MakeUser(2);
  renamed.username = "user1";
  r = Write([&](Transaction& tx) { return tx.users().Update(renamed); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "username_taken");

  std::optional<UserRecord> unchanged = FindUser(MakeUser(2).id);
  ASSERT_TRUE(unchanged.has_value());
  EXPECT_EQ(unchanged->email_lower, MakeUser(2).email_lower);
  EXPECT_EQ(unchanged->username, "user2");
}

TEST_P(StoreContract, UpdateOfAMissingRowIsNotFound) {
  Result<> r = Write([&](Transaction& tx) { return tx.users().Update(MakeUser(9)); });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kNotFound);
  EXPECT_FALSE(FindUser(MakeUser(9).id).has_value());
}

TEST_P(StoreContract, BumpTokenVersionIncrementsAndReturnsTheNewValue) {
  InsertUser(MakeUser(1));
  InsertUser(MakeUser(2));
  Result<std::int64_t> first = Transact<std::int64_t>(*db_, TxMode::kWrite, [&](Transaction& tx) {
    return tx.users().BumpTokenVersion(MakeUser(1).id);
  });
  Result<std::int64_t> second = Transact<std::int64_t>(*db_, TxMode::kWrite, [&](Transaction& tx) {
    return tx.users().BumpTokenVersion(MakeUser(1).id);
  });
  ASSERT_TRUE(first.has_value()) << Describe(first.error());
  ASSERT_TRUE(second.has_value()) << Describe(second.error());
  EXPECT_EQ(*first, 1);
  EXPECT_EQ(*second, 2);
  EXPECT_EQ(FindUser(MakeUser(1).id)->token_version, 2);
  EXPECT_EQ(FindUser(MakeUser(2).id)->token_version, 0);

  Result<std::int64_t> missing = Transact<std::int64_t>(
      *db_, TxMode::kWrite, [&](Transaction& tx) { return tx.users().BumpTokenVersion("nope"); });
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().errc, Errc::kNotFound);
}

std::vector<std::string> Usernames(const std::vector<UserRecord>& users) {
  std::vector<std::string> names;
  for (const UserRecord& user : users) {
    names.push_back(user.username);
  }
  return names;
}

TEST_P(StoreContract, ListOrdersByCreatedAtThenIdAndPages) {
  // Inserted out of order; users 3 and 4 share a created_at, so their ids decide.
  const int order[] = {5, 3, 1, 4, 2};
  for (int n : order) {
    UserRecord user = MakeUser(n);
    if (n == 4) {
      user.created_at = MakeUser(3).created_at;
    }
    InsertUser(user);
  }
  auto list = [&](std::int64_t limit, std::int64_t offset) {
    return Transact<std::vector<UserRecord>>(
        *db_, TxMode::kRead, [&](Transaction& tx) { return tx.users().List(limit, offset); });
  };
  using Names = std::vector<std::string>;
  Result<std::vector<UserRecord>> all = list(100, 0);
  ASSERT_TRUE(all.has_value());
  EXPECT_EQ(Usernames(*all), (Names{"user1", "user2", "user3", "user4", "user5"}));
  EXPECT_EQ(Usernames(*list(2, 0)), (Names{"user1", "user2"}));
  EXPECT_EQ(Usernames(*list(2, 2)), (Names{"user3", "user4"}));
  EXPECT_EQ(Usernames(*list(2, 4)), (Names{"user5"}));
  EXPECT_TRUE(list(2, 10)->empty());
  EXPECT_TRUE(list(0, 0)->empty());
  EXPECT_TRUE(list(-1, 0)->empty());
  EXPECT_EQ(Usernames(*list(1, -5)), (Names{"user1"}));
}

TEST_P(StoreContract, DeleteCascadesTokensAndMailButKeepsSecurityEvents) {
  const UserRecord doomed = MakeUser(1);
  const UserRecord other = MakeUser(2);
  InsertUser(doomed);
  InsertUser(other);
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) -> Result<> {
    EXPECT_TRUE(tx.revoked_tokens().Revoke("jti-doomed", doomed.id, At(2'000'000'000)));
    EXPECT_TRUE(tx.revoked_tokens().Revoke("jti-other", other.id, At(2'000'000'000)));
    EXPECT_TRUE(tx.outbox().Enqueue(MakeMail("welcome", At(1), doomed.id)));
    EXPECT_TRUE(tx.outbox().Enqueue(MakeMail("welcome", At(2), other.id)));
    EXPECT_TRUE(tx.outbox().Enqueue(MakeMail("notice", At(3), std::nullopt)));
    SecurityEvent event;
    event.at = At(10);
    event.event = "login_succeeded";
    event.user_id = doomed.id;
    return tx.security_events().Append(event);
  }));

  Result<bool> deleted = Transact<bool>(
      *db_, TxMode::kWrite, [&](Transaction& tx) { return tx.users().Delete(doomed.id); });
  ASSERT_TRUE(deleted.has_value());
  EXPECT_TRUE(*deleted);
  Result<bool> again = Transact<bool>(
      *db_, TxMode::kWrite, [&](Transaction& tx) { return tx.users().Delete(doomed.id); });
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(*again);

  EXPECT_FALSE(FindUser(doomed.id).has_value());
  EXPECT_TRUE(FindUser(other.id).has_value());
  CLOCKKO_ASSERT_OK(Read([&](Transaction& tx) -> Result<> {
    EXPECT_FALSE(*tx.revoked_tokens().IsRevoked("jti-doomed"));
    EXPECT_TRUE(*tx.revoked_tokens().IsRevoked("jti-other"));
    Result<std::vector<OutboxMail>> mail = tx.outbox().List(10);
    EXPECT_TRUE(mail.has_value());
    EXPECT_EQ(mail->size(), 2u);
    for (const OutboxMail& m : *mail) {
      EXPECT_NE(m.user_id, std::optional<std::string>(doomed.id));
    }
    Result<std::vector<SecurityEvent>> events = tx.security_events().Recent(10, doomed.id);
    EXPECT_TRUE(events.has_value());
    EXPECT_EQ(events->size(), 1u);
    return {};
  }));
}

}  // namespace
}  // namespace clockko::store::testing
