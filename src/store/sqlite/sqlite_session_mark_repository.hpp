#pragma once
// SqliteSessionMarkRepository: store::SessionMarkRepository over `recent_auth_marks` and
// `carried_tokens` of one open connection. Lives inside a SqliteTransaction; not thread-safe.
// Errors: kUnavailable, kInternal (including a user_id that names no user: a caller bug).
#include <cstdint>
#include <optional>
#include <string>

#include "store/session_mark_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteSessionMarkRepository final : public SessionMarkRepository {
 public:
  explicit SqliteSessionMarkRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteSessionMarkRepository(const SqliteSessionMarkRepository&) = delete;
  SqliteSessionMarkRepository& operator=(const SqliteSessionMarkRepository&) = delete;

  Result<> MarkRecentAuth(const std::string& jti, const std::string& user_id,
                          Timestamp until) override;
  Result<std::optional<Timestamp>> RecentAuthUntil(const std::string& jti) override;
  Result<> CarryToken(const std::string& jti, const std::string& user_id, std::int64_t ver,
                      Timestamp expires_at) override;
  Result<bool> IsCarried(const std::string& jti, const std::string& user_id,
                         std::int64_t ver) override;
  Result<> DropMarks(const std::string& jti) override;
  Result<> DropAllForUser(const std::string& user_id) override;
  Result<> DropCarriedForUser(const std::string& user_id) override;
  Result<std::int64_t> PurgeExpired(Timestamp now) override;

 private:
  // Runs a DELETE with one text or time parameter and returns how many rows it removed.
  Result<std::int64_t> DeleteWhere(const char* sql, const std::string* text, const Timestamp* time,
                                   const char* what);

  sqlite::Connection& connection_;
};

}  // namespace clockko::store
