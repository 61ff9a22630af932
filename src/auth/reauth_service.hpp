#pragma once
// ReauthService: recent authentication (API.md §1.9, §5.1). A session is recently authenticated
// when its jti carries a mark that has not ended: set by POST /api/auth/verify-password, by an
// interactive sign-in, or by a correct `password` field on the sensitive request itself. Wrong
// passwords are limited to 5 per 15 minutes per account. Thread-safe; blocking (bcrypt, store).
// Errors: kFailedPrecondition "incorrect_password" (400), kPermissionDenied "reauth_required"
// (403), kResourceExhausted "rate_limited" (429), store errors.
#include <optional>
#include <string>
#include <string_view>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/request_meta.hpp"
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "crypto/password_hasher.hpp"
#include "store/database.hpp"

namespace clockko::auth {

class ReauthService {
 public:
  ReauthService(store::Database& db, crypto::PasswordHasher& hasher, TokenService& tokens,
                AbuseLimits& limits, AuditLog& audit, const Clock& clock,
                int reauth_window_minutes);
  ReauthService(const ReauthService&) = delete;
  ReauthService& operator=(const ReauthService&) = delete;

  // verify-password: on success the caller's session is marked for the window.
  Result<> VerifyPassword(const Principal& caller, std::string_view password,
                          const RequestMeta& meta,
                          std::string_view wrong_message = "Incorrect password");

  // The gate of every "bearer + recent auth" endpoint: passes when the session is marked, or when
  // `password` is given and correct (which also marks the session).
  Result<> RequireRecentAuth(const Principal& caller, const std::optional<std::string>& password,
                             const RequestMeta& meta,
                             std::string_view wrong_message = "Incorrect password");

  // Checks a password without marking anything (change-password's current password). Counted and
  // limited like every confirmation.
  Result<> ConfirmPassword(const store::UserRecord& user, std::string_view password,
                           const RequestMeta& meta, std::string_view wrong_message);

  Timestamp WindowEnd() const;

 private:
  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  TokenService& tokens_;
  AbuseLimits& limits_;
  AuditLog& audit_;
  const Clock& clock_;
  int window_minutes_;
};

}  // namespace clockko::auth
