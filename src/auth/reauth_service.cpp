#include "auth/reauth_service.hpp"

namespace clockko::auth {

ReauthService::ReauthService(store::Database& db, crypto::PasswordHasher& hasher,
                             TokenService& tokens, AbuseLimits& limits, AuditLog& audit,
                             const Clock& clock, int reauth_window_minutes)
    : db_(db),
      hasher_(hasher),
      tokens_(tokens),
      limits_(limits),
      audit_(audit),
      clock_(clock),
      window_minutes_(reauth_window_minutes) {}

Timestamp ReauthService::WindowEnd() const {
  return clock_.Now().PlusSeconds(std::int64_t{window_minutes_} * 60);
}

Result<> ReauthService::ConfirmPassword(const store::UserRecord& user, std::string_view password,
                                        const RequestMeta& meta, std::string_view wrong_message) {
  if (Result<> allowed = limits_.AllowPasswordConfirmation(user.id); !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", user.id, meta, "password confirmation");
    return allowed;
  }
  const bool has_password = user.password_hash && !user.password_hash->empty();
  // Accounts without a password still cost one verification (same timing, same answer).
  const bool ok =
      hasher_.Verify(password, has_password ? *user.password_hash : hasher_.DummyHash());
  if (!has_password || !ok) {
    limits_.RecordWrongPassword(user.id);
    audit_.RecordNow(Severity::kWarning, "password_confirmation_failed", user.id, meta, "");
    return Fail(Errc::kFailedPrecondition, "incorrect_password", std::string(wrong_message));
  }
  return {};
}

Result<> ReauthService::VerifyPassword(const Principal& caller, std::string_view password,
                                       const RequestMeta& meta, std::string_view wrong_message) {
  if (Result<> ok = ConfirmPassword(caller.user, password, meta, wrong_message); !ok) {
    return ok;
  }
  return db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    if (Result<> marked = tokens_.MarkRecentAuth(tx, caller.claims, WindowEnd()); !marked) {
      return marked;
    }
    return audit_.Record(tx, Severity::kInfo, "password_confirmed", caller.user.id, meta, "");
  });
}

Result<> ReauthService::RequireRecentAuth(const Principal& caller,
                                          const std::optional<std::string>& password,
                                          const RequestMeta& meta, std::string_view wrong_message) {
  if (password) {
    return VerifyPassword(caller, *password, meta, wrong_message);
  }
  Result<std::optional<Timestamp>> until = tokens_.RecentAuthUntil(caller);
  if (!until) {
    return Forward(std::move(until.error()));
  }
  if (*until && **until > clock_.Now()) {
    return {};
  }
  return Fail(Errc::kPermissionDenied, "reauth_required", "Please confirm your password first");
}

}  // namespace clockko::auth
