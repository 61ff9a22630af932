#include "store/sqlite/sqlite_user_repository.hpp"

#include <string_view>
#include <utility>

#include "store/sqlite/sqlite_error.hpp"

namespace clockko::store {
namespace {

using sqlite::Statement;

#define CLOCKKO_USER_COLUMNS                                                                 \
  "id, username, email, email_lower, full_name, phone_number, avatar_url, hashed_password, " \
  "is_active, is_verified, otp_verified, onboarding_completed, two_factor_enabled, "         \
  "token_version, created_at, updated_at, password_changed_at"

constexpr const char* kInsert = "INSERT INTO users (" CLOCKKO_USER_COLUMNS
                                ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                "?13, ?14, ?15, ?16, ?17)";
constexpr const char* kUpdate =
    "UPDATE users SET username = ?2, email = ?3, email_lower = ?4, full_name = ?5, "
    "phone_number = ?6, avatar_url = ?7, hashed_password = ?8, is_active = ?9, "
    "is_verified = ?10, otp_verified = ?11, onboarding_completed = ?12, "
    "two_factor_enabled = ?13, token_version = ?14, updated_at = ?16, "
    "password_changed_at = ?17 WHERE id = ?1";
constexpr const char* kFindById = "SELECT " CLOCKKO_USER_COLUMNS " FROM users WHERE id = ?1";
constexpr const char* kFindByEmailLower =
    "SELECT " CLOCKKO_USER_COLUMNS " FROM users WHERE email_lower = ?1";
constexpr const char* kUsernameExists = "SELECT 1 FROM users WHERE username = ?1";
constexpr const char* kBumpTokenVersion =
    "UPDATE users SET token_version = token_version + 1 WHERE id = ?1 RETURNING token_version";
constexpr const char* kList =
    "SELECT " CLOCKKO_USER_COLUMNS " FROM users ORDER BY created_at, id LIMIT ?1 OFFSET ?2";
constexpr const char* kDelete = "DELETE FROM users WHERE id = ?1";

#undef CLOCKKO_USER_COLUMNS

// Binds every column in CLOCKKO_USER_COLUMNS order to ?1..?17 (kUpdate skips ?15, created_at).
void BindUser(Statement& stmt, const UserRecord& user) {
  stmt.BindText(1, user.id)
      .BindText(2, user.username)
      .BindText(3, user.email)
      .BindText(4, user.email_lower)
      .BindText(5, user.full_name)
      .BindOptionalText(6, user.phone_number)
      .BindOptionalText(7, user.avatar_url)
      .BindOptionalText(8, user.password_hash)
      .BindBool(9, user.is_active)
      .BindBool(10, user.is_verified)
      .BindBool(11, user.otp_verified)
      .BindBool(12, user.onboarding_completed)
      .BindBool(13, user.two_factor_enabled)
      .BindInt(14, user.token_version)
      .BindTime(15, user.created_at)
      .BindTime(16, user.updated_at)
      .BindOptionalTime(17, user.password_changed_at);
}

UserRecord ReadUser(const Statement& stmt) {
  UserRecord user;
  user.id = stmt.ColumnText(0);
  user.username = stmt.ColumnText(1);
  user.email = stmt.ColumnText(2);
  user.email_lower = stmt.ColumnText(3);
  user.full_name = stmt.ColumnText(4);
  user.phone_number = stmt.ColumnOptionalText(5);
  user.avatar_url = stmt.ColumnOptionalText(6);
  user.password_hash = stmt.ColumnOptionalText(7);
  user.is_active = stmt.ColumnBool(8);
  user.is_verified = stmt.ColumnBool(9);
  user.otp_verified = stmt.ColumnBool(10);
  user.onboarding_completed = stmt.ColumnBool(11);
  user.two_factor_enabled = stmt.ColumnBool(12);
  user.token_version = stmt.ColumnInt(13);
  user.created_at = stmt.ColumnTime(14);
  user.updated_at = stmt.ColumnTime(15);
  user.password_changed_at = stmt.ColumnOptionalTime(16);
  return user;
}

// A failed INSERT/UPDATE: unique violations on the two user-facing keys become the API's
// "taken" errors; SQLite names the column in its message ("UNIQUE constraint failed:
// users.email_lower"), which is the only way the C API reports which index was hit.
Error MapWriteError(const Statement& stmt, Error error) {
  if (stmt.last_error_code() == SQLITE_CONSTRAINT_UNIQUE) {
    const std::string_view message = stmt.last_error_message();
    if (message.find("users.email_lower") != std::string_view::npos) {
      return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered").value();
    }
    if (message.find("users.username") != std::string_view::npos) {
      return Fail(Errc::kAlreadyExists, "username_taken", "Username taken").value();
    }
  }
  return error;
}

tl::unexpected<Error> UserNotFound() {
  return Fail(Errc::kNotFound, "not_found", "User not found");
}

}  // namespace

Result<> SqliteUserRepository::Insert(const UserRecord& user) {
  Result<Statement> stmt = connection_.Prepare(kInsert);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  BindUser(*stmt, user);
  Result<> done = stmt->Run("users.insert");
  if (!done) {
    return Forward(MapWriteError(*stmt, std::move(done.error())));
  }
  return {};
}

Result<std::optional<UserRecord>> SqliteUserRepository::FindOne(const char* sql,
                                                                const std::string& key,
                                                                const char* what) {
  Result<Statement> stmt = connection_.Prepare(sql);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, key);
  Result<bool> row = stmt->Step(what);
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<UserRecord>();
  }
  return std::optional<UserRecord>(ReadUser(*stmt));
}

