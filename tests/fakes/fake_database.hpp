#pragma once
// FakeDatabase: an in-memory store::Database for service and API tests. Its Transaction hands out
// map-backed repositories that keep the contract of the SQLite ones: unique email_lower and
// username (kAlreadyExists "email_taken" / "username_taken"), kNotFound "not_found" for Update or
// BumpTokenVersion of a missing row, foreign keys from revoked tokens and outbox rows to users,
// ON DELETE CASCADE, and the documented orderings. Also keeps uploaded avatars (one per user),
// one-time codes (one per (user, purpose); Consume is compare-and-delete), link tokens (one per
// (user, purpose), unique hash), recent-auth marks and carried tokens (per jti), all with foreign
// keys to users and cascade.
//
// Run() is atomic for real: it copies the whole state, runs `work` on the copy and commits the
// copy only when `work` succeeds, so a failing step rolls back every earlier write of the same
// transaction. Writes in a TxMode::kRead transaction fail with kInternal (they are a bug), and a
// nested Run() on the same thread fails with kInternal instead of deadlocking.
//
// Failure injection: FailNextRun() makes the next Run() fail with kUnavailable before `work`
// runs; FailNext(FakeOp::...) makes the next call of one repository operation fail.
// Thread-safe: Run() calls are serialised by a mutex (like SQLite's single writer).
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "store/database.hpp"

namespace clockko::testing {

// Repository operations whose next call(s) a test can make fail.
enum class FakeOp {
  kUserInsert,
  kUserFind,  // FindById, FindByEmailLower, UsernameExists
  kUserUpdate,
  kUserBumpTokenVersion,
  kUserList,
  kUserDelete,
  kRevoke,
  kIsRevoked,
  kOutboxEnqueue,
  kSecurityEventAppend,
  kAvatarPut,
  kAvatarRemove,
  kCodePut,
  kCodeFind,  // OneTimeCodeRepository::Find
  kCodeRecordFailedAttempt,
  kCodeConsume,
  kLinkTokenPut,
  kLinkTokenFind,  // FindByHash
  kLinkTokenConsume,
  kMarkRecentAuth,
  kRecentAuthUntil,
  kCarryToken,
  kIsCarried,
};

// The whole stored state; Run() works on a copy of it.
struct FakeStoreState {
  struct Revoked {
    std::string user_id;
    Timestamp expires_at;
  };
  std::map<std::string, store::UserRecord> users;  // by id
  std::map<std::string, Revoked> revoked;          // by jti
  std::map<std::int64_t, store::OutboxMail> outbox;
  std::int64_t next_outbox_id = 1;
  std::vector<store::SecurityEvent> events;  // in append order
  std::int64_t next_event_id = 1;
  std::map<std::string, store::AvatarRecord> avatars;  // by user id
  struct RecentAuth {
    std::string user_id;
    Timestamp until;
  };
  struct Carried {
    std::string user_id;
    std::int64_t ver = 0;
    Timestamp expires_at;
  };
  std::map<std::pair<std::string, std::string>, store::OneTimeCode> codes;  // (user, purpose)
  std::map<std::string, store::LinkToken> link_tokens;                      // by token_hash
  std::map<std::string, RecentAuth> recent_auth;                            // by jti
  std::map<std::string, Carried> carried;                                   // by jti
};

class FakeDatabase final : public store::Database {
 public:
  FakeDatabase() = default;
  FakeDatabase(const FakeDatabase&) = delete;
  FakeDatabase& operator=(const FakeDatabase&) = delete;

  Result<> Run(store::TxMode mode,
               const std::function<Result<>(store::Transaction&)>& work) override {
    if (owner_.load() == std::this_thread::get_id()) {
      return Internal("FakeDatabase: nested Run() on the same thread");
    }
    std::lock_guard<std::mutex> lock(mu_);
    OwnerGuard guard(owner_);
    ++run_count_;
    if (mode == store::TxMode::kWrite) {
      ++write_run_count_;
    }
    if (!run_failures_.empty()) {
      Error e = std::move(run_failures_.front());
      run_failures_.erase(run_failures_.begin());
      return Forward(std::move(e));
    }
    FakeStoreState copy = state_;
    Tx tx(*this, copy, mode);
    Result<> r = work(tx);  // an exception leaves state_ untouched: a rollback
    if (r) {
      state_ = std::move(copy);
      ++commit_count_;
    }
    return r;
  }

