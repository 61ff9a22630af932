#include "store/sqlite/migrations.hpp"

namespace clockko::store::sqlite {
namespace {

// Times are Unix seconds (INTEGER). Booleans are 0/1. STRICT tables refuse values of the wrong
// type instead of storing them. security_events.user_id has no foreign key on purpose: the audit
// trail survives the deletion of the account.
constexpr const char* k0001Initial = R"sql(
CREATE TABLE users (
  id                   TEXT PRIMARY KEY NOT NULL,
  username             TEXT NOT NULL UNIQUE,
  email                TEXT NOT NULL,
  email_lower          TEXT NOT NULL UNIQUE,
  full_name            TEXT NOT NULL,
  phone_number         TEXT,
  avatar_url           TEXT,
  hashed_password      TEXT,
  is_active            INTEGER NOT NULL DEFAULT 1,
  is_verified          INTEGER NOT NULL DEFAULT 0,
  otp_verified         INTEGER NOT NULL DEFAULT 0,
  onboarding_completed INTEGER NOT NULL DEFAULT 0,
  two_factor_enabled   INTEGER NOT NULL DEFAULT 0,
  token_version        INTEGER NOT NULL DEFAULT 0,
  password_changed_at  INTEGER,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX users_created_at_id ON users (created_at, id);

CREATE TABLE revoked_tokens (
  jti        TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX revoked_tokens_expires_at ON revoked_tokens (expires_at);
CREATE INDEX revoked_tokens_user_id ON revoked_tokens (user_id);

CREATE TABLE mail_outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  kind            TEXT NOT NULL,
  user_id         TEXT NULL REFERENCES users (id) ON DELETE CASCADE,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text_body       TEXT NOT NULL,
  html_body       TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  expires_at      INTEGER NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX mail_outbox_next_attempt_at ON mail_outbox (next_attempt_at, id);
CREATE INDEX mail_outbox_user_id ON mail_outbox (user_id);

CREATE TABLE security_events (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,
  event      TEXT NOT NULL,
  user_id    TEXT NULL,
  client_ip  TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  detail     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX security_events_user_id_at ON security_events (user_id, at);
CREATE INDEX security_events_event_at ON security_events (event, at);
)sql";

// Uploaded profile pictures (API.md §2.4): one row per user, replaced on each upload.
constexpr const char* k0002UserAvatars = R"sql(
CREATE TABLE user_avatars (
  user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  hash         TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data         BLOB NOT NULL,
  created_at   INTEGER NOT NULL
) STRICT;
)sql";

// One-time codes and link tokens (API.md §1.11), recent-authentication marks (§1.9) and tokens
// carried over their own user's token_version bump (§1.8). Codes and tokens are stored only as
// HMAC / SHA-256. Every row goes with its user.
constexpr const char* k0003CodesTokensMarks = R"sql(
CREATE TABLE one_time_codes (
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL,
  code_hmac  TEXT NOT NULL,
  target     TEXT NOT NULL DEFAULT '',
  expires_at INTEGER NOT NULL,
  attempts   INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, purpose)
) STRICT;
CREATE INDEX one_time_codes_expires_at ON one_time_codes (expires_at);

CREATE TABLE link_tokens (
  token_hash TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose    TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, purpose)
) STRICT;
CREATE INDEX link_tokens_expires_at ON link_tokens (expires_at);

CREATE TABLE recent_auth_marks (
  jti     TEXT PRIMARY KEY NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  until   INTEGER NOT NULL
) STRICT;
CREATE INDEX recent_auth_marks_until ON recent_auth_marks (until);
CREATE INDEX recent_auth_marks_user_id ON recent_auth_marks (user_id);

CREATE TABLE carried_tokens (
  jti        TEXT PRIMARY KEY NOT NULL,
  user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ver        INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX carried_tokens_expires_at ON carried_tokens (expires_at);
CREATE INDEX carried_tokens_user_id ON carried_tokens (user_id);
)sql";

constexpr Migration kMigrations[] = {
    {1, "0001_initial", k0001Initial},
    {2, "0002_user_avatars", k0002UserAvatars},
    {3, "0003_codes_tokens_marks", k0003CodesTokensMarks},
};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace clockko::store::sqlite
