#include "store/sqlite/sqlite_one_time_code_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

// A new code for the same (user, purpose) replaces the old one, attempts included.
constexpr const char* kPut =
    "INSERT INTO one_time_codes (user_id, purpose, code_hmac, target, expires_at, attempts, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (user_id, purpose) DO UPDATE SET code_hmac = excluded.code_hmac, "
    "target = excluded.target, expires_at = excluded.expires_at, attempts = excluded.attempts, "
    "created_at = excluded.created_at";
constexpr const char* kFind =
    "SELECT user_id, purpose, code_hmac, target, expires_at, attempts, created_at "
    "FROM one_time_codes WHERE user_id = ?1 AND purpose = ?2";
constexpr const char* kIncrement =
    "UPDATE one_time_codes SET attempts = attempts + 1 WHERE user_id = ?1 AND purpose = ?2";
constexpr const char* kAttempts =
    "SELECT attempts FROM one_time_codes WHERE user_id = ?1 AND purpose = ?2";
// The compare-and-delete: one statement, so it is atomic on its own.
constexpr const char* kConsume =
    "DELETE FROM one_time_codes WHERE user_id = ?1 AND purpose = ?2 AND code_hmac = ?3";
constexpr const char* kDelete = "DELETE FROM one_time_codes WHERE user_id = ?1 AND purpose = ?2";
constexpr const char* kDeleteAll = "DELETE FROM one_time_codes WHERE user_id = ?1";
constexpr const char* kPurge = "DELETE FROM one_time_codes WHERE expires_at < ?1";

}  // namespace

Result<> SqliteOneTimeCodeRepository::Put(const OneTimeCode& code) {
  Result<Statement> stmt = connection_.Prepare(kPut);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, code.user_id)
      .BindText(2, code.purpose)
      .BindText(3, code.code_hmac)
      .BindText(4, code.target)
      .BindTime(5, code.expires_at)
      .BindInt(6, code.attempts)
      .BindTime(7, code.created_at);
  return stmt->Run("one_time_codes.put");
}

Result<std::optional<OneTimeCode>> SqliteOneTimeCodeRepository::Find(const std::string& user_id,
                                                                     const std::string& purpose) {
  Result<Statement> stmt = connection_.Prepare(kFind);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, purpose);
  Result<bool> row = stmt->Step("one_time_codes.find");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<OneTimeCode>();
  }
  OneTimeCode code;
  code.user_id = stmt->ColumnText(0);
  code.purpose = stmt->ColumnText(1);
  code.code_hmac = stmt->ColumnText(2);
  code.target = stmt->ColumnText(3);
  code.expires_at = stmt->ColumnTime(4);
  code.attempts = static_cast<std::int32_t>(stmt->ColumnInt(5));
  code.created_at = stmt->ColumnTime(6);
  return std::optional<OneTimeCode>(std::move(code));
}

Result<std::int32_t> SqliteOneTimeCodeRepository::RecordFailedAttempt(const std::string& user_id,
                                                                      const std::string& purpose) {
  {
    Result<Statement> stmt = connection_.Prepare(kIncrement);
    if (!stmt) {
      return Forward(std::move(stmt.error()));
    }
    stmt->BindText(1, user_id).BindText(2, purpose);
    Result<> done = stmt->Run("one_time_codes.record_failed_attempt");
    if (!done) {
      return Forward(std::move(done.error()));
    }
    if (connection_.Changes() == 0) {
      return 0;
    }
  }
  Result<Statement> stmt = connection_.Prepare(kAttempts);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, purpose);
  Result<bool> row = stmt->Step("one_time_codes.attempts");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  return *row ? static_cast<std::int32_t>(stmt->ColumnInt(0)) : 0;
}

Result<bool> SqliteOneTimeCodeRepository::Consume(const std::string& user_id,
                                                  const std::string& purpose,
                                                  const std::string& code_hmac) {
  Result<Statement> stmt = connection_.Prepare(kConsume);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, purpose).BindText(3, code_hmac);
  Result<> done = stmt->Run("one_time_codes.consume");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes() > 0;
}

Result<> SqliteOneTimeCodeRepository::Delete(const std::string& user_id,
                                             const std::string& purpose) {
  Result<Statement> stmt = connection_.Prepare(kDelete);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, purpose);
  return stmt->Run("one_time_codes.delete");
}

Result<> SqliteOneTimeCodeRepository::DeleteAllForUser(const std::string& user_id) {
  Result<Statement> stmt = connection_.Prepare(kDeleteAll);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id);
  return stmt->Run("one_time_codes.delete_all_for_user");
}

Result<std::int64_t> SqliteOneTimeCodeRepository::PurgeExpired(Timestamp now) {
  Result<Statement> stmt = connection_.Prepare(kPurge);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindTime(1, now);
  Result<> done = stmt->Run("one_time_codes.purge");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes();
}

}  // namespace clockko::store
