#include "app/wiring.hpp"

#include "mail/eml_file_transport.hpp"
#include "mail/smtp_options.hpp"
#include "mail/smtp_transport.hpp"

namespace clockko::app {
namespace {

// forgot-password and send-verification-email answer no faster than this, whether or not the
// address is registered (the registered path takes about 1 ms on SQLite; see docs/config.md).
constexpr std::chrono::milliseconds kMailRequestAnswerFloor{15};

std::vector<std::string> SecretValues(const std::vector<Secret>& secrets) {
  std::vector<std::string> out;
  for (const Secret& s : secrets) {
    out.push_back(s.value());
  }
  return out;
}

// Without SMTP_HOST, mail goes to DATA_DIR/mail/ as .eml files (development and tests).
std::unique_ptr<mail::MailTransport> MakeTransport(const config::Settings& s, const Clock& clock) {
  if (s.smtp.host.empty()) {
    return std::make_unique<mail::EmlFileTransport>(s.smtp.mail_dir, clock);
  }
  return std::make_unique<mail::SmtpTransport>(mail::SmtpOptionsFromSettings(s.smtp));
}

}  // namespace

Result<std::unique_ptr<Core>> BuildCore(const config::Settings& settings, bool migrate) {
  auto core = std::make_unique<Core>();
  core->settings = settings;
  const config::Settings& s = core->settings;
  Core& c = *core;

  // One connection per worker thread (two pools of WORKER_THREADS each), plus one for the outbox
  // worker and the CLI.
  Result<std::unique_ptr<store::SqliteDatabase>> db = store::SqliteDatabase::Open(
      s.db.sqlite_path, 2 * s.http.worker_threads + 1, s.db.busy_timeout_ms);
  if (!db) {
    return Forward(std::move(db.error()));
  }
  c.db = std::move(*db);
  if (migrate) {
    Result<int> applied = c.db->Migrate();
    if (!applied) {
      return Forward(std::move(applied.error()));
    }
  }

  c.hasher = std::make_unique<crypto::ConfiguredHasher>(s.password.algorithm,
                                                        s.password.bcrypt_cost, c.random);
  std::vector<std::string> signing_keys = {s.jwt.secret_key.value()};
  for (const std::string& key : SecretValues(s.jwt.previous_keys)) {
    signing_keys.push_back(key);
  }
  c.jwt = std::make_unique<crypto::JwtCodec>(
      s.jwt.secret_key.value(), SecretValues(s.jwt.previous_keys), s.jwt.leeway_seconds);
  c.policy = std::make_unique<auth::PasswordPolicy>(
      auth::PasswordPolicyOptions{s.password.min_length, c.hasher->max_password_bytes()},
      auth::CommonPasswords::Embedded());
  c.limiter = std::make_unique<ratelimit::MemoryRateLimiter>();
  c.limits = std::make_unique<auth::AbuseLimits>(*c.limiter, c.clock,
                                                 auth::AbuseLimitOptions{s.otp.resend_seconds});
  c.audit = std::make_unique<auth::AuditLog>(*c.db, c.clock);
  c.tokens = std::make_unique<auth::TokenService>(*c.jwt, *c.db, *c.audit, c.clock, c.random,
                                                  s.jwt.access_token_expire_minutes);

  c.mail_transport = MakeTransport(s, c.clock);
  mail::OutboxWorkerOptions outbox_options;
  outbox_options.from_address = s.smtp.from.empty() ? "no-reply@clockko.invalid" : s.smtp.from;
  outbox_options.from_name = s.smtp.from_name;
  outbox_options.base_backoff_seconds = s.smtp.retry_base_seconds;
  c.outbox = std::make_unique<mail::OutboxWorker>(*c.db, *c.mail_transport, c.clock, c.random,
                                                  outbox_options);
  mail::OutboxWorker* outbox = c.outbox.get();
  c.mail_queue = std::make_unique<auth::MailQueue>(
      c.clock, auth::MailQueueOptions{s.development() && s.debug, [outbox] { outbox->Notify(); }});
  c.links = std::make_unique<auth::Links>(
      auth::LinkOptions{s.urls.public_base_url, s.urls.frontend_url_base});
  c.codes = std::make_unique<auth::OneTimeCodes>(
      signing_keys, c.random, c.clock,
      auth::OneTimeCodeOptions{s.otp.expire_minutes, s.otp.max_attempts});

  c.verification = std::make_unique<auth::VerificationService>(
      *c.db, *c.codes, *c.limits, *c.mail_queue, *c.links, *c.audit, c.clock,
      s.otp.email_link_expire_hours, kMailRequestAnswerFloor);
  c.registration = std::make_unique<auth::RegistrationService>(
      *c.db, *c.hasher, *c.policy, *c.verification, *c.limits, *c.mail_queue, *c.links, *c.audit,
      c.clock, c.random, auth::RegistrationOptions{s.auth.register_hide_existing});
  c.login = std::make_unique<auth::LoginService>(
      *c.db, *c.hasher, *c.tokens, *c.audit,
      auth::LoginOptions{s.auth.require_verified_email, s.auth.reauth_window_minutes});
  c.profiles = std::make_unique<auth::ProfileService>(
      *c.db, *c.audit, c.clock, auth::ProfileOptions{s.http.avatar_max_bytes});
  c.reauth = std::make_unique<auth::ReauthService>(*c.db, *c.hasher, *c.tokens, *c.limits, *c.audit,
                                                   c.clock, s.auth.reauth_window_minutes);
  c.password_reset = std::make_unique<auth::PasswordResetService>(
      *c.db, *c.hasher, *c.policy, *c.codes, *c.limits, *c.mail_queue, *c.links, *c.audit, c.clock,
      kMailRequestAnswerFloor);
  c.password_change = std::make_unique<auth::PasswordChangeService>(
      *c.db, *c.hasher, *c.policy, *c.reauth, *c.tokens, *c.mail_queue, *c.links, *c.audit, c.clock,
      s.password.min_length);
  c.email_change = std::make_unique<auth::EmailChangeService>(
      *c.db, *c.codes, *c.limits, *c.reauth, *c.tokens, *c.mail_queue, *c.audit, c.clock);
  c.admin = std::make_unique<auth::UserAdminService>(*c.db, *c.audit, c.clock);
  return core;
}

}  // namespace clockko::app
