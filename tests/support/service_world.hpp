#pragma once
// ServiceWorld: the auth/ services wired over fakes (FakeDatabase, FakeClock, FakeRandom,
// FakePasswordHasher) and a real JwtCodec, for service and API tests. Also a few builders for
// user rows. Test-only; header-only; not thread-safe to construct, the services inside are.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/common_passwords.hpp"
#include "auth/email_change_service.hpp"
#include "auth/links.hpp"
#include "auth/login_service.hpp"
#include "auth/mail_queue.hpp"
#include "auth/one_time_codes.hpp"
#include "auth/password_change_service.hpp"
#include "auth/password_policy.hpp"
#include "auth/password_reset_service.hpp"
#include "auth/profile_service.hpp"
#include "auth/reauth_service.hpp"
#include "auth/registration_service.hpp"
#include "auth/token_service.hpp"
#include "auth/user_admin_service.hpp"
#include "auth/verification_service.hpp"
#include "core/email.hpp"
#include "crypto/jwt.hpp"
#include "fakes/fake_clock.hpp"
#include "fakes/fake_database.hpp"
#include "fakes/fake_password_hasher.hpp"
#include "fakes/fake_random.hpp"
#include "ratelimit/memory_rate_limiter.hpp"

namespace clockko::testing {

inline constexpr std::string_view kJwtKey = "unit-test-signing-key-0123456789abcdef";
inline constexpr int kExpireMinutes = 30;
inline constexpr std::int64_t kLeewaySeconds = 30;

// "00000000-0000-4000-8000-00000000000n": a canonical UUID for test user number `n`.
inline std::string TestUserId(int n) {
  std::string digits = std::to_string(n);
  return "00000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

// Parses a known-good address (aborts the test binary on a typo in the test itself).
inline Email MustEmail(std::string_view text) {
  Result<Email> e = Email::Parse(text);
  if (!e) {
    std::abort();
  }
  return *e;
}

// An active, verified password account. `password` is stored as the fake hasher's hash.
inline store::UserRecord TestUser(int n, std::string_view email,
                                  std::string_view password = "correct horse battery") {
  const Email parsed = MustEmail(email);
  store::UserRecord u;
  u.id = TestUserId(n);
  u.username = "user" + std::to_string(n);
  u.email = parsed.value();
  u.email_lower = parsed.lower();
  u.full_name = "Test User " + std::to_string(n);
  u.password_hash = FakePasswordHasher::HashOf(password);
  u.is_active = true;
  u.is_verified = true;
  u.created_at = Timestamp::FromUnixSeconds(FakeClock::kDefaultStart - 86400 + n);
  u.updated_at = u.created_at;
  return u;
}

struct ServiceWorldOptions {
  bool require_verified_email = false;
  int expire_minutes = kExpireMinutes;
  bool register_hide_existing = false;
  int otp_expire_minutes = 5;
  int otp_max_attempts = 5;
  int otp_resend_seconds = 60;
  int reauth_window_minutes = 10;
  std::string public_base_url = "http://api.test";
  std::string frontend_base_url = "http://app.test";
};

class ServiceWorld {
 public:
  explicit ServiceWorld(ServiceWorldOptions options = {})
      : codec(std::string(kJwtKey), {}, kLeewaySeconds),
        audit(db, clock),
        tokens(codec, db, audit, clock, random, options.expire_minutes),
        policy(auth::PasswordPolicyOptions{}, auth::CommonPasswords::Embedded()),
        limits(limiter, clock, auth::AbuseLimitOptions{options.otp_resend_seconds}),
        mail(clock, auth::MailQueueOptions{false, [this] { ++mail_wakeups; }}),
        links(auth::LinkOptions{options.public_base_url, options.frontend_base_url}),
        codes({std::string(kJwtKey)}, random, clock,
              auth::OneTimeCodeOptions{options.otp_expire_minutes, options.otp_max_attempts}),
        verification(db, codes, limits, mail, links, audit, clock, 24),
        registration(db, hasher, policy, verification, limits, mail, links, audit, clock, random,
                     auth::RegistrationOptions{options.register_hide_existing}),
        login(db, hasher, tokens, audit,
              auth::LoginOptions{options.require_verified_email, options.reauth_window_minutes}),
        profiles(db, audit, clock, auth::ProfileOptions{}),
        reauth(db, hasher, tokens, limits, audit, clock, options.reauth_window_minutes),
        password_reset(db, hasher, policy, codes, limits, mail, links, audit, clock),
        password_change(db, hasher, policy, reauth, tokens, mail, links, audit, clock, 8),
        email_change(db, codes, limits, reauth, tokens, mail, audit, clock),
        admin(db, audit, clock) {}

  ServiceWorld(const ServiceWorld&) = delete;
  ServiceWorld& operator=(const ServiceWorld&) = delete;

  // Stores `user` (through the repository rules) and returns it.
  store::UserRecord Seed(const store::UserRecord& user) {
    if (!db.SeedUser(user)) {
      std::abort();
    }
    return user;
  }

  FakeDatabase db;
  FakeClock clock;
  FakeRandom random{42};
  FakePasswordHasher hasher;
  crypto::JwtCodec codec;
  auth::AuditLog audit;
  auth::TokenService tokens;
  auth::PasswordPolicy policy;
  ratelimit::MemoryRateLimiter limiter;
  auth::AbuseLimits limits;
  auth::MailQueue mail;
  auth::Links links;
  auth::OneTimeCodes codes;
  auth::VerificationService verification;
  auth::RegistrationService registration;
  auth::LoginService login;
  auth::ProfileService profiles;
  auth::ReauthService reauth;
  auth::PasswordResetService password_reset;
  auth::PasswordChangeService password_change;
  auth::EmailChangeService email_change;
  auth::UserAdminService admin;
  int mail_wakeups = 0;
};

}  // namespace clockko::testing
