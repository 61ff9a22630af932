#pragma once
// SqliteAvatarRepository: store::AvatarRepository over `user_avatars` of one open connection.
// Lives inside a SqliteTransaction; not thread-safe. Errors: kUnavailable, kInternal.
#include <optional>
#include <string>

#include "store/avatar_repository.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteAvatarRepository final : public AvatarRepository {
 public:
  explicit SqliteAvatarRepository(sqlite::Connection& connection) : connection_(connection) {}
  SqliteAvatarRepository(const SqliteAvatarRepository&) = delete;
  SqliteAvatarRepository& operator=(const SqliteAvatarRepository&) = delete;

  Result<> Put(const AvatarRecord& avatar) override;
  Result<std::optional<AvatarRecord>> Find(const std::string& user_id,
                                           const std::string& hash) override;
  Result<> Remove(const std::string& user_id) override;

 private:
  sqlite::Connection& connection_;
};

}  // namespace clockko::store
