#pragma once
// PasswordChangeService: change-password for a signed-in user (API.md §5.2). Needs the current
// password (counted like every confirmation); every other token of the user dies, the calling
// token is carried over and a fresh, recently-authenticated token is returned; pending reset codes
// and links are deleted and the "password changed" notice is queued.
// Thread-safe; blocking (bcrypt, store). Errors: "incorrect_password", "password_unchanged",
// "weak_password" (400 when too short, else 422), "rate_limited", store errors.
#include <string_view>

#include "auth/audit_log.hpp"
#include "auth/links.hpp"
#include "auth/mail_queue.hpp"
#include "auth/password_policy.hpp"
#include "auth/reauth_service.hpp"
#include "auth/request_meta.hpp"
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "crypto/password_hasher.hpp"
#include "store/database.hpp"

namespace clockko::auth {

class PasswordChangeService {
 public:
  PasswordChangeService(store::Database& db, crypto::PasswordHasher& hasher,
                        const PasswordPolicy& policy, ReauthService& reauth, TokenService& tokens,
                        MailQueue& mail, const Links& links, AuditLog& audit, const Clock& clock,
                        int min_length);
  PasswordChangeService(const PasswordChangeService&) = delete;
  PasswordChangeService& operator=(const PasswordChangeService&) = delete;

  Result<IssuedToken> ChangePassword(const Principal& caller, std::string_view current_password,
                                     std::string_view new_password, const RequestMeta& meta);

 private:
  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  const PasswordPolicy& policy_;
  ReauthService& reauth_;
  TokenService& tokens_;
  MailQueue& mail_;
  const Links& links_;
  AuditLog& audit_;
  const Clock& clock_;
  int min_length_;
};

}  // namespace clockko::auth