  Result<> Ping() override {
    std::lock_guard<std::mutex> lock(mu_);
    if (ping_error_) {
      return Forward(*ping_error_);
    }
    return {};
  }

  // --- failure injection ---------------------------------------------------------------------

  // The next Run() fails with `error` without calling its work (one call per FailNextRun).
  void FailNextRun(Error error = Unavailable("injected: database unavailable").value()) {
    std::lock_guard<std::mutex> lock(mu_);
    run_failures_.push_back(std::move(error));
  }
  // The next `times` calls of `op` fail with `error` (inside whatever transaction they run).
  void FailNext(FakeOp op, Error error = Unavailable("injected: operation failed").value(),
                int times = 1) {
    std::lock_guard<std::mutex> lock(mu_);
    op_failures_[op] = OpFailure{std::move(error), times};
  }
  void SetPingError(std::optional<Error> error) {
    std::lock_guard<std::mutex> lock(mu_);
    ping_error_ = std::move(error);
  }

  // --- direct access for tests (outside any transaction) -------------------------------------

  // Inserts through the repository rules (uniqueness included), in a write transaction.
  Result<> SeedUser(const store::UserRecord& user) {
    return Run(store::TxMode::kWrite,
               [&](store::Transaction& tx) -> Result<> { return tx.users().Insert(user); });
  }
  // Overwrites (or creates) a row without any checks: for setting up odd states.
  void PutUserUnchecked(const store::UserRecord& user) {
    std::lock_guard<std::mutex> lock(mu_);
    state_.users[user.id] = user;
  }

