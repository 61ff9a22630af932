#pragma once
// Link tokens from mails (API.md §1.11): stored only as SHA-256, one per (user, purpose), single
// use through an atomic delete (Consume). Reached through a store::Transaction (not thread-safe
// itself). Errors: kUnavailable, kInternal (including a user_id that names no user: a caller bug).
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct LinkToken {
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  std::string user_id;
  std::string purpose;  // "verify_email", "reset_password", "delete_account"
  Timestamp expires_at;
  Timestamp created_at;
};

class LinkTokenRepository {
 public:
  virtual ~LinkTokenRepository() = default;
  // Inserts, replacing the user's earlier token of the same purpose (one per (user, purpose)).
  virtual Result<> Put(const LinkToken& token) = 0;
  virtual Result<std::optional<LinkToken>> FindByHash(const std::string& token_hash) = 0;
  // Deletes the row with this hash; true iff a row was deleted (atomic single use).
  virtual Result<bool> Consume(const std::string& token_hash) = 0;
  // Idempotent.
  virtual Result<> DeleteForUser(const std::string& user_id, const std::string& purpose) = 0;
  // Every purpose; idempotent.
  virtual Result<> DeleteAllForUser(const std::string& user_id) = 0;
  // Removes tokens whose expires_at is before `now`; returns how many.
  virtual Result<std::int64_t> PurgeExpired(Timestamp now) = 0;
};

}  // namespace clockko::store
