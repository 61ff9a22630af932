#pragma once
// LoginService: password sign-in (API.md §2.2). Unknown address, account without a password and
// wrong password cost the same (one bcrypt verification) and give the same 401. Thread-safe;
// blocking (bcrypt, store): call on worker threads. Errors: kUnauthenticated
// "invalid_credentials", kFailedPrecondition "account_disabled", kPermissionDenied
// "email_not_verified", kUnavailable/kInternal from the store.
#include <string_view>

#include "auth/audit_log.hpp"
#include "auth/request_meta.hpp"
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "core/email.hpp"
#include "crypto/password_hasher.hpp"
#include "store/database.hpp"

namespace clockko::auth {

struct LoginOptions {
  bool require_verified_email = false;  // REQUIRE_VERIFIED_EMAIL
  int reauth_window_minutes = 10;       // REAUTH_WINDOW_MINUTES: a sign-in counts as recent auth
};

class LoginService {
 public:
  LoginService(store::Database& db, crypto::PasswordHasher& hasher, TokenService& tokens,
               AuditLog& audit, LoginOptions options);
  LoginService(const LoginService&) = delete;
  LoginService& operator=(const LoginService&) = delete;

  Result<IssuedToken> Login(const Email& email, std::string_view password, const RequestMeta& meta);

 private:
  // Upgrades the stored hash to the configured algorithm/cost after a successful verification.
  void RehashIfNeeded(const store::UserRecord& user, std::string_view password,
                      const RequestMeta& meta);

  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  TokenService& tokens_;
  AuditLog& audit_;
  LoginOptions options_;
};

}  // namespace clockko::auth