  std::vector<store::UserRecord> Users() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<store::UserRecord> out;
    for (const auto& [id, user] : state_.users) {
      out.push_back(user);
    }
    return out;
  }
  std::optional<store::UserRecord> UserById(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state_.users.find(id);
    if (it == state_.users.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  std::optional<store::UserRecord> UserByEmailLower(const std::string& email_lower) const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, user] : state_.users) {
      if (user.email_lower == email_lower) {
        return user;
      }
    }
    return std::nullopt;
  }
  std::vector<store::OutboxMail> Outbox() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<store::OutboxMail> out;
    for (const auto& [id, mail] : state_.outbox) {
      out.push_back(mail);
    }
    return out;
  }
  // In append order.
  std::vector<store::SecurityEvent> SecurityEvents() const {
    std::lock_guard<std::mutex> lock(mu_);
    return state_.events;
  }
  std::vector<std::string> SecurityEventNames() const {
    std::vector<std::string> names;
    for (const store::SecurityEvent& e : SecurityEvents()) {
      names.push_back(e.event);
    }
    return names;
  }
  bool IsRevoked(const std::string& jti) const {
    std::lock_guard<std::mutex> lock(mu_);
    return state_.revoked.count(jti) > 0;
  }
  std::optional<store::AvatarRecord> AvatarOf(const std::string& user_id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state_.avatars.find(user_id);
    if (it == state_.avatars.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  std::optional<store::OneTimeCode> CodeOf(const std::string& user_id,
                                           const std::string& purpose) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state_.codes.find({user_id, purpose});
    if (it == state_.codes.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  // In token_hash order.
  std::vector<store::LinkToken> LinkTokens() const {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<store::LinkToken> out;
    for (const auto& [hash, token] : state_.link_tokens) {
      out.push_back(token);
    }
    return out;
  }
  std::optional<Timestamp> RecentAuthUntil(const std::string& jti) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = state_.recent_auth.find(jti);
    if (it == state_.recent_auth.end()) {
      return std::nullopt;
    }
    return it->second.until;
  }
  bool IsCarried(const std::string& jti) const {
    std::lock_guard<std::mutex> lock(mu_);
    return state_.carried.count(jti) > 0;
  }
  std::size_t RevokedCount() const {
    std::lock_guard<std::mutex> lock(mu_);
    return state_.revoked.size();
  }
  FakeStoreState Snapshot() const {
    std::lock_guard<std::mutex> lock(mu_);
    return state_;
  }

  int run_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return run_count_;
  }
  int write_run_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return write_run_count_;
  }
  int commit_count() const {
    std::lock_guard<std::mutex> lock(mu_);
    return commit_count_;
  }

 private:
  struct OpFailure {
    Error error;
    int remaining = 0;
  };

  // Marks the thread inside Run() so a nested call is reported instead of deadlocking.
  class OwnerGuard {
   public:
    explicit OwnerGuard(std::atomic<std::thread::id>& owner) : owner_(owner) {
      owner_.store(std::this_thread::get_id());
    }
    ~OwnerGuard() { owner_.store(std::thread::id()); }
    OwnerGuard(const OwnerGuard&) = delete;
    OwnerGuard& operator=(const OwnerGuard&) = delete;

   private:
    std::atomic<std::thread::id>& owner_;
  };

  // Called with mu_ held (from inside Run).
  std::optional<Error> TakeFailure(FakeOp op) {
    auto it = op_failures_.find(op);
    if (it == op_failures_.end()) {
      return std::nullopt;
    }
    Error e = it->second.error;
    if (--it->second.remaining <= 0) {
      op_failures_.erase(it);
    }
    return e;
  }

  static tl::unexpected<Error> NotFound() {
    return Fail(Errc::kNotFound, "not_found", "User not found");
  }
  static tl::unexpected<Error> EmailTaken() {
    return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered");
  }
  static tl::unexpected<Error> UsernameTaken() {
    return Fail(Errc::kAlreadyExists, "username_taken", "Username taken");
  }

  class Tx;

  class UserRepo final : public store::UserRepository {
   public:
    explicit UserRepo(Tx& tx) : tx_(tx) {}

    Result<> Insert(const store::UserRecord& user) override {
      if (auto e = tx_.Begin(FakeOp::kUserInsert, true)) {
        return Forward(std::move(*e));
      }
      auto& users = tx_.state().users;
      if (users.count(user.id) > 0) {
        return Internal("FakeDatabase: UNIQUE constraint failed: users.id");
      }
      for (const auto& [id, other] : users) {
        if (other.email_lower == user.email_lower) {
          return EmailTaken();
        }
      }
      for (const auto& [id, other] : users) {
        if (other.username == user.username) {
          return UsernameTaken();
        }
      }
      users[user.id] = user;
      return {};
    }

    Result<std::optional<store::UserRecord>> FindById(const std::string& id) override {
      if (auto e = tx_.Begin(FakeOp::kUserFind, false)) {
        return Forward(std::move(*e));
      }
      auto& users = tx_.state().users;
      auto it = users.find(id);
      if (it == users.end()) {
        return std::optional<store::UserRecord>();
      }
      return std::optional<store::UserRecord>(it->second);
    }

    Result<std::optional<store::UserRecord>> FindByEmailLower(
        const std::string& email_lower) override {
      if (auto e = tx_.Begin(FakeOp::kUserFind, false)) {
        return Forward(std::move(*e));
      }
      for (const auto& [id, user] : tx_.state().users) {
        if (user.email_lower == email_lower) {
          return std::optional<store::UserRecord>(user);
        }
      }
      return std::optional<store::UserRecord>();
    }

    Result<bool> UsernameExists(const std::string& username) override {
      if (auto e = tx_.Begin(FakeOp::kUserFind, false)) {
        return Forward(std::move(*e));
      }
      for (const auto& [id, user] : tx_.state().users) {
        if (user.username == username) {
          return true;
        }
      }
      return false;
    }

    Result<> Update(const store::UserRecord& user) override {
      if (auto e = tx_.Begin(FakeOp::kUserUpdate, true)) {
        return Forward(std::move(*e));
      }
      auto& users = tx_.state().users;
      auto it = users.find(user.id);
      if (it == users.end()) {
        return NotFound();
      }
      for (const auto& [id, other] : users) {
        if (id != user.id && other.email_lower == user.email_lower) {
          return EmailTaken();
        }
      }
      for (const auto& [id, other] : users) {
        if (id != user.id && other.username == user.username) {
          return UsernameTaken();
        }
      }
      const Timestamp created_at = it->second.created_at;  // never changes
      it->second = user;
      it->second.created_at = created_at;
      return {};
    }

    Result<std::int64_t> BumpTokenVersion(const std::string& id) override {
      if (auto e = tx_.Begin(FakeOp::kUserBumpTokenVersion, true)) {
        return Forward(std::move(*e));
      }
      auto& users = tx_.state().users;
      auto it = users.find(id);
      if (it == users.end()) {
        return NotFound();
      }
      return ++it->second.token_version;
    }

    Result<std::vector<store::UserRecord>> List(std::int64_t limit, std::int64_t offset) override {
      if (auto e = tx_.Begin(FakeOp::kUserList, false)) {
        return Forward(std::move(*e));
      }
      std::vector<store::UserRecord> all;
      for (const auto& [id, user] : tx_.state().users) {
        all.push_back(user);
      }
      std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
        return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
      });
      std::vector<store::UserRecord> out;
      if (limit <= 0) {
        return out;
      }
      const std::size_t start = static_cast<std::size_t>(offset < 0 ? 0 : offset);
      for (std::size_t i = start; i < all.size() && out.size() < static_cast<std::size_t>(limit);
           ++i) {
        out.push_back(all[i]);
      }
      return out;
    }

    Result<bool> Delete(const std::string& id) override {
      if (auto e = tx_.Begin(FakeOp::kUserDelete, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.erase(id) == 0) {
        return false;
      }
      // ON DELETE CASCADE of revoked_tokens and mail_outbox.
      std::erase_if(s.revoked, [&](const auto& kv) { return kv.second.user_id == id; });
      std::erase_if(s.outbox, [&](const auto& kv) { return kv.second.user_id == id; });
      s.avatars.erase(id);
      std::erase_if(s.codes, [&](const auto& kv) { return kv.second.user_id == id; });
      std::erase_if(s.link_tokens, [&](const auto& kv) { return kv.second.user_id == id; });
      std::erase_if(s.recent_auth, [&](const auto& kv) { return kv.second.user_id == id; });
      std::erase_if(s.carried, [&](const auto& kv) { return kv.second.user_id == id; });
      return true;
    }

   private:
    Tx& tx_;
  };

  class RevokedRepo final : public store::RevokedTokenRepository {
   public:
    explicit RevokedRepo(Tx& tx) : tx_(tx) {}

    Result<> Revoke(const std::string& jti, const std::string& user_id,
                    Timestamp expires_at) override {
      if (auto e = tx_.Begin(FakeOp::kRevoke, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: revoked_tokens.user_id");
      }
      s.revoked.emplace(jti, FakeStoreState::Revoked{user_id, expires_at});  // keeps the first
      return {};
    }

    Result<bool> IsRevoked(const std::string& jti) override {
      if (auto e = tx_.Begin(FakeOp::kIsRevoked, false)) {
        return Forward(std::move(*e));
      }
      return tx_.state().revoked.count(jti) > 0;
    }

    Result<std::int64_t> PurgeExpired(Timestamp now) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      return static_cast<std::int64_t>(std::erase_if(
          tx_.state().revoked, [&](const auto& kv) { return kv.second.expires_at < now; }));
    }

   private:
    Tx& tx_;
  };

  class OutboxRepo final : public store::OutboxRepository {
   public:
    explicit OutboxRepo(Tx& tx) : tx_(tx) {}

    Result<std::int64_t> Enqueue(const store::OutboxMail& mail) override {
      if (auto e = tx_.Begin(FakeOp::kOutboxEnqueue, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (mail.user_id && s.users.count(*mail.user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: mail_outbox.user_id");
      }
      store::OutboxMail row = mail;
      row.id = s.next_outbox_id++;
      s.outbox[row.id] = row;
      return row.id;
    }

    Result<std::vector<store::OutboxMail>> Due(Timestamp now, std::int32_t limit) override {
      if (auto e = tx_.Begin(std::nullopt, false)) {
        return Forward(std::move(*e));
      }
      std::vector<store::OutboxMail> out;
      for (const auto& [id, mail] : tx_.state().outbox) {
        if (mail.next_attempt_at <= now) {
          out.push_back(mail);
        }
      }
      return Ordered(std::move(out), limit);
    }

    Result<> Remove(std::int64_t id) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      tx_.state().outbox.erase(id);
      return {};
    }

    Result<> Reschedule(std::int64_t id, Timestamp next_attempt_at,
                        const std::string& last_error) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      auto& outbox = tx_.state().outbox;
      auto it = outbox.find(id);
      if (it != outbox.end()) {  // like the UPDATE: a vanished row is not an error
        ++it->second.attempts;
        it->second.next_attempt_at = next_attempt_at;
        it->second.last_error = last_error;
      }
      return {};
    }

    Result<std::int64_t> Count() override {
      if (auto e = tx_.Begin(std::nullopt, false)) {
        return Forward(std::move(*e));
      }
      return static_cast<std::int64_t>(tx_.state().outbox.size());
    }

    Result<std::vector<store::OutboxMail>> List(std::int32_t limit) override {
      if (auto e = tx_.Begin(std::nullopt, false)) {
        return Forward(std::move(*e));
      }
      std::vector<store::OutboxMail> out;
      for (const auto& [id, mail] : tx_.state().outbox) {
        out.push_back(mail);
      }
      return Ordered(std::move(out), limit);
    }

   private:
    // ORDER BY next_attempt_at, id LIMIT limit.
    static std::vector<store::OutboxMail> Ordered(std::vector<store::OutboxMail> rows,
                                                  std::int32_t limit) {
      std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.next_attempt_at != b.next_attempt_at ? a.next_attempt_at < b.next_attempt_at
                                                      : a.id < b.id;
      });
      rows.resize(std::min(rows.size(), static_cast<std::size_t>(std::max(limit, 0))));
      return rows;
    }

    Tx& tx_;
  };

  class EventRepo final : public store::SecurityEventRepository {
   public:
    explicit EventRepo(Tx& tx) : tx_(tx) {}

    Result<> Append(const store::SecurityEvent& event) override {
      if (auto e = tx_.Begin(FakeOp::kSecurityEventAppend, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      store::SecurityEvent row = event;
      row.id = s.next_event_id++;
      s.events.push_back(std::move(row));
      return {};
    }

    Result<std::vector<store::SecurityEvent>> Recent(
        std::int32_t limit, const std::optional<std::string>& user_id) override {
      if (auto e = tx_.Begin(std::nullopt, false)) {
        return Forward(std::move(*e));
      }
      std::vector<store::SecurityEvent> out;
      for (const store::SecurityEvent& e : tx_.state().events) {
        if (!user_id || e.user_id == user_id) {
          out.push_back(e);
        }
      }
      // ORDER BY at DESC, id DESC.
      std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.at != b.at ? a.at > b.at : a.id > b.id;
      });
      out.resize(std::min(out.size(), static_cast<std::size_t>(std::max(limit, 0))));
      return out;
    }

   private:
    Tx& tx_;
  };

  class AvatarRepo final : public store::AvatarRepository {
   public:
    explicit AvatarRepo(Tx& tx) : tx_(tx) {}

    Result<> Put(const store::AvatarRecord& avatar) override {
      if (auto e = tx_.Begin(FakeOp::kAvatarPut, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(avatar.user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: user_avatars.user_id");
      }
      s.avatars[avatar.user_id] = avatar;
      return {};
    }

    Result<std::optional<store::AvatarRecord>> Find(const std::string& user_id,
                                                    const std::string& hash) override {
      if (auto e = tx_.Begin(std::nullopt, false)) {
        return Forward(std::move(*e));
      }
      auto& avatars = tx_.state().avatars;
      auto it = avatars.find(user_id);
      if (it == avatars.end() || it->second.hash != hash) {
        return std::optional<store::AvatarRecord>();
      }
      return std::optional<store::AvatarRecord>(it->second);
    }

    Result<> Remove(const std::string& user_id) override {
      if (auto e = tx_.Begin(FakeOp::kAvatarRemove, true)) {
        return Forward(std::move(*e));
      }
      tx_.state().avatars.erase(user_id);
      return {};
    }

   private:
    Tx& tx_;
  };

  class CodeRepo final : public store::OneTimeCodeRepository {
   public:
    explicit CodeRepo(Tx& tx) : tx_(tx) {}

    Result<> Put(const store::OneTimeCode& code) override {
      if (auto e = tx_.Begin(FakeOp::kCodePut, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(code.user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: one_time_codes.user_id");
      }
      s.codes[{code.user_id, code.purpose}] = code;
      return {};
    }

    Result<std::optional<store::OneTimeCode>> Find(const std::string& user_id,
                                                   const std::string& purpose) override {
      if (auto e = tx_.Begin(FakeOp::kCodeFind, false)) {
        return Forward(std::move(*e));
      }
      auto& codes = tx_.state().codes;
      auto it = codes.find({user_id, purpose});
      if (it == codes.end()) {
        return std::optional<store::OneTimeCode>();
      }
      return std::optional<store::OneTimeCode>(it->second);
    }

    Result<std::int32_t> RecordFailedAttempt(const std::string& user_id,
                                             const std::string& purpose) override {
      if (auto e = tx_.Begin(FakeOp::kCodeRecordFailedAttempt, true)) {
        return Forward(std::move(*e));
      }
      auto& codes = tx_.state().codes;
      auto it = codes.find({user_id, purpose});
      if (it == codes.end()) {
        return 0;
      }
      return ++it->second.attempts;
    }

    Result<bool> Consume(const std::string& user_id, const std::string& purpose,
                         const std::string& code_hmac) override {
      if (auto e = tx_.Begin(FakeOp::kCodeConsume, true)) {
        return Forward(std::move(*e));
      }
      auto& codes = tx_.state().codes;
      auto it = codes.find({user_id, purpose});
      if (it == codes.end() || it->second.code_hmac != code_hmac) {
        return false;
      }
      codes.erase(it);
      return true;
    }

    Result<> Delete(const std::string& user_id, const std::string& purpose) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      tx_.state().codes.erase({user_id, purpose});
      return {};
    }

    Result<> DeleteAllForUser(const std::string& user_id) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      std::erase_if(tx_.state().codes,
                    [&](const auto& kv) { return kv.second.user_id == user_id; });
      return {};
    }

    Result<std::int64_t> PurgeExpired(Timestamp now) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      return static_cast<std::int64_t>(std::erase_if(
          tx_.state().codes, [&](const auto& kv) { return kv.second.expires_at < now; }));
    }

   private:
    Tx& tx_;
  };

  class LinkTokenRepo final : public store::LinkTokenRepository {
   public:
    explicit LinkTokenRepo(Tx& tx) : tx_(tx) {}

    Result<> Put(const store::LinkToken& token) override {
      if (auto e = tx_.Begin(FakeOp::kLinkTokenPut, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(token.user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: link_tokens.user_id");
      }
      std::erase_if(s.link_tokens, [&](const auto& kv) {
        return kv.second.user_id == token.user_id && kv.second.purpose == token.purpose;
      });
      if (s.link_tokens.count(token.token_hash) > 0) {
        return Internal("FakeDatabase: UNIQUE constraint failed: link_tokens.token_hash");
      }
      s.link_tokens[token.token_hash] = token;
      return {};
    }

    Result<std::optional<store::LinkToken>> FindByHash(const std::string& token_hash) override {
      if (auto e = tx_.Begin(FakeOp::kLinkTokenFind, false)) {
        return Forward(std::move(*e));
      }
      auto& tokens = tx_.state().link_tokens;
      auto it = tokens.find(token_hash);
      if (it == tokens.end()) {
        return std::optional<store::LinkToken>();
      }
      return std::optional<store::LinkToken>(it->second);
    }

    Result<bool> Consume(const std::string& token_hash) override {
      if (auto e = tx_.Begin(FakeOp::kLinkTokenConsume, true)) {
        return Forward(std::move(*e));
      }
      return tx_.state().link_tokens.erase(token_hash) > 0;
    }

    Result<> DeleteForUser(const std::string& user_id, const std::string& purpose) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      std::erase_if(tx_.state().link_tokens, [&](const auto& kv) {
        return kv.second.user_id == user_id && kv.second.purpose == purpose;
      });
      return {};
    }

    Result<> DeleteAllForUser(const std::string& user_id) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      std::erase_if(tx_.state().link_tokens,
                    [&](const auto& kv) { return kv.second.user_id == user_id; });
      return {};
    }

    Result<std::int64_t> PurgeExpired(Timestamp now) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      return static_cast<std::int64_t>(std::erase_if(
          tx_.state().link_tokens, [&](const auto& kv) { return kv.second.expires_at < now; }));
    }

   private:
    Tx& tx_;
  };

  class SessionMarkRepo final : public store::SessionMarkRepository {
   public:
    explicit SessionMarkRepo(Tx& tx) : tx_(tx) {}

    Result<> MarkRecentAuth(const std::string& jti, const std::string& user_id,
                            Timestamp until) override {
      if (auto e = tx_.Begin(FakeOp::kMarkRecentAuth, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: recent_auth_marks.user_id");
      }
      s.recent_auth[jti] = FakeStoreState::RecentAuth{user_id, until};
      return {};
    }

    Result<std::optional<Timestamp>> RecentAuthUntil(const std::string& jti) override {
      if (auto e = tx_.Begin(FakeOp::kRecentAuthUntil, false)) {
        return Forward(std::move(*e));
      }
      auto& marks = tx_.state().recent_auth;
      auto it = marks.find(jti);
      if (it == marks.end()) {
        return std::optional<Timestamp>();
      }
      return std::optional<Timestamp>(it->second.until);
    }

    Result<> CarryToken(const std::string& jti, const std::string& user_id, std::int64_t ver,
                        Timestamp expires_at) override {
      if (auto e = tx_.Begin(FakeOp::kCarryToken, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      if (s.users.count(user_id) == 0) {
        return Internal("FakeDatabase: FOREIGN KEY constraint failed: carried_tokens.user_id");
      }
      s.carried[jti] = FakeStoreState::Carried{user_id, ver, expires_at};
      return {};
    }

    Result<bool> IsCarried(const std::string& jti, const std::string& user_id,
                           std::int64_t ver) override {
      if (auto e = tx_.Begin(FakeOp::kIsCarried, false)) {
        return Forward(std::move(*e));
      }
      auto& carried = tx_.state().carried;
      auto it = carried.find(jti);
      return it != carried.end() && it->second.user_id == user_id && it->second.ver == ver;
    }

    Result<> DropMarks(const std::string& jti) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      tx_.state().recent_auth.erase(jti);
      return {};
    }

    Result<> DropAllForUser(const std::string& user_id) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      std::erase_if(s.recent_auth, [&](const auto& kv) { return kv.second.user_id == user_id; });
      std::erase_if(s.carried, [&](const auto& kv) { return kv.second.user_id == user_id; });
      return {};
    }

    Result<> DropCarriedForUser(const std::string& user_id) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      std::erase_if(tx_.state().carried,
                    [&](const auto& kv) { return kv.second.user_id == user_id; });
      return {};
    }

    Result<std::int64_t> PurgeExpired(Timestamp now) override {
      if (auto e = tx_.Begin(std::nullopt, true)) {
        return Forward(std::move(*e));
      }
      FakeStoreState& s = tx_.state();
      const std::size_t marks =
          std::erase_if(s.recent_auth, [&](const auto& kv) { return kv.second.until < now; });
      const std::size_t carried =
          std::erase_if(s.carried, [&](const auto& kv) { return kv.second.expires_at < now; });
      return static_cast<std::int64_t>(marks + carried);
    }

   private:
    Tx& tx_;
  };

  class Tx final : public store::Transaction {
   public:
    Tx(FakeDatabase& db, FakeStoreState& state, store::TxMode mode)
        : db_(db), state_(state), mode_(mode) {}

    store::UserRepository& users() override { return users_; }
    store::RevokedTokenRepository& revoked_tokens() override { return revoked_; }
    store::OutboxRepository& outbox() override { return outbox_; }
    store::SecurityEventRepository& security_events() override { return events_; }
    store::AvatarRepository& avatars() override { return avatars_; }
    store::OneTimeCodeRepository& one_time_codes() override { return codes_; }
    store::LinkTokenRepository& link_tokens() override { return link_tokens_; }
    store::SessionMarkRepository& session_marks() override { return session_marks_; }

    FakeStoreState& state() { return state_; }

    // Checks an operation before it runs: an injected failure, or a write in a read
    // transaction. Returns the error to report, if any.
    std::optional<Error> Begin(std::optional<FakeOp> op, bool writes) {
      if (op) {
        if (std::optional<Error> injected = db_.TakeFailure(*op)) {
          return injected;
        }
      }
      if (writes && mode_ == store::TxMode::kRead) {
        return Internal("FakeDatabase: write in a read transaction").value();
      }
      return std::nullopt;
    }

   private:
    FakeDatabase& db_;
    FakeStoreState& state_;
    store::TxMode mode_;
    UserRepo users_{*this};
    RevokedRepo revoked_{*this};
    OutboxRepo outbox_{*this};
    EventRepo events_{*this};
    AvatarRepo avatars_{*this};
    CodeRepo codes_{*this};
    LinkTokenRepo link_tokens_{*this};
    SessionMarkRepo session_marks_{*this};
  };

  mutable std::mutex mu_;
  std::atomic<std::thread::id> owner_{};
  FakeStoreState state_;
  std::vector<Error> run_failures_;
  std::map<FakeOp, OpFailure> op_failures_;
  std::optional<Error> ping_error_;
  int run_count_ = 0;
  int write_run_count_ = 0;
  int commit_count_ = 0;
};

}  // namespace clockko::testing
