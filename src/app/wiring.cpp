#include "app/wiring.hpp"

#include <thread>

namespace clockko::app {
namespace {

std::vector<std::string> SecretValues(const std::vector<Secret>& secrets) {
  std::vector<std::string> out;
  for (const Secret& s : secrets) {
    out.push_back(s.value());
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Core>> BuildCore(const config::Settings& settings, bool migrate) {
  auto core = std::make_unique<Core>();
  core->settings = settings;
  const config::Settings& s = core->settings;

  // One connection per worker thread, plus one for the outbox worker and the CLI.
  Result<std::unique_ptr<store::SqliteDatabase>> db = store::SqliteDatabase::Open(
      s.db.sqlite_path, s.http.worker_threads + 1, s.db.busy_timeout_ms);
  if (!db) {
    return Forward(std::move(db.error()));
  }
  core->db = std::move(*db);
  if (migrate) {
    Result<int> applied = core->db->Migrate();
    if (!applied) {
      return Forward(std::move(applied.error()));
    }
  }

  core->hasher = std::make_unique<crypto::BcryptHasher>(s.password.bcrypt_cost, core->random);
  core->jwt = std::make_unique<crypto::JwtCodec>(
      s.jwt.secret_key.value(), SecretValues(s.jwt.previous_keys), s.jwt.leeway_seconds);
  core->policy = std::make_unique<auth::PasswordPolicy>(
      auth::PasswordPolicyOptions{s.password.min_length, 72}, auth::CommonPasswords::Embedded());
  core->audit = std::make_unique<auth::AuditLog>(*core->db, core->clock);
  core->tokens =
      std::make_unique<auth::TokenService>(*core->jwt, *core->db, *core->audit, core->clock,
                                           core->random, s.jwt.access_token_expire_minutes);

  core->mail_transport = std::make_unique<mail::EmlFileTransport>(s.smtp.mail_dir, core->clock);
  mail::OutboxWorkerOptions outbox_options;
  outbox_options.from_address = s.smtp.from.empty() ? "no-reply@clockko.invalid" : s.smtp.from;
  outbox_options.from_name = s.smtp.from_name;
  core->outbox = std::make_unique<mail::OutboxWorker>(*core->db, *core->mail_transport, core->clock,
                                                      core->random, outbox_options);

  auth::RegistrationOptions registration_options;
  registration_options.code_expire_minutes = s.otp.expire_minutes;
  mail::OutboxWorker* outbox = core->outbox.get();
  registration_options.on_mail_queued = [outbox] { outbox->Notify(); };
  core->registration = std::make_unique<auth::RegistrationService>(
      *core->db, *core->hasher, *core->policy, *core->audit, core->clock, core->random,
      registration_options);
  core->login =
      std::make_unique<auth::LoginService>(*core->db, *core->hasher, *core->tokens, *core->audit,
                                           auth::LoginOptions{s.auth.require_verified_email});
  core->profiles = std::make_unique<auth::ProfileService>(
      *core->db, *core->audit, core->clock, auth::ProfileOptions{s.http.avatar_max_bytes});
  core->admin = std::make_unique<auth::UserAdminService>(*core->db, *core->audit, core->clock);
  return core;
}

}  // namespace clockko::app
