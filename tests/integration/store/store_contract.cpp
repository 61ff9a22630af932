#include "store_contract.hpp"

#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace clockko::store::testing {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "clockko-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "mkdtemp failed";
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void StoreContract::SetUp() {
  Result<std::unique_ptr<Database>> opened = GetParam().open(dir_.path(), kPoolSize);
  ASSERT_TRUE(opened.has_value()) << Describe(opened.error());
  db_ = std::move(*opened);
  Result<int> migrated = GetParam().migrate(*db_);
  ASSERT_TRUE(migrated.has_value()) << Describe(migrated.error());
  first_migration_count_ = *migrated;
}

void StoreContract::TearDown() { db_.reset(); }

std::unique_ptr<Database> StoreContract::OpenMigrated(int pool_size) {
  Result<std::unique_ptr<Database>> opened = GetParam().open(dir_.path(), pool_size);
  EXPECT_TRUE(opened.has_value()) << Describe(opened.error());
  if (!opened) {
    return nullptr;
  }
  Result<int> migrated = GetParam().migrate(**opened);
  EXPECT_TRUE(migrated.has_value()) << Describe(migrated.error());
  return std::move(*opened);
}

void StoreContract::Reopen() {
  db_.reset();
  db_ = OpenMigrated(kPoolSize);
  ASSERT_NE(db_, nullptr);
}

void StoreContract::InsertUser(const UserRecord& user) {
  CLOCKKO_ASSERT_OK(Write([&](Transaction& tx) { return tx.users().Insert(user); }));
}

std::optional<UserRecord> StoreContract::FindUser(const std::string& id) {
  std::optional<UserRecord> found;
  Result<> r = Read([&](Transaction& tx) -> Result<> {
    Result<std::optional<UserRecord>> user = tx.users().FindById(id);
    if (!user) {
      return Forward(std::move(user.error()));
    }
    found = std::move(*user);
    return {};
  });
  EXPECT_TRUE(r.has_value()) << Describe(r.error());
  return found;
}

UserRecord MakeUser(int n) {
  UserRecord user;
  char id[37];
  std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  user.id = id;
  user.username = "user" + std::to_string(n);
  user.email = "User" + std::to_string(n) + "@example.com";
  user.email_lower = "user" + std::to_string(n) + "@example.com";
  user.full_name = "User Number " + std::to_string(n);
  user.password_hash = "$2b$12$abcdefghijklmnopqrstuuJ0vZ3bQh4bJ0vZ3bQh4bJ0vZ3bQh4bJ";
  user.created_at = At(1'700'000'000 + n);
  user.updated_at = user.created_at;
  return user;
}

OutboxMail MakeMail(const std::string& kind, Timestamp next_attempt_at,
                    std::optional<std::string> user_id) {
  OutboxMail mail;
  mail.kind = kind;
  mail.user_id = std::move(user_id);
  mail.recipient = "someone@example.com";
  mail.subject = "Subject of " + kind;
  mail.text_body = "Text of " + kind;
  mail.html_body = "<p>HTML of " + kind + "</p>";
  mail.created_at = At(1'700'000'000);
  mail.next_attempt_at = next_attempt_at;
  return mail;
}

std::string Describe(const Error& error) {
  return "errc=" + std::to_string(static_cast<int>(error.errc)) + " code=" + error.code +
         " message=" + error.public_message + " detail=" + error.detail;
}

}  // namespace clockko::store::testing
