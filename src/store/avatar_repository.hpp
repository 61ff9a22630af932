#pragma once
// Uploaded profile pictures (API.md §2.4), kept out of the users row so GET /api/auth/user stays
// small. One picture per user: a new upload replaces the old one (its URL, which names the hash,
// then answers 404). Reached through a store::Transaction. Errors: kUnavailable, kInternal.
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct AvatarRecord {
  std::string user_id;
  std::string hash;          // first 16 hex characters of SHA-256 of `data`
  std::string content_type;  // image/png, image/jpeg, image/webp or image/gif
  std::string data;          // the decoded bytes
  Timestamp created_at;
};

class AvatarRepository {
 public:
  virtual ~AvatarRepository() = default;
  // Inserts or replaces the user's picture.
  virtual Result<> Put(const AvatarRecord& avatar) = 0;
  // The user's picture if its hash is `hash`; empty otherwise.
  virtual Result<std::optional<AvatarRecord>> Find(const std::string& user_id,
                                                   const std::string& hash) = 0;
  // Idempotent.
  virtual Result<> Remove(const std::string& user_id) = 0;
};

}  // namespace clockko::store
