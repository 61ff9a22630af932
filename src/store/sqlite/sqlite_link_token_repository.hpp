#pragma once
// SqliteLinkTokenRepository: store::LinkTokenRepository over `link_tokens` of one open connection.
// Consume is a single DELETE, so a token works once even under concurrency. Lives inside a
// SqliteTransaction; not thread-safe. Errors: kUnavailable, kInternal (including a user_id that
// names no user, or a hash already stored for another (user, purpose): caller bugs).
#include <cstdint>
#include <optional>
#include <string>

#include "store/link_token_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteLinkTokenRepository final : public LinkTokenRepository {
 public:
  explicit SqliteLinkTokenRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteLinkTokenRepository(const SqliteLinkTokenRepository&) = delete;
  SqliteLinkTokenRepository& operator=(const SqliteLinkTokenRepository&) = delete;

  Result<> Put(const LinkToken& token) override;
  Result<std::optional<LinkToken>> FindByHash(const std::string& token_hash) override;
  Result<bool> Consume(const std::string& token_hash) override;
  Result<> DeleteForUser(const std::string& user_id, const std::string& purpose) override;
  Result<> DeleteAllForUser(const std::string& user_id) override;
  Result<std::int64_t> PurgeExpired(Timestamp now) override;

 private:
  sqlite::Connection& connection_;
};

}  // namespace clockko::store
