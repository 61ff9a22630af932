#include "store/sqlite/sqlite_revoked_token_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

// A second revocation keeps the first row: its expiry is that of the same token anyway.
constexpr const char* kRevoke =
    "INSERT INTO revoked_tokens (jti, user_id, expires_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (jti) DO NOTHING";
constexpr const char* kIsRevoked = "SELECT 1 FROM revoked_tokens WHERE jti = ?1";
constexpr const char* kPurge = "DELETE FROM revoked_tokens WHERE expires_at < ?1";

}  // namespace

Result<> SqliteRevokedTokenRepository::Revoke(const std::string& jti, const std::string& user_id,
                                              Timestamp expires_at) {
  Result<Statement> stmt = connection_.Prepare(kRevoke);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti).BindText(2, user_id).BindTime(3, expires_at);
  return stmt->Run("revoked_tokens.revoke");
}

Result<bool> SqliteRevokedTokenRepository::IsRevoked(const std::string& jti) {
  Result<Statement> stmt = connection_.Prepare(kIsRevoked);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, jti);
  return stmt->Step("revoked_tokens.is_revoked");
}

Result<std::int64_t> SqliteRevokedTokenRepository::PurgeExpired(Timestamp now) {
  Result<Statement> stmt = connection_.Prepare(kPurge);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindTime(1, now);
  Result<> done = stmt->Run("revoked_tokens.purge");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes();
}

}  // namespace clockko::store
