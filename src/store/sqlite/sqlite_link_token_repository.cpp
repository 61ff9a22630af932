#include "store/sqlite/sqlite_link_token_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

constexpr const char* kInsert =
    "INSERT INTO link_tokens (token_hash, user_id, purpose, expires_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kFind =
    "SELECT token_hash, user_id, purpose, expires_at, created_at FROM link_tokens "
    "WHERE token_hash = ?1";
constexpr const char* kConsume = "DELETE FROM link_tokens WHERE token_hash = ?1";
constexpr const char* kDeleteForUser =
    "DELETE FROM link_tokens WHERE user_id = ?1 AND purpose = ?2";
constexpr const char* kDeleteAll = "DELETE FROM link_tokens WHERE user_id = ?1";
constexpr const char* kPurge = "DELETE FROM link_tokens WHERE expires_at < ?1";

}  // namespace

Result<> SqliteLinkTokenRepository::Put(const LinkToken& token) {
  // The earlier token of this (user, purpose) goes first: one per (user, purpose). Both
  // statements run in the caller's transaction.
  if (Result<> deleted = DeleteForUser(token.user_id, token.purpose); !deleted) {
    return deleted;
  }
  Result<Statement> stmt = connection_.Prepare(kInsert);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, token.token_hash)
      .BindText(2, token.user_id)
      .BindText(3, token.purpose)
      .BindTime(4, token.expires_at)
      .BindTime(5, token.created_at);
  return stmt->Run("link_tokens.put");
}

Result<std::optional<LinkToken>> SqliteLinkTokenRepository::FindByHash(
    const std::string& token_hash) {
  Result<Statement> stmt = connection_.Prepare(kFind);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, token_hash);
  Result<bool> row = stmt->Step("link_tokens.find_by_hash");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<LinkToken>();
  }
  LinkToken token;
  token.token_hash = stmt->ColumnText(0);
  token.user_id = stmt->ColumnText(1);
  token.purpose = stmt->ColumnText(2);
  token.expires_at = stmt->ColumnTime(3);
  token.created_at = stmt->ColumnTime(4);
  return std::optional<LinkToken>(std::move(token));
}

Result<bool> SqliteLinkTokenRepository::Consume(const std::string& token_hash) {
  Result<Statement> stmt = connection_.Prepare(kConsume);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, token_hash);
  Result<> done = stmt->Run("link_tokens.consume");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes() > 0;
}

Result<> SqliteLinkTokenRepository::DeleteForUser(const std::string& user_id,
                                                  const std::string& purpose) {
  Result<Statement> stmt = connection_.Prepare(kDeleteForUser);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, purpose);
  return stmt->Run("link_tokens.delete_for_user");
}

Result<> SqliteLinkTokenRepository::DeleteAllForUser(const std::string& user_id) {
  Result<Statement> stmt = connection_.Prepare(kDeleteAll);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id);
  return stmt->Run("link_tokens.delete_all_for_user");
}

Result<std::int64_t> SqliteLinkTokenRepository::PurgeExpired(Timestamp now) {
  Result<Statement> stmt = connection_.Prepare(kPurge);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindTime(1, now);
  Result<> done = stmt->Run("link_tokens.purge");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.Changes();
}

}  // namespace clockko::store
