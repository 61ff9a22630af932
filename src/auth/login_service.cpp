#include "auth/login_service.hpp"

#include <spdlog/spdlog.h>

#include "core/log_safe.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> InvalidCredentials() {
  return Fail(Errc::kUnauthenticated, "invalid_credentials", "Incorrect email or password");
}

}  // namespace

LoginService::LoginService(store::Database& db, crypto::PasswordHasher& hasher,
                           TokenService& tokens, AuditLog& audit, LoginOptions options)
    : db_(db), hasher_(hasher), tokens_(tokens), audit_(audit), options_(options) {}

Result<IssuedToken> LoginService::Login(const Email& email, std::string_view password,
                                        const RequestMeta& meta) {
  Result<std::optional<store::UserRecord>> found =
      store::Transact<std::optional<store::UserRecord>>(
          db_, store::TxMode::kRead,
          [&](store::Transaction& tx) { return tx.users().FindByEmailLower(email.lower()); });
  if (!found) {
    return Forward(std::move(found.error()));
  }
  const std::optional<store::UserRecord>& user = *found;
  const bool has_password = user && user->password_hash && !user->password_hash->empty();
  // Always exactly one bcrypt verification, against a dummy hash when there is nothing to check,
  // so timing does not tell an unknown address from a wrong password.
  const bool password_ok =
      hasher_.Verify(password, has_password ? *user->password_hash : hasher_.DummyHash());
  if (!has_password || !password_ok) {
    audit_.RecordNow(
        Severity::kWarning, "login_failed",
        user ? std::optional<std::string>(user->id) : std::nullopt, meta,
        MaskEmail(email.value()) +
            (user ? (has_password ? " wrong password" : " no password set") : " unknown address"));
    return InvalidCredentials();
  }
  if (!user->is_active) {
    audit_.RecordNow(Severity::kWarning, "login_refused_disabled", user->id, meta,
                     MaskEmail(email.value()));
    return Fail(Errc::kFailedPrecondition, "account_disabled", "Account is disabled");
  }
  if (options_.require_verified_email && !user->is_verified) {
    audit_.RecordNow(Severity::kWarning, "login_refused_unverified", user->id, meta,
                     MaskEmail(email.value()));
    return Fail(Errc::kPermissionDenied, "email_not_verified", "Email not verified");
  }
  RehashIfNeeded(*user, password, meta);
  IssuedToken token = tokens_.Issue(*user);
  // An interactive sign-in counts as a recent password confirmation (API.md §1.9).
  const Timestamp mark_until = Timestamp::FromUnixSeconds(token.claims.iat)
                                   .PlusSeconds(std::int64_t{options_.reauth_window_minutes} * 60);
  Result<> recorded = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    if (Result<> marked = tokens_.MarkRecentAuth(tx, token.claims, mark_until); !marked) {
      return marked;
    }
    return audit_.Record(tx, Severity::kInfo, "login_succeeded", user->id, meta,
                         MaskEmail(email.value()));
  });
  if (!recorded) {
    return Forward(std::move(recorded.error()));
  }
  return token;
}

void LoginService::RehashIfNeeded(const store::UserRecord& user, std::string_view password,
                                  const RequestMeta& meta) {
  if (!hasher_.NeedsRehash(*user.password_hash)) {
    return;
  }
  Result<std::string> fresh = hasher_.Hash(password);
  if (!fresh) {
    return;  // e.g. a legacy password over 72 bytes: keep the old hash rather than fail login
  }
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::optional<store::UserRecord>> current = tx.users().FindById(user.id);
    if (!current) {
      return Forward(std::move(current.error()));
    }
    // Only replace the hash we verified: a concurrent password change wins.
    if (!*current || (*current)->password_hash != user.password_hash) {
      return {};
    }
    store::UserRecord updated = **current;
    updated.password_hash = std::move(*fresh);
    return tx.users().Update(updated);
  });
  if (!r) {
    spdlog::warn("password rehash failed [request_id={}]: {}", EscapeForLog(meta.request_id),
                 EscapeForLog(r.error().detail));
  }
}

}  // namespace clockko::auth
