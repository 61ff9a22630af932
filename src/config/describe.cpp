#include "config/describe.hpp"

#include <string_view>

#include "config/url_checks.hpp"
#include "core/text.hpp"

namespace clockko::config {
namespace {

std::string Bool(bool b) { return b ? "true" : "false"; }

std::string SmtpSecurityName(SmtpSecurity security) {
  switch (security) {
    case SmtpSecurity::kStartTls:
      return "starttls";
    case SmtpSecurity::kTls:
      return "tls";
    case SmtpSecurity::kNone:
      break;
  }
  return "none";
}

}  // namespace

std::vector<std::pair<std::string, std::string>> Describe(const Settings& s) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&rows](std::string_view name, std::string value) {
    rows.emplace_back(std::string(name), std::move(value));
  };
  const HttpSettings& h = s.http;
  add("APP_ENV", s.development() ? "development" : "production");
  add("HOST", h.host);
  add("PORT", std::to_string(h.port));
  add("WORKER_THREADS", std::to_string(h.worker_threads));
  add("WORKER_QUEUE_PER_THREAD", std::to_string(h.queue_per_worker));
  add("IO_THREADS", std::to_string(h.io_threads));
  add("MAX_BODY_BYTES", std::to_string(h.max_body_bytes));
  add("AVATAR_MAX_BODY_BYTES", std::to_string(h.avatar_max_body_bytes));
  add("AVATAR_MAX_BYTES", std::to_string(h.avatar_max_bytes));
  add("MAX_HEADER_BYTES", std::to_string(h.max_header_bytes));
  add("READ_TIMEOUT_SECONDS", std::to_string(h.read_timeout_seconds));
  add("IDLE_TIMEOUT_SECONDS", std::to_string(h.idle_timeout_seconds));
  add("MAX_CONNECTIONS", std::to_string(h.max_connections));
  add("SHUTDOWN_TIMEOUT_SECONDS", std::to_string(h.shutdown_timeout_seconds));
  add("TLS_CERT_FILE", h.tls_cert_file);
  add("TLS_KEY_FILE", h.tls_key_file);
  add("TRUSTED_PROXIES", JoinStrings(h.trusted_proxies, ","));
  add("DEBUG", Bool(s.debug));
  add("LOG_FORMAT", s.log.format == LogFormat::kJson ? "json" : "text");
  add("LOG_LEVEL", s.log.level);
  add("DATA_DIR", s.data_dir);
  add("DATABASE_URL", s.db.url.empty() ? "" : RedactUrlPassword(s.db.url.value()));
  add("SQLITE_BUSY_TIMEOUT_MS", std::to_string(s.db.busy_timeout_ms));
  add("DB_URL_SECRET_NAME", s.db.url_secret_name);
  add("DB_CREDS_SECRET_NAME", s.db.creds_secret_name);
  add("REDIS_URL", s.redis.url.Redacted());
  add("SECRET_KEY", s.jwt.secret_key.Redacted());
  add("SECRET_KEY_PREVIOUS", s.jwt.previous_keys.empty() ? "" : "***");
  add("JWT_SECRET_NAME", s.jwt.secret_name);
  add("ACCESS_TOKEN_EXPIRE_MINUTES", std::to_string(s.jwt.access_token_expire_minutes));
  add("JWT_LEEWAY_SECONDS", std::to_string(s.jwt.leeway_seconds));
  add("TRUST_AWS_REMAPPED_AUTH", Bool(h.trust_aws_remapped_auth));
  add("PASSWORD_HASH", s.password.algorithm);
  add("BCRYPT_COST", std::to_string(s.password.bcrypt_cost));
  add("PASSWORD_MIN_LENGTH", std::to_string(s.password.min_length));
  add("OTP_EXPIRE_MINUTES", std::to_string(s.otp.expire_minutes));
  add("OTP_MAX_ATTEMPTS", std::to_string(s.otp.max_attempts));
  add("OTP_RESEND_SECONDS", std::to_string(s.otp.resend_seconds));
  add("EMAIL_LINK_EXPIRE_HOURS", std::to_string(s.otp.email_link_expire_hours));
  add("REAUTH_WINDOW_MINUTES", std::to_string(s.auth.reauth_window_minutes));
  add("REQUIRE_VERIFIED_EMAIL", Bool(s.auth.require_verified_email));
  add("REGISTER_HIDE_EXISTING", Bool(s.auth.register_hide_existing));
  add("FRONTEND_URL", JoinStrings(s.urls.frontend_urls, ","));
  add("PUBLIC_BASE_URL", s.urls.public_base_url);
  add("CORS_ALLOWED_ORIGINS",
      s.http.cors_allow_any
          ? (h.cors_allowed_origins.empty() ? "*" : "*," + JoinStrings(h.cors_allowed_origins, ","))
          : JoinStrings(h.cors_allowed_origins, ","));
  add("GOOGLE_CLIENT_ID", JoinStrings(s.google.client_ids, ","));
  add("GOOGLE_OAUTH_SECRET_NAME", s.google.oauth_secret_name);
  add("GOOGLE_CERTS_URL", s.google.certs_url);
  add("GOOGLE_ALLOWED_HD", JoinStrings(s.google.allowed_hd, ","));
  add("GOOGLE_REQUIRE_NONCE", Bool(s.google.require_nonce));
  add("TWO_FACTOR_ENCRYPTION_KEY", s.two_factor.encryption_key.Redacted());
  add("SMTP_HOST", s.smtp.host);
  add("SMTP_PORT", std::to_string(s.smtp.port));
  add("SMTP_USER", s.smtp.user.Redacted());
  add("SMTP_PASSWORD", s.smtp.password.Redacted());
  add("SMTP_SECRET_NAME", s.smtp.secret_name);
  add("SMTP_SECURITY", SmtpSecurityName(s.smtp.security));
  add("SMTP_CA_FILE", s.smtp.ca_file);
  add("SMTP_TIMEOUT_SECONDS", std::to_string(s.smtp.timeout_seconds));
  add("MAIL_RETRY_BASE_SECONDS", std::to_string(s.smtp.retry_base_seconds));
  add("SMTP_FROM", s.smtp.from);
  add("SMTP_FROM_NAME", s.smtp.from_name);
  add("AWS_REGION", s.aws.region);
  add("AWS_ENDPOINT_URL_SECRETS_MANAGER", s.aws.secrets_endpoint);
  add("SECRETS_REFRESH_SECONDS", std::to_string(s.aws.secrets_refresh_seconds));
  return rows;
}

}  // namespace clockko::config
