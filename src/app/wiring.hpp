#pragma once
// The composition root: the only place that knows concrete types. Builds the object graph from
// Settings in dependency order and owns it. The CLI uses BuildCore() (no HTTP); the server adds
// the API and transport on top (server_main.cpp).
#include <memory>

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
#include "config/settings.hpp"
#include "core/clock.hpp"
#include "crypto/configured_hasher.hpp"
#include "crypto/jwt.hpp"
#include "crypto/openssl_random.hpp"
#include "mail/outbox_worker.hpp"
#include "mail/transport.hpp"
#include "ratelimit/memory_rate_limiter.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace clockko::app {

struct Core {
  config::Settings settings;
  SystemClock clock;
  crypto::OpenSslRandom random;
  std::unique_ptr<store::SqliteDatabase> db;
  std::unique_ptr<crypto::ConfiguredHasher> hasher;
  std::unique_ptr<crypto::JwtCodec> jwt;
  std::unique_ptr<auth::PasswordPolicy> policy;
  std::unique_ptr<ratelimit::MemoryRateLimiter> limiter;
  std::unique_ptr<auth::AbuseLimits> limits;
  std::unique_ptr<auth::AuditLog> audit;
  std::unique_ptr<auth::TokenService> tokens;
  std::unique_ptr<mail::MailTransport> mail_transport;
  std::unique_ptr<mail::OutboxWorker> outbox;
  std::unique_ptr<auth::MailQueue> mail_queue;
  std::unique_ptr<auth::Links> links;
  std::unique_ptr<auth::OneTimeCodes> codes;
  std::unique_ptr<auth::VerificationService> verification;
  std::unique_ptr<auth::RegistrationService> registration;
  std::unique_ptr<auth::LoginService> login;
  std::unique_ptr<auth::ProfileService> profiles;
  std::unique_ptr<auth::ReauthService> reauth;
  std::unique_ptr<auth::PasswordResetService> password_reset;
  std::unique_ptr<auth::PasswordChangeService> password_change;
  std::unique_ptr<auth::EmailChangeService> email_change;
  std::unique_ptr<auth::UserAdminService> admin;
};

// Opens the database (and migrates it when `migrate` is true) and builds every service. The
// outbox worker is built but not started. Errors: the database could not be opened or migrated.
Result<std::unique_ptr<Core>> BuildCore(const config::Settings& settings, bool migrate);

}  // namespace clockko::app
