#include "auth/token_service.hpp"

#include <optional>

namespace clockko::auth {

TokenService::TokenService(const crypto::JwtCodec& codec, store::Database& db, AuditLog& audit,
                           const Clock& clock, Random& random, int expire_minutes)
    : codec_(codec),
      db_(db),
      audit_(audit),
      clock_(clock),
      random_(random),
      expire_minutes_(expire_minutes) {}

IssuedToken TokenService::Issue(const store::UserRecord& user) {
  crypto::AccessClaims claims;
  claims.sub = user.id;
  claims.iat = clock_.Now().unix_seconds();
  claims.exp = claims.iat + static_cast<std::int64_t>(expire_minutes_) * 60;
  claims.jti = random_.Hex(16);
  claims.ver = user.token_version;
  return IssuedToken{codec_.Sign(claims), claims};
}

Result<Principal> TokenService::Authenticate(std::string_view token, const RequestMeta& meta) {
  Result<crypto::AccessClaims> claims = codec_.Verify(token, clock_.Now());
  if (!claims) {
    return Reject(claims.error().detail, std::nullopt, meta, claims.error().code);
  }
  struct Lookup {
    std::optional<store::UserRecord> user;
    bool revoked = false;
  };
  Result<Lookup> found = store::Transact<Lookup>(
      db_, store::TxMode::kRead, [&](store::Transaction& tx) -> Result<Lookup> {
        Lookup out;
        Result<std::optional<store::UserRecord>> user = tx.users().FindById(claims->sub);
        if (!user) {
          return Forward(std::move(user.error()));
        }
        out.user = std::move(*user);
        Result<bool> revoked = tx.revoked_tokens().IsRevoked(claims->jti);
        if (!revoked) {
          return Forward(std::move(revoked.error()));
        }
        out.revoked = *revoked;
        return out;
      });
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!found->user) {
    return Reject("user not found", std::nullopt, meta);
  }
  if (!found->user->is_active) {
    return Reject("user disabled", found->user->id, meta);
  }
  if (found->user->token_version != claims->ver) {
    return Reject("token version outdated", found->user->id, meta);
  }
  if (found->revoked) {
    return Reject("token revoked", found->user->id, meta);
  }
  return Principal{std::move(*found->user), std::move(*claims)};
}

Result<> TokenService::Logout(const Principal& principal, const RequestMeta& meta) {
  return db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<> r = tx.revoked_tokens().Revoke(principal.claims.jti, principal.user.id,
                                            Timestamp::FromUnixSeconds(principal.claims.exp));
    if (!r) {
      return r;
    }
    return audit_.Record(tx, Severity::kInfo, "logout", principal.user.id, meta, "");
  });
}

Result<> TokenService::LogoutAll(const Principal& principal, const RequestMeta& meta) {
  return db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::int64_t> bumped = tx.users().BumpTokenVersion(principal.user.id);
    if (!bumped) {
      return Forward(std::move(bumped.error()));
    }
    return audit_.Record(tx, Severity::kInfo, "logout_all", principal.user.id, meta, "");
  });
}

Result<Principal> TokenService::Reject(std::string_view reason,
                                       const std::optional<std::string>& user_id,
                                       const RequestMeta& meta, std::string code) {
  audit_.RecordNow(Severity::kWarning, "token_rejected", user_id, meta, reason);
  return Fail(Errc::kUnauthenticated, std::move(code), "Invalid credentials");
}

}  // namespace clockko::auth
