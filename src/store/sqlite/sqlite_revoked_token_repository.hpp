#pragma once
// SqliteRevokedTokenRepository: store::RevokedTokenRepository over `revoked_tokens` of one open
// connection. Lives inside a SqliteTransaction; not thread-safe. Errors: kUnavailable,
// kInternal (including a user_id that names no user: a caller bug).
#include <cstdint>
#include <string>

#include "store/revoked_token_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteRevokedTokenRepository final : public RevokedTokenRepository {
 public:
  explicit SqliteRevokedTokenRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteRevokedTokenRepository(const SqliteRevokedTokenRepository&) = delete;
  SqliteRevokedTokenRepository& operator=(const SqliteRevokedTokenRepository&) = delete;

  Result<> Revoke(const std::string& jti, const std::string& user_id,
                  Timestamp expires_at) override;
  Result<bool> IsRevoked(const std::string& jti) override;
  Result<std::int64_t> PurgeExpired(Timestamp now) override;

 private:
  sqlite::Connection& connection_;
};

}  // namespace clockko::store
