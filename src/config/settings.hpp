#pragma once
// Typed settings, one plain struct per module (ARCHITECTURE.md §11). Produced once at startup by
// config::Load() from the sources of API.md §14.1; app/wiring passes each module its own part.
// Every field documents its environment variable and default. Secrets are clockko::Secret.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/secret.hpp"

namespace clockko::config {

enum class AppEnv { kDevelopment, kProduction };
enum class LogFormat { kText, kJson };
enum class SecretSource {
  kNone,
  kEnv,
  kSecret
};  // where a value came from (/health/google/details)

struct HttpSettings {
  std::string host = "127.0.0.1";  // HOST
  std::uint16_t port = 8000;       // PORT (0 = pick a free port)
  int io_threads = 2;              // IO_THREADS, 1–64
  int worker_threads = 0;          // WORKER_THREADS, 1–256. Default: CPU cores, >= 2
  int queue_per_worker = 16;       // WORKER_QUEUE_PER_THREAD: queued tasks per worker, then 503
  std::size_t max_body_bytes = 1048576;         // MAX_BODY_BYTES
  std::size_t avatar_max_body_bytes = 8388608;  // AVATAR_MAX_BODY_BYTES
  std::size_t avatar_max_bytes = 5242880;       // AVATAR_MAX_BYTES
  std::size_t max_header_bytes = 16384;         // MAX_HEADER_BYTES: larger header block -> 431
  int read_timeout_seconds = 15;      // READ_TIMEOUT_SECONDS: whole request must arrive in this
  int idle_timeout_seconds = 60;      // IDLE_TIMEOUT_SECONDS: keep-alive idle limit
  int max_connections = 20000;        // MAX_CONNECTIONS: more are closed at accept
  int shutdown_timeout_seconds = 10;  // SHUTDOWN_TIMEOUT_SECONDS: drain deadline on SIGTERM
  std::string tls_cert_file;          // TLS_CERT_FILE
  std::string tls_key_file;           // TLS_KEY_FILE
  std::vector<std::string> trusted_proxies;       // TRUSTED_PROXIES: CIDR list (validated)
  std::vector<std::string> cors_allowed_origins;  // CORS_ALLOWED_ORIGINS (or derived, §1.6)
  bool cors_allow_any = false;                    // "*" in development only
  bool trust_aws_remapped_auth = false;           // TRUST_AWS_REMAPPED_AUTH
};

struct LogSettings {
  LogFormat format = LogFormat::kText;  // LOG_FORMAT: text | json
  std::string level = "info";           // LOG_LEVEL: debug | info | warning | error
};

struct DbSettings {
  Secret url;  // DATABASE_URL (secret: may hold a password). Default sqlite in DATA_DIR
  std::string sqlite_path;        // derived from a sqlite:// url
  int busy_timeout_ms = 5000;     // SQLITE_BUSY_TIMEOUT_MS
  std::string url_secret_name;    // DB_URL_SECRET_NAME
  std::string creds_secret_name;  // DB_CREDS_SECRET_NAME
};

struct JwtSettings {
  Secret secret_key;                     // SECRET_KEY (development: generated in DATA_DIR)
  std::vector<Secret> previous_keys;     // SECRET_KEY_PREVIOUS: comma list, verify only
  std::string secret_name;               // JWT_SECRET_NAME
  int access_token_expire_minutes = 30;  // ACCESS_TOKEN_EXPIRE_MINUTES, 1–1440
  int leeway_seconds = 30;               // JWT_LEEWAY_SECONDS, 0–300
  bool generated_dev_key = false;        // true when the key was generated into DATA_DIR
};

struct PasswordSettings {
  std::string algorithm = "bcrypt";  // PASSWORD_HASH: bcrypt | argon2id
  int bcrypt_cost = 12;              // BCRYPT_COST, 10–31
  int min_length = 8;                // PASSWORD_MIN_LENGTH, 8–64
};

struct OtpSettings {
  int expire_minutes = 5;            // OTP_EXPIRE_MINUTES, 1–10
  int max_attempts = 5;              // OTP_MAX_ATTEMPTS, 1–20
  int resend_seconds = 60;           // OTP_RESEND_SECONDS, 0–3600
  int email_link_expire_hours = 24;  // EMAIL_LINK_EXPIRE_HOURS, 1–168
};

struct AuthSettings {
  int reauth_window_minutes = 10;       // REAUTH_WINDOW_MINUTES, 1–60
  bool require_verified_email = false;  // REQUIRE_VERIFIED_EMAIL
  bool register_hide_existing = false;  // REGISTER_HIDE_EXISTING
};

struct UrlSettings {
  std::vector<std::string> frontend_urls = {"http://localhost:3000"};  // FRONTEND_URL: comma list
  std::string frontend_url_base = "http://localhost:3000";  // first entry, no trailing slash
  std::string public_base_url;  // PUBLIC_BASE_URL. Default: development http://HOST:PORT, else ""
};

struct GoogleSettings {
  std::vector<std::string> client_ids;  // GOOGLE_CLIENT_ID: comma list
  SecretSource client_id_source = SecretSource::kNone;
  std::string oauth_secret_name;                                         // GOOGLE_OAUTH_SECRET_NAME
  std::string certs_url = "https://www.googleapis.com/oauth2/v3/certs";  // GOOGLE_CERTS_URL
  std::vector<std::string> allowed_hd;                                   // GOOGLE_ALLOWED_HD
  bool require_nonce = false;                                            // GOOGLE_REQUIRE_NONCE
};

struct TwoFactorSettings {
  Secret encryption_key;  // TWO_FACTOR_ENCRYPTION_KEY: 32 bytes (base64 or 64 hex), decoded
};

enum class SmtpSecurity { kNone, kStartTls, kTls };

struct SmtpSettings {
  std::string host;                             // SMTP_HOST (empty: .eml files in DATA_DIR/mail)
  std::uint16_t port = 587;                     // SMTP_PORT
  Secret user;                                  // SMTP_USER
  Secret password;                              // SMTP_PASSWORD
  std::string secret_name;                      // SMTP_SECRET_NAME
  SmtpSecurity security = SmtpSecurity::kNone;  // SMTP_SECURITY (starttls if SMTP_USER is set)
  std::string ca_file;                          // SMTP_CA_FILE
  int timeout_seconds = 10;                     // SMTP_TIMEOUT_SECONDS, 1–300
  int retry_base_seconds = 30;  // MAIL_RETRY_BASE_SECONDS, 1–3600: first retry delay, then doubling
  std::string from;             // SMTP_FROM (required with a host)
  std::string from_name = "ClockKo Team";  // SMTP_FROM_NAME
  std::string mail_dir;                    // DATA_DIR/mail, where .eml files go without a host
};

struct RedisSettings {
  Secret url;  // REDIS_URL (empty = in-process state)
};

struct AwsSettings {
  std::string region = "us-east-1";    // AWS_REGION, else AWS_DEFAULT_REGION
  std::string secrets_endpoint;        // AWS_ENDPOINT_URL_SECRETS_MANAGER
  int secrets_refresh_seconds = 3600;  // SECRETS_REFRESH_SECONDS (0 = startup only)
};

struct Settings {
  AppEnv app_env = AppEnv::kProduction;  // APP_ENV: development | production
  bool debug = false;                    // DEBUG (development only)
  std::string data_dir = "./data";       // DATA_DIR
  HttpSettings http;
  LogSettings log;
  DbSettings db;
  JwtSettings jwt;
  PasswordSettings password;
  OtpSettings otp;
  AuthSettings auth;
  UrlSettings urls;
  GoogleSettings google;
  TwoFactorSettings two_factor;
  SmtpSettings smtp;
  RedisSettings redis;
  AwsSettings aws;

  // Non-fatal notes from Load() for the startup log (e.g. "SECRET_KEY and SECRET_KEY_FILE are both
  // set"). Never contain a secret value.
  std::vector<std::string> warnings;

  bool development() const { return app_env == AppEnv::kDevelopment; }
};

}  // namespace clockko::config
