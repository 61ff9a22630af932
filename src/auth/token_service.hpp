#pragma once
// TokenService: issues HS256 access tokens and authenticates bearer tokens completely (API.md
// §1.8: the codec's checks 1–4, then step 5 against the store: the user exists and is active, `ver`
// equals the user's token_version, the jti is not revoked). Also logout (revoke one jti) and
// logout-all (bump token_version). Thread-safe; blocking (store): call on worker threads.
// Errors: kUnauthenticated "invalid_token"/"token_expired" (always "Invalid credentials"),
// kUnavailable/kInternal from the store.
#include <string>
#include <string_view>

#include "auth/audit_log.hpp"
#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "core/random.hpp"
#include "crypto/jwt.hpp"
#include "store/database.hpp"

namespace clockko::auth {

// The authenticated caller: the user row as read for this request and the verified claims.
struct Principal {
  store::UserRecord user;
  crypto::AccessClaims claims;
};

struct IssuedToken {
  std::string access_token;
  crypto::AccessClaims claims;
};

class TokenService {
 public:
  TokenService(const crypto::JwtCodec& codec, store::Database& db, AuditLog& audit,
               const Clock& clock, Random& random, int expire_minutes);
  TokenService(const TokenService&) = delete;
  TokenService& operator=(const TokenService&) = delete;

  // A fresh token for `user` at its current token_version.
  IssuedToken Issue(const store::UserRecord& user);

  // Marks the session of `claims` as recently authenticated until `until` (API.md §1.9).
  Result<> MarkRecentAuth(store::Transaction& tx, const crypto::AccessClaims& claims,
                          Timestamp until);
  // When the mark of this session ends; empty if it has none.
  Result<std::optional<Timestamp>> RecentAuthUntil(const Principal& principal);

  // After the caller's own action bumped the user's token_version inside `tx` (to
  // `user.token_version`): the calling token is carried over (stays valid until its expiry) and a
  // fresh token at the new version is returned; `mark_until`, when set, marks the new session as
  // recently authenticated (API.md §1.8).
  Result<IssuedToken> Reissue(store::Transaction& tx, const Principal& caller,
                              const store::UserRecord& user, std::optional<Timestamp> mark_until);

  Result<Principal> Authenticate(std::string_view token, const RequestMeta& meta);

  // Revokes this token's jti until it would expire. Idempotent.
  Result<> Logout(const Principal& principal, const RequestMeta& meta);
  // Bumps token_version: every token of the user, this one included, stops working.
  Result<> LogoutAll(const Principal& principal, const RequestMeta& meta);

 private:
  Result<Principal> Reject(std::string_view reason, const std::optional<std::string>& user_id,
                           const RequestMeta& meta, std::string code = "invalid_token");

  const crypto::JwtCodec& codec_;
  store::Database& db_;
  AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  int expire_minutes_;
};

}  // namespace clockko::auth
