#pragma once
// EmailChangeService: check-email, send-email-verification and change-email (API.md §6). The code
// is bound to (user, new address) and mailed to the new address only; on success the old address
// gets a notice, every other token of the user dies and the calling token is carried over.
// Thread-safe; blocking (store). Errors: "email_taken", "same_email", "reauth_required",
// "email_change_not_found", "email_mismatch", "invalid_otp", "otp_expired", "otp_locked",
// "rate_limited", store errors.
#include <optional>
#include <string>
#include <string_view>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/mail_queue.hpp"
#include "auth/one_time_codes.hpp"
#include "auth/reauth_service.hpp"
#include "auth/request_meta.hpp"
#include "auth/token_service.hpp"
#include "core/clock.hpp"
#include "core/email.hpp"
#include "store/database.hpp"

namespace clockko::auth {

class EmailChangeService {
 public:
  EmailChangeService(store::Database& db, OneTimeCodes& codes, AbuseLimits& limits,
                     ReauthService& reauth, TokenService& tokens, MailQueue& mail, AuditLog& audit,
                     const Clock& clock);
  EmailChangeService(const EmailChangeService&) = delete;
  EmailChangeService& operator=(const EmailChangeService&) = delete;

  // GET check-email: ok when the address is free. `user_id` is set when a valid token came along.
  Result<> CheckAvailable(const Email& email, const std::optional<std::string>& user_id,
                          const RequestMeta& meta);
  Result<> SendCode(const Principal& caller, const Email& new_email,
                    const std::optional<std::string>& password, const RequestMeta& meta);
  Result<IssuedToken> ChangeEmail(const Principal& caller, const Email& new_email,
                                  std::string_view code, const std::optional<std::string>& password,
                                  const RequestMeta& meta);

 private:
  Result<bool> AddressTaken(store::Transaction& tx, const Email& email);

  store::Database& db_;
  OneTimeCodes& codes_;
  AbuseLimits& limits_;
  ReauthService& reauth_;
  TokenService& tokens_;
  MailQueue& mail_;
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace clockko::auth