Result<std::optional<UserRecord>> SqliteUserRepository::FindById(const std::string& id) {
  return FindOne(kFindById, id, "users.find_by_id");
}

Result<std::optional<UserRecord>> SqliteUserRepository::FindByEmailLower(
    const std::string& email_lower) {
  return FindOne(kFindByEmailLower, email_lower, "users.find_by_email");
}

Result<bool> SqliteUserRepository::UsernameExists(const std::string& username) {
  Result<Statement> stmt = connection_.Prepare(kUsernameExists);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, username);
  return stmt->Step("users.username_exists");
}

Result<> SqliteUserRepository::Update(const UserRecord& user) {
  Result<Statement> stmt = connection_.Prepare(kUpdate);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  BindUser(*stmt, user);  // ?15 (created_at) is bound but unused: created_at never changes
  Result<> done = stmt->Run("users.update");
  if (!done) {
    return Forward(MapWriteError(*stmt, std::move(done.error())));
  }
  if (connection_.Changes() == 0) {
    return UserNotFound();
  }
  return {};
}

Result<std::int64_t> SqliteUserRepository::BumpTokenVersion(const std::string& id) {
  Result<Statement> stmt = connection_.Prepare(kBumpTokenVersion);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, id);
  Result<bool> row = stmt->Step("users.bump_token_version");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return UserNotFound();
  }
  const std::int64_t version = stmt->ColumnInt(0);
  // RETURNING rows are produced before the statement completes; finish it so the write is done.
  Result<> rest = stmt->Run("users.bump_token_version");
  if (!rest) {
    return Forward(std::move(rest.error()));
  }
  return version;
}

Result<std::vector<UserRecord>> SqliteUserRepository::List(std::int64_t limit,
                                                           std::int64_t offset) {
  std::vector<UserRecord> users;
  if (limit <= 0) {
    return users;  // SQLite reads a negative LIMIT as "no limit"
  }
  Result<Statement> stmt = connection_.Prepare(kList);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindInt(1, limit).BindInt(2, offset < 0 ? 0 : offset);
  while (true) {
    Result<bool> row = stmt->Step("users.list");
    if (!row) {
      return Forward(std::move(row.error()));
    }
    if (!*row) {
      return users;
    }
    users.push_back(ReadUser(*stmt));
  }
}

Result<bool> SqliteUserRepository::Delete(const std::string& id) {
  Result<Statement> stmt = connection_.Prepare(kDelete);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, id);
  Result<> done = stmt->Run("users.delete");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes() > 0;
}

}  // namespace clockko::store
