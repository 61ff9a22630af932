#pragma once
// SqliteOutboxRepository: store::OutboxRepository over `mail_outbox` of one open connection.
// Lives inside a SqliteTransaction; not thread-safe. Remove and Reschedule of an id that is gone
// (delivered elsewhere, or its user deleted) succeed and do nothing. Errors: kUnavailable,
// kInternal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/outbox_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteOutboxRepository final : public OutboxRepository {
 public:
  explicit SqliteOutboxRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteOutboxRepository(const SqliteOutboxRepository&) = delete;
  SqliteOutboxRepository& operator=(const SqliteOutboxRepository&) = delete;

  Result<std::int64_t> Enqueue(const OutboxMail& mail) override;
  // Ordered by next_attempt_at, then id. A limit <= 0 gives an empty list.
  Result<std::vector<OutboxMail>> Due(Timestamp now, std::int32_t limit) override;
  Result<> Remove(std::int64_t id) override;
  Result<> Reschedule(std::int64_t id, Timestamp next_attempt_at,
                      const std::string& last_error) override;
  Result<std::int64_t> Count() override;
  // Every row in Due's order, at most `limit`.
  Result<std::vector<OutboxMail>> List(std::int32_t limit) override;

 private:
  Result<std::vector<OutboxMail>> Query(const char* sql, std::optional<Timestamp> now,
                                        std::int32_t limit, const char* what);

  sqlite::Connection& connection_;
};

}  // namespace clockko::store
