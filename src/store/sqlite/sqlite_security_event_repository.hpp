#pragma once
// SqliteSecurityEventRepository: store::SecurityEventRepository over `security_events` of one
// open connection. Rows are kept when their user is deleted (no foreign key). Lives inside a
// SqliteTransaction; not thread-safe. Errors: kUnavailable, kInternal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/security_event_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteSecurityEventRepository final : public SecurityEventRepository {
 public:
  explicit SqliteSecurityEventRepository(sqlite::Connection& connection)
      : connection_(connection) {}
  SqliteSecurityEventRepository(const SqliteSecurityEventRepository&) = delete;
  SqliteSecurityEventRepository& operator=(const SqliteSecurityEventRepository&) = delete;

  Result<> Append(const SecurityEvent& event) override;
  // Ordered by `at` descending, then id descending. A limit <= 0 gives an empty list.
  Result<std::vector<SecurityEvent>> Recent(std::int32_t limit,
                                            const std::optional<std::string>& user_id) override;

 private:
  sqlite::Connection& connection_;
};

}  // namespace clockko::store
