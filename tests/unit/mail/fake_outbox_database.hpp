#pragma once
// An in-memory store::Database whose transactions only support outbox(), for OutboxWorker tests.
// Run() is serialised by a mutex and rolls the outbox back when the work fails. Failures can be
// injected per operation. Thread-safe.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <mutex>
#include <vector>

#include "store/database.hpp"

namespace clockko::mail::testing {

class FakeOutboxRepository final : public store::OutboxRepository {
 public:
  Result<std::int64_t> Enqueue(const store::OutboxMail& mail) override {
    store::OutboxMail row = mail;
    row.id = next_id_++;
    rows_[row.id] = row;
    return row.id;
  }
  Result<std::vector<store::OutboxMail>> Due(Timestamp now, std::int32_t limit) override {
    if (fail_due) {
      return Unavailable("injected: due");
    }
    std::vector<store::OutboxMail> out;
    for (const auto& [id, row] : rows_) {
      if (row.next_attempt_at <= now) {
        out.push_back(row);
      }
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.created_at < b.created_at; });
    if (out.size() > static_cast<std::size_t>(limit)) {
      out.resize(static_cast<std::size_t>(limit));
    }
    return out;
  }
  Result<> Remove(std::int64_t id) override {
    if (fail_removes > 0) {
      --fail_removes;
      return Unavailable("injected: remove");
    }
    rows_.erase(id);
    return {};
  }
  Result<> Reschedule(std::int64_t id, Timestamp next_attempt_at,
                      const std::string& last_error) override {
    auto it = rows_.find(id);
    if (it == rows_.end()) {
      return Fail(Errc::kNotFound, "not_found", "Not found");
    }
    ++it->second.attempts;
    it->second.next_attempt_at = next_attempt_at;
    it->second.last_error = last_error;
    return {};
  }
  Result<std::int64_t> Count() override { return static_cast<std::int64_t>(rows_.size()); }
  Result<std::vector<store::OutboxMail>> List(std::int32_t limit) override {
    std::vector<store::OutboxMail> out;
    for (const auto& [id, row] : rows_) {
      if (out.size() >= static_cast<std::size_t>(limit)) {
        break;
      }
      out.push_back(row);
    }
    return out;
  }

  bool fail_due = false;
  int fail_removes = 0;

 private:
  friend class FakeOutboxDatabase;
  std::map<std::int64_t, store::OutboxMail> rows_;
  std::int64_t next_id_ = 1;
};

class FakeOutboxTransaction final : public store::Transaction {
 public:
  explicit FakeOutboxTransaction(FakeOutboxRepository& outbox) : outbox_(outbox) {}
  store::UserRepository& users() override { std::abort(); }
  store::RevokedTokenRepository& revoked_tokens() override { std::abort(); }
  store::OutboxRepository& outbox() override { return outbox_; }
  store::SecurityEventRepository& security_events() override { std::abort(); }
  store::AvatarRepository& avatars() override { std::abort(); }
  store::OneTimeCodeRepository& one_time_codes() override { std::abort(); }
  store::LinkTokenRepository& link_tokens() override { std::abort(); }
  store::SessionMarkRepository& session_marks() override { std::abort(); }

 private:
  FakeOutboxRepository& outbox_;
};

class FakeOutboxDatabase final : public store::Database {
 public:
  Result<> Run(store::TxMode mode,
               const std::function<Result<>(store::Transaction&)>& work) override {
    std::lock_guard lock(mu_);
    ++(mode == store::TxMode::kRead ? read_txs : write_txs);
    const auto saved_rows = repo_.rows_;
    const auto saved_next = repo_.next_id_;
    FakeOutboxTransaction tx(repo_);
    Result<> r = work(tx);
    if (!r || mode == store::TxMode::kRead) {
      // A failed transaction rolls back; a read transaction must not have changed anything.
      if (mode == store::TxMode::kRead && r) {
        read_tx_wrote = read_tx_wrote || saved_rows.size() != repo_.rows_.size();
      }
      if (!r) {
        repo_.rows_ = saved_rows;
        repo_.next_id_ = saved_next;
      }
    }
    return r;
  }
  Result<> Ping() override { return {}; }

  // Direct access for test setup and assertions; not while a worker thread is running.
  FakeOutboxRepository& repo() { return repo_; }
  std::map<std::int64_t, store::OutboxMail> Rows() {
    std::lock_guard lock(mu_);
    return repo_.rows_;
  }

  int read_txs = 0;
  int write_txs = 0;
  bool read_tx_wrote = false;

 private:
  std::mutex mu_;
  FakeOutboxRepository repo_;
};

}  // namespace clockko::mail::testing
