#pragma once
// SqliteUserRepository: store::UserRepository over the `users` table of one open connection.
// Lives inside a SqliteTransaction; not thread-safe. Errors as in user_repository.hpp: unique
// violations on email_lower / username become kAlreadyExists "email_taken" / "username_taken".
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/sqlite/connection.hpp"
#include "store/user_repository.hpp"

namespace clockko::store {

class SqliteUserRepository final : public UserRepository {
 public:
  explicit SqliteUserRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteUserRepository(const SqliteUserRepository&) = delete;
  SqliteUserRepository& operator=(const SqliteUserRepository&) = delete;

  Result<> Insert(const UserRecord& user) override;
  Result<std::optional<UserRecord>> FindById(const std::string& id) override;
  Result<std::optional<UserRecord>> FindByEmailLower(const std::string& email_lower) override;
  Result<bool> UsernameExists(const std::string& username) override;
  Result<> Update(const UserRecord& user) override;
  Result<std::int64_t> BumpTokenVersion(const std::string& id) override;
  // A limit <= 0 gives an empty list; a negative offset counts as 0.
  Result<std::vector<UserRecord>> List(std::int64_t limit, std::int64_t offset) override;
  Result<bool> Delete(const std::string& id) override;

 private:
  Result<std::optional<UserRecord>> FindOne(const char* sql, const std::string& key,
                                            const char* what);

  sqlite::Connection& connection_;
};

}  // namespace clockko::store
