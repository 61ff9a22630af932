#pragma once
// ProfileService: the caller's own profile fields (API.md §2.4 PUT /api/auth/user). Thread-safe;
// blocking (store). Errors: kInvalidArgument "validation_error", kUnauthenticated "invalid_token"
// when the account vanished meanwhile, kUnavailable/kInternal from the store.
#include <cstddef>
#include <optional>
#include <string>

#include "auth/audit_log.hpp"
#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace clockko::auth {

// A partial update: an empty optional leaves the field unchanged.
struct ProfileUpdate {
  std::optional<std::string> name;
  std::optional<std::string> phone_number;               // "" clears
  std::optional<std::optional<std::string>> avatar_url;  // inner nullopt clears
};

struct ProfileOptions {
  std::size_t avatar_max_bytes = 5242880;  // AVATAR_MAX_BYTES: largest decoded uploaded image
};

class ProfileService {
 public:
  ProfileService(store::Database& db, AuditLog& audit, const Clock& clock, ProfileOptions options);
  ProfileService(const ProfileService&) = delete;
  ProfileService& operator=(const ProfileService&) = delete;

  // Validates every given field first; nothing is written when one fails. An avatar given as a
  // data: URL is stored in the avatars table and the user's avatar_url becomes its server URL
  // (/api/users/<id>/avatar/<hash>); errors then also include "payload_too_large".
  Result<store::UserRecord> Update(const std::string& user_id, const ProfileUpdate& update,
                                   const RequestMeta& meta);

  // The stored picture of `user_id` if `hash` is its current hash; kNotFound otherwise.
  Result<store::AvatarRecord> FindAvatar(const std::string& user_id, const std::string& hash);

 private:
  store::Database& db_;
  AuditLog& audit_;
  const Clock& clock_;
  ProfileOptions options_;
};

}  // namespace clockko::auth
