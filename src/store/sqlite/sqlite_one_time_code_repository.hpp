#pragma once
// SqliteOneTimeCodeRepository: store::OneTimeCodeRepository over `one_time_codes` of one open
// connection. Consume is a single compare-and-delete statement, so concurrent uses of one code
// cannot both succeed. Lives inside a SqliteTransaction; not thread-safe. Errors: kUnavailable,
// kInternal (including a user_id that names no user: a caller bug).
#include <cstdint>
#include <optional>
#include <string>

#include "store/one_time_code_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteOneTimeCodeRepository final : public OneTimeCodeRepository {
 public:
  explicit SqliteOneTimeCodeRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteOneTimeCodeRepository(const SqliteOneTimeCodeRepository&) = delete;
  SqliteOneTimeCodeRepository& operator=(const SqliteOneTimeCodeRepository&) = delete;

  Result<> Put(const OneTimeCode& code) override;
  Result<std::optional<OneTimeCode>> Find(const std::string& user_id,
                                          const std::string& purpose) override;
  Result<std::int32_t> RecordFailedAttempt(const std::string& user_id,
                                           const std::string& purpose) override;
  Result<bool> Consume(const std::string& user_id, const std::string& purpose,
                       const std::string& code_hmac) override;
  Result<> Delete(const std::string& user_id, const std::string& purpose) override;
  Result<> DeleteAllForUser(const std::string& user_id) override;
  Result<std::int64_t> PurgeExpired(Timestamp now) override;

 private:
  sqlite::Connection& connection_;
};

}  // namespace clockko::store
