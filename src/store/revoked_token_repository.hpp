#pragma once
// Revoked access-token ids (logout). A jti stays listed until the token would have expired anyway.
// Reached through a store::Transaction. Errors: kUnavailable, kInternal.
#include <string>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

class RevokedTokenRepository {
 public:
  virtual ~RevokedTokenRepository() = default;
  // Idempotent: revoking a revoked jti again succeeds.
  virtual Result<> Revoke(const std::string& jti, const std::string& user_id,
                          Timestamp expires_at) = 0;
  virtual Result<bool> IsRevoked(const std::string& jti) = 0;
  // Removes entries whose expires_at is before `now`; returns how many.
  virtual Result<std::int64_t> PurgeExpired(Timestamp now) = 0;
};

}  // namespace clockko::store
