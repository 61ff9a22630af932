#pragma once
// PasswordResetService: forgot-password and reset-password (API.md §4). forgot-password answers
// the same for every address and queues mail only for an active account (Google-only accounts
// included: that is how they set a first password). reset-password accepts the mailed code or the
// link token; the code is checked, then the policy, and only then consumed, so a weak new
// password does not use up the code. A reset revokes every token, deletes every code and link of
// the user and queues the "password changed" notice; enabled 2FA stays enabled.
// Thread-safe; blocking (bcrypt, store). Errors: "invalid_otp" (400), "otp_locked"/"rate_limited"
// (429), "weak_password" (422), store errors.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/links.hpp"
#include "auth/mail_queue.hpp"
#include "auth/one_time_codes.hpp"
#include "auth/password_policy.hpp"
#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "core/email.hpp"
#include "crypto/password_hasher.hpp"
#include "store/database.hpp"

namespace clockko::auth {

// Exactly one of `otp` (with `email`) or `token` (with an optional `email`).
struct ResetRequest {
  std::optional<Email> email;
  std::optional<std::string> otp;
  std::optional<std::string> token;
  std::string new_password;
};

class PasswordResetService {
 public:
  static constexpr std::int64_t kResetLinkSeconds = 3600;

  PasswordResetService(store::Database& db, crypto::PasswordHasher& hasher,
                       const PasswordPolicy& policy, OneTimeCodes& codes, AbuseLimits& limits,
                       MailQueue& mail, const Links& links, AuditLog& audit, const Clock& clock,
                       std::chrono::milliseconds answer_floor = std::chrono::milliseconds(0));
  PasswordResetService(const PasswordResetService&) = delete;
  PasswordResetService& operator=(const PasswordResetService&) = delete;

  Result<> ForgotPassword(const Email& email, const RequestMeta& meta);
  Result<> ResetPassword(const ResetRequest& request, const RequestMeta& meta);

 private:
  Result<store::UserRecord> CheckCredential(const ResetRequest& request, const RequestMeta& meta);

  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  const PasswordPolicy& policy_;
  OneTimeCodes& codes_;
  AbuseLimits& limits_;
  MailQueue& mail_;
  const Links& links_;
  AuditLog& audit_;
  const Clock& clock_;
  std::chrono::milliseconds answer_floor_;  // forgot-password takes at least this long
};

}  // namespace clockko::auth
