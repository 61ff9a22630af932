#pragma once
// ServiceWorld: the auth/ services wired over fakes (FakeDatabase, FakeClock, FakeRandom,
// FakePasswordHasher) and a real JwtCodec, for service and API tests. Also a few builders for
// user rows. Test-only; header-only; not thread-safe to construct, the services inside are.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "auth/audit_log.hpp"
#include "auth/common_passwords.hpp"
#include "auth/login_service.hpp"
#include "auth/password_policy.hpp"
#include "auth/profile_service.hpp"
#include "auth/registration_service.hpp"
#include "auth/token_service.hpp"
#include "auth/user_admin_service.hpp"
#include "core/email.hpp"
#include "crypto/jwt.hpp"
#include "fakes/fake_clock.hpp"
#include "fakes/fake_database.hpp"
#include "fakes/fake_password_hasher.hpp"
#include "fakes/fake_random.hpp"

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
};

class ServiceWorld {
 public:
  explicit ServiceWorld(ServiceWorldOptions options = {})
      : codec(std::string(kJwtKey), {}, kLeewaySeconds),
        audit(db, clock),
        tokens(codec, db, audit, clock, random, options.expire_minutes),
        policy(auth::PasswordPolicyOptions{}, auth::CommonPasswords::Embedded()),
        registration(db, hasher, policy, audit, clock, random,
                     auth::RegistrationOptions{5, [this] { ++mail_wakeups; }}),
        login(db, hasher, tokens, audit, auth::LoginOptions{options.require_verified_email}),
        profiles(db, audit, clock, auth::ProfileOptions{}),
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
  auth::RegistrationService registration;
  auth::LoginService login;
  auth::ProfileService profiles;
  auth::UserAdminService admin;
  int mail_wakeups = 0;
};

}  // namespace clockko::testing
