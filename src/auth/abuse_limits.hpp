#pragma once
// AbuseLimits: the code and mail limits of API.md §1.10 on top of the shared RateLimiter. Keys by
// address use the lower-cased address whether or not an account exists, so a 429 never reveals
// registration. Checks happen before any hash or code comparison. Thread-safe.
// Errors: kResourceExhausted "rate_limited" with the exact texts of §1.10 and retry_after_seconds.
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "ratelimit/rate_limiter.hpp"

namespace clockko::auth {

struct AbuseLimitOptions {
  int otp_resend_seconds = 60;  // OTP_RESEND_SECONDS: one mail per address and purpose
};

class AbuseLimits {
 public:
  AbuseLimits(ratelimit::RateLimiter& limiter, const Clock& clock, AbuseLimitOptions options);
  AbuseLimits(const AbuseLimits&) = delete;
  AbuseLimits& operator=(const AbuseLimits&) = delete;

  // One mail of `purpose` to `address_lower` requested from `ip`: 1 per OTP_RESEND_SECONDS per
  // address+purpose, 5 per hour per address, 20 per hour per IP. Counts when allowed.
  Result<> AllowMailSend(std::string_view purpose, std::string_view address_lower,
                         std::string_view ip);

  // Seconds until a new code of `purpose` may be mailed to `address_lower` (at least 1).
  std::int64_t ResendRetryAfter(std::string_view purpose, std::string_view address_lower);

  // Before checking a code: at most 20 wrong codes per 24 h per account key (address or user id)
  // and 30 checks per minute per IP.
  Result<> AllowCodeCheck(std::string_view account_key, std::string_view ip);
  void RecordWrongCode(std::string_view account_key);

  // Password confirmations (verify-password, `password` fields, current password): 5 wrong per
  // 15 minutes per account.
  Result<> AllowPasswordConfirmation(std::string_view user_id);
  void RecordWrongPassword(std::string_view user_id);
  void ResetPasswordFailures(std::string_view user_id);

  // check-email: 10 per minute per IP and, with a valid token, per user (empty = no user).
  Result<> AllowEmailCheck(std::string_view ip, std::string_view user_id);

 private:
  ratelimit::RateLimiter& limiter_;
  const Clock& clock_;
  ratelimit::LimitRule resend_;
};

// The generic 429 (API.md §1.10).
tl::unexpected<Error> TooManyRequests(std::int64_t retry_after_seconds);

// 429 otp_locked: the code is void after too many wrong guesses (API.md §1.2).
tl::unexpected<Error> OtpLocked(std::int64_t retry_after_seconds);

}  // namespace clockko::auth
