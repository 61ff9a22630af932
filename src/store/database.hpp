#pragma once
// Database: the unit of work. Every repository call happens inside Run(), which opens a
// transaction on a connection of its own, calls `work`, and commits when `work` succeeds (rolls
// back when it fails or throws). So a state change and the mail it causes commit together or not at
// all. Implemented by SqliteDatabase (and later PgDatabase). Thread-safe: each call uses its own
// connection; call it from worker threads only (it blocks). Errors: whatever `work` returns,
// kUnavailable (busy past the timeout, disk full, unreachable), kInternal.
#include <functional>
#include <optional>
#include <utility>

#include "core/result.hpp"
#include "store/avatar_repository.hpp"
#include "store/link_token_repository.hpp"
#include "store/one_time_code_repository.hpp"
#include "store/outbox_repository.hpp"
#include "store/revoked_token_repository.hpp"
#include "store/security_event_repository.hpp"
#include "store/session_mark_repository.hpp"
#include "store/user_repository.hpp"

namespace clockko::store {

// The repositories bound to one open transaction. Valid only inside Database::Run's callback.
class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual UserRepository& users() = 0;
  virtual RevokedTokenRepository& revoked_tokens() = 0;
  virtual OutboxRepository& outbox() = 0;
  virtual SecurityEventRepository& security_events() = 0;
  virtual AvatarRepository& avatars() = 0;
  virtual OneTimeCodeRepository& one_time_codes() = 0;
  virtual LinkTokenRepository& link_tokens() = 0;
  virtual SessionMarkRepository& session_marks() = 0;
};

enum class TxMode {
  kRead,   // a consistent snapshot; writes are a bug
  kWrite,  // takes the write lock up front (SQLite BEGIN IMMEDIATE) so it never deadlocks
};

class Database {
 public:
  virtual ~Database() = default;
  virtual Result<> Run(TxMode mode, const std::function<Result<>(Transaction&)>& work) = 0;
  // A cheap liveness query for /health/ready.
  virtual Result<> Ping() = 0;
};

// Runs `work` (Transaction& -> Result<T>) in a transaction and returns its value.
template <typename T, typename F>
Result<T> Transact(Database& db, TxMode mode, F&& work) {
  std::optional<T> value;
  Result<> r = db.Run(mode, [&](Transaction& tx) -> Result<> {
    Result<T> inner = work(tx);
    if (!inner) {
      return Forward(std::move(inner.error()));
    }
    value.emplace(std::move(*inner));
    return {};
  });
  if (!r) {
    return Forward(std::move(r.error()));
  }
  return std::move(*value);
}

}  // namespace clockko::store
