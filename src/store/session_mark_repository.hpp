#pragma once
// Per-token (jti) state: recent-authentication marks (API.md §1.9) and tokens carried across their
// own user's token_version bump (API.md §1.8). Rows go with their user (cascade). Reached through
// a store::Transaction (not thread-safe itself). Errors: kUnavailable, kInternal (including a
// user_id that names no user: a caller bug).
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

class SessionMarkRepository {
 public:
  virtual ~SessionMarkRepository() = default;
  // Upserts: the session `jti` counts as recently authenticated until `until`.
  virtual Result<> MarkRecentAuth(const std::string& jti, const std::string& user_id,
                                  Timestamp until) = 0;
  // The mark's `until`, or empty if none.
  virtual Result<std::optional<Timestamp>> RecentAuthUntil(const std::string& jti) = 0;
  // Records that token `jti` of `user_id`, issued with token version `ver`, stays valid until
  // `expires_at` even though the user's token_version moved on. Idempotent.
  virtual Result<> CarryToken(const std::string& jti, const std::string& user_id, std::int64_t ver,
                              Timestamp expires_at) = 0;
  // True iff `jti` was carried for exactly this user and ver.
  virtual Result<bool> IsCarried(const std::string& jti, const std::string& user_id,
                                 std::int64_t ver) = 0;
  // Drops the recent-auth mark of `jti` (logout).
  virtual Result<> DropMarks(const std::string& jti) = 0;
  // Drops every carried token and mark of the user (password reset, logout-all, disable).
  virtual Result<> DropAllForUser(const std::string& user_id) = 0;
  // Drops the user's carried tokens only (a new own-session change: only its caller is carried).
  virtual Result<> DropCarriedForUser(const std::string& user_id) = 0;
  // Removes marks whose `until` and carried tokens whose expires_at is before `now`; returns how
  // many rows in all.
  virtual Result<std::int64_t> PurgeExpired(Timestamp now) = 0;
};

}  // namespace clockko::store
