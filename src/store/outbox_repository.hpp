#pragma once
// The durable mail outbox (API.md §13). A request enqueues a mail in the same transaction as the
// state change that causes it; the mail worker claims due rows and delivers them. Rows are deleted
// once delivered or abandoned. Reached through a store::Transaction. Errors: kUnavailable,
// kInternal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct OutboxMail {
  std::int64_t id = 0;                 // assigned by Enqueue
  std::string kind;                    // "welcome", "verification_code", ... (for logs and metrics)
  std::optional<std::string> user_id;  // the account it concerns, if any
  std::string recipient;               // a validated address
  std::string subject;
  std::string text_body;
  std::string html_body;
  Timestamp created_at;
  Timestamp next_attempt_at;
  std::optional<Timestamp> expires_at;  // drop undelivered after this (codes, links)
  std::int32_t attempts = 0;
  std::string last_error;  // failure class only, never server text with secrets
};

class OutboxRepository {
 public:
  virtual ~OutboxRepository() = default;
  // Returns the new row's id.
  virtual Result<std::int64_t> Enqueue(const OutboxMail& mail) = 0;
  // Rows with next_attempt_at <= now, oldest first, at most `limit`.
  virtual Result<std::vector<OutboxMail>> Due(Timestamp now, std::int32_t limit) = 0;
  // Delivered or abandoned: the row is removed.
  virtual Result<> Remove(std::int64_t id) = 0;
  // A transient failure: attempts + 1, next try at `next_attempt_at`.
  virtual Result<> Reschedule(std::int64_t id, Timestamp next_attempt_at,
                              const std::string& last_error) = 0;
  virtual Result<std::int64_t> Count() = 0;
  virtual Result<std::vector<OutboxMail>> List(std::int32_t limit) = 0;
};

}  // namespace clockko::store
