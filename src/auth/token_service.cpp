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
    bool carried = false;  // an older `ver` kept valid for this very token (API.md §1.8)
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
        if (out.user && out.user->token_version != claims->ver) {
          Result<bool> carried =
              tx.session_marks().IsCarried(claims->jti, claims->sub, claims->ver);
          if (!carried) {
            return Forward(std::move(carried.error()));
          }
          out.carried = *carried;
        }
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
  if (found->user->token_version != claims->ver && !found->carried) {
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
    if (Result<> dropped = tx.session_marks().DropMarks(principal.claims.jti); !dropped) {
      return dropped;
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
    if (Result<> dropped = tx.session_marks().DropAllForUser(principal.user.id); !dropped) {
      return dropped;
    }
    return audit_.Record(tx, Severity::kInfo, "logout_all", principal.user.id, meta, "");
  });
}

Result<> TokenService::MarkRecentAuth(store::Transaction& tx, const crypto::AccessClaims& claims,
                                      Timestamp until) {
  return tx.session_marks().MarkRecentAuth(claims.jti, claims.sub, until);
}

Result<std::optional<Timestamp>> TokenService::RecentAuthUntil(const Principal& principal) {
  return store::Transact<std::optional<Timestamp>>(
      db_, store::TxMode::kRead, [&](store::Transaction& tx) {
        return tx.session_marks().RecentAuthUntil(principal.claims.jti);
      });
}

Result<IssuedToken> TokenService::Reissue(store::Transaction& tx, const Principal& caller,
                                          const store::UserRecord& user,
                                          std::optional<Timestamp> mark_until) {
  // Only the caller survives this change: tokens carried over by an earlier change of another
  // session are "other tokens" now.
  if (Result<> dropped = tx.session_marks().DropCarriedForUser(caller.user.id); !dropped) {
    return Forward(std::move(dropped.error()));
  }
  Result<> carried =
      tx.session_marks().CarryToken(caller.claims.jti, caller.user.id, caller.claims.ver,
                                    Timestamp::FromUnixSeconds(caller.claims.exp));
  if (!carried) {
    return Forward(std::move(carried.error()));
  }
  IssuedToken fresh = Issue(user);
  if (mark_until) {
    if (Result<> marked = MarkRecentAuth(tx, fresh.claims, *mark_until); !marked) {
      return Forward(std::move(marked.error()));
    }
  }
  return fresh;
}

Result<Principal> TokenService::Reject(std::string_view reason,
                                       const std::optional<std::string>& user_id,
                                       const RequestMeta& meta, std::string code) {
  audit_.RecordNow(Severity::kWarning, "token_rejected", user_id, meta, reason);
  return Fail(Errc::kUnauthenticated, std::move(code), "Invalid credentials");
}

}  // namespace clockko::auth
