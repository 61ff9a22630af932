#pragma once
// SqliteTransaction: the store::Transaction handed to Database::Run's callback, exposing the
// SQLite repositories bound to the connection whose transaction is open. Valid only inside that
// callback; not thread-safe. It does not begin or end the transaction: SqliteDatabase does.
#include "store/database.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/sqlite_avatar_repository.hpp"
#include "store/sqlite/sqlite_link_token_repository.hpp"
#include "store/sqlite/sqlite_one_time_code_repository.hpp"
#include "store/sqlite/sqlite_outbox_repository.hpp"
#include "store/sqlite/sqlite_revoked_token_repository.hpp"
#include "store/sqlite/sqlite_security_event_repository.hpp"
#include "store/sqlite/sqlite_session_mark_repository.hpp"
#include "store/sqlite/sqlite_user_repository.hpp"

namespace clockko::store {

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(sqlite::Connection& connection)
      : users_(connection),
        revoked_tokens_(connection),
        outbox_(connection),
        security_events_(connection),
        avatars_(connection),
        one_time_codes_(connection),
        link_tokens_(connection),
        session_marks_(connection) {}
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;

  UserRepository& users() override { return users_; }
  RevokedTokenRepository& revoked_tokens() override { return revoked_tokens_; }
  OutboxRepository& outbox() override { return outbox_; }
  SecurityEventRepository& security_events() override { return security_events_; }
  AvatarRepository& avatars() override { return avatars_; }
  OneTimeCodeRepository& one_time_codes() override { return one_time_codes_; }
  LinkTokenRepository& link_tokens() override { return link_tokens_; }
  SessionMarkRepository& session_marks() override { return session_marks_; }

 private:
  SqliteUserRepository users_;
  SqliteRevokedTokenRepository revoked_tokens_;
  SqliteOutboxRepository outbox_;
  SqliteSecurityEventRepository security_events_;
  SqliteAvatarRepository avatars_;
  SqliteOneTimeCodeRepository one_time_codes_;
  SqliteLinkTokenRepository link_tokens_;
  SqliteSessionMarkRepository session_marks_;
};

}  // namespace clockko::store
