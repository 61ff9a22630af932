#include "store/sqlite/sqlite_session_mark_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

constexpr const char* kMark =
    "INSERT INTO recent_auth_marks (jti, user_id, until) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (jti) DO UPDATE SET user_id = excluded.user_id, until = excluded.until";
constexpr const char* kUntil = "SELECT until FROM recent_auth_marks WHERE jti = ?1";
constexpr const char* kCarry =
    "INSERT INTO carried_tokens (jti, user_id, ver, expires_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (jti) DO UPDATE SET user_id = excluded.user_id, ver = excluded.ver, "
    "expires_at = excluded.expires_at";
constexpr const char* kIsCarried =
    "SELECT 1 FROM carried_tokens WHERE jti = ?1 AND user_id = ?2 AND ver = ?3";
constexpr const char* kDropMarks = "DELETE FROM recent_auth_marks WHERE jti = ?1";
constexpr const char* kDropUserMarks = "DELETE FROM recent_auth_marks WHERE user_id = ?1";
constexpr const char* kDropUserCarried = "DELETE FROM carried_tokens WHERE user_id = ?1";
constexpr const char* kPurgeMarks = "DELETE FROM recent_auth_marks WHERE until < ?1";
constexpr const char* kPurgeCarried = "DELETE FROM carried_tokens WHERE expires_at < ?1";

}  // namespace

Result<> SqliteSessionMarkRepository::MarkRecentAuth(const std::string& jti,
                                                     const std::string& user_id, Timestamp until) {
  Result<Statement> stmt = connection_.Prepare(kMark);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti).BindText(2, user_id).BindTime(3, until);
  return stmt->Run("recent_auth_marks.mark");
}

Result<std::optional<Timestamp>> SqliteSessionMarkRepository::RecentAuthUntil(
    const std::string& jti) {
  Result<Statement> stmt = connection_.Prepare(kUntil);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti);
  Result<bool> row = stmt->Step("recent_auth_marks.until");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<Timestamp>();
  }
  return std::optional<Timestamp>(stmt->ColumnTime(0));
}

Result<> SqliteSessionMarkRepository::CarryToken(const std::string& jti, const std::string& user_id,
                                                 std::int64_t ver, Timestamp expires_at) {
  Result<Statement> stmt = connection_.Prepare(kCarry);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti).BindText(2, user_id).BindInt(3, ver).BindTime(4, expires_at);
  return stmt->Run("carried_tokens.carry");
}

Result<bool> SqliteSessionMarkRepository::IsCarried(const std::string& jti,
                                                    const std::string& user_id, std::int64_t ver) {
  Result<Statement> stmt = connection_.Prepare(kIsCarried);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti).BindText(2, user_id).BindInt(3, ver);
  return stmt->Step("carried_tokens.is_carried");
}

Result<> SqliteSessionMarkRepository::DropMarks(const std::string& jti) {
  Result<std::int64_t> n = DeleteWhere(kDropMarks, &jti, nullptr, "recent_auth_marks.drop");
  if (!n) {
    return Forward(std::move(n.error()));
  }
  return {};
}

Result<> SqliteSessionMarkRepository::DropAllForUser(const std::string& user_id) {
  Result<std::int64_t> n =
      DeleteWhere(kDropUserMarks, &user_id, nullptr, "recent_auth_marks.drop_all_for_user");
  if (!n) {
    return Forward(std::move(n.error()));
  }
  return DropCarriedForUser(user_id);
}

Result<> SqliteSessionMarkRepository::DropCarriedForUser(const std::string& user_id) {
  Result<std::int64_t> n =
      DeleteWhere(kDropUserCarried, &user_id, nullptr, "carried_tokens.drop_all_for_user");
  if (!n) {
    return Forward(std::move(n.error()));
  }
  return {};
}

Result<std::int64_t> SqliteSessionMarkRepository::PurgeExpired(Timestamp now) {
  Result<std::int64_t> marks = DeleteWhere(kPurgeMarks, nullptr, &now, "recent_auth_marks.purge");
  if (!marks) {
    return marks;
  }
  Result<std::int64_t> carried = DeleteWhere(kPurgeCarried, nullptr, &now, "carried_tokens.purge");
  if (!carried) {
    return carried;
  }
  return *marks + *carried;
}

Result<std::int64_t> SqliteSessionMarkRepository::DeleteWhere(const char* sql,
                                                              const std::string* text,
                                                              const Timestamp* time,
                                                              const char* what) {
  Result<Statement> stmt = connection_.Prepare(sql);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  if (text != nullptr) {
    stmt->BindText(1, *text);
  }
  if (time != nullptr) {
    stmt->BindTime(1, *time);
  }
  Result<> done = stmt->Run(what);
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes();
}

}  // namespace clockko::store
