#include "auth/abuse_limits.hpp"

namespace clockko::auth {
namespace {

using ratelimit::LimitDecision;
using ratelimit::LimitRule;

const LimitRule kMailPerAddress{"mail_address", 5, 3600};
const LimitRule kMailPerIp{"mail_ip", 20, 3600};
const LimitRule kWrongCodesPerAccount{"code_wrong_account", 20, 24 * 3600};
const LimitRule kCodeChecksPerIp{"code_check_ip", 30, 60};
const LimitRule kWrongPasswords{"password_confirm_wrong", 5, 15 * 60};
const LimitRule kEmailChecksPerIp{"check_email_ip", 10, 60};
const LimitRule kEmailChecksPerUser{"check_email_user", 10, 60};

tl::unexpected<Error> Limited(std::string message, std::int64_t retry_after) {
  Error e{Errc::kResourceExhausted, "rate_limited", std::move(message), "rate limit"};
  e.retry_after_seconds = static_cast<int>(retry_after > 0 ? retry_after : 1);
  return tl::unexpected(std::move(e));
}

std::string Key(std::string_view a, std::string_view b) {
  std::string key(a);
  key += '|';
  key += b;
  return key;
}

}  // namespace

tl::unexpected<Error> TooManyRequests(std::int64_t retry_after_seconds) {
  return Limited("Too many requests. Please try again later.", retry_after_seconds);
}

tl::unexpected<Error> OtpLocked(std::int64_t retry_after_seconds) {
  Error e{Errc::kResourceExhausted, "otp_locked", "Too many attempts; request a new code",
          "code void after too many wrong guesses"};
  e.retry_after_seconds = static_cast<int>(retry_after_seconds > 0 ? retry_after_seconds : 1);
  return tl::unexpected(std::move(e));
}

AbuseLimits::AbuseLimits(ratelimit::RateLimiter& limiter, const Clock& clock,
                         AbuseLimitOptions options)
    : limiter_(limiter),
      clock_(clock),
      resend_{"mail_resend", 1, options.otp_resend_seconds > 0 ? options.otp_resend_seconds : 1} {}

Result<> AbuseLimits::AllowMailSend(std::string_view purpose, std::string_view address_lower,
                                    std::string_view ip) {
  const Timestamp now = clock_.Now();
  // Peek everything first so a refused request does not use up another limit's budget.
  const std::string per_purpose = Key(address_lower, purpose);
  if (LimitDecision d = limiter_.Peek(kMailPerIp, ip, now); !d.allowed) {
    return TooManyRequests(d.retry_after_seconds);
  }
  if (LimitDecision d = limiter_.Peek(resend_, per_purpose, now); !d.allowed) {
    return Limited("Please wait before requesting a new code", d.retry_after_seconds);
  }
  if (LimitDecision d = limiter_.Peek(kMailPerAddress, address_lower, now); !d.allowed) {
    return Limited("Please wait before requesting a new code", d.retry_after_seconds);
  }
  limiter_.Hit(kMailPerIp, ip, now);
  limiter_.Hit(resend_, per_purpose, now);
  limiter_.Hit(kMailPerAddress, address_lower, now);
  return {};
}

std::int64_t AbuseLimits::ResendRetryAfter(std::string_view purpose,
                                           std::string_view address_lower) {
  const LimitDecision d = limiter_.Peek(resend_, Key(address_lower, purpose), clock_.Now());
  return d.allowed ? 1 : d.retry_after_seconds;
}

Result<> AbuseLimits::AllowCodeCheck(std::string_view account_key, std::string_view ip) {
  const Timestamp now = clock_.Now();
  if (LimitDecision d = limiter_.Peek(kWrongCodesPerAccount, account_key, now); !d.allowed) {
    return Limited("Too many failed attempts. Please try again later.", d.retry_after_seconds);
  }
  if (LimitDecision d = limiter_.Hit(kCodeChecksPerIp, ip, now); !d.allowed) {
    return TooManyRequests(d.retry_after_seconds);
  }
  return {};
}

void AbuseLimits::RecordWrongCode(std::string_view account_key) {
  limiter_.Record(kWrongCodesPerAccount, account_key, clock_.Now());
}

Result<> AbuseLimits::AllowPasswordConfirmation(std::string_view user_id) {
  if (LimitDecision d = limiter_.Peek(kWrongPasswords, user_id, clock_.Now()); !d.allowed) {
    return Limited("Too many failed attempts. Please try again later.", d.retry_after_seconds);
  }
  return {};
}

void AbuseLimits::RecordWrongPassword(std::string_view user_id) {
  limiter_.Record(kWrongPasswords, user_id, clock_.Now());
}

void AbuseLimits::ResetPasswordFailures(std::string_view user_id) {
  limiter_.Reset(kWrongPasswords, user_id);
}

Result<> AbuseLimits::AllowEmailCheck(std::string_view ip, std::string_view user_id) {
  const Timestamp now = clock_.Now();
  if (LimitDecision d = limiter_.Hit(kEmailChecksPerIp, ip, now); !d.allowed) {
    return TooManyRequests(d.retry_after_seconds);
  }
  if (!user_id.empty()) {
    if (LimitDecision d = limiter_.Hit(kEmailChecksPerUser, user_id, now); !d.allowed) {
      return TooManyRequests(d.retry_after_seconds);
    }
  }
  return {};
}

}  // namespace clockko::auth
