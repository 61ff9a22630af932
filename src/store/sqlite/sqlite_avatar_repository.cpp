#include "store/sqlite/sqlite_avatar_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

constexpr const char* kPut =
    "INSERT INTO user_avatars (user_id, hash, content_type, data, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, "
    "content_type = excluded.content_type, data = excluded.data, created_at = excluded.created_at";
constexpr const char* kFind =
    "SELECT user_id, hash, content_type, data, created_at FROM user_avatars "
    "WHERE user_id = ?1 AND hash = ?2";
constexpr const char* kRemove = "DELETE FROM user_avatars WHERE user_id = ?1";

}  // namespace

Result<> SqliteAvatarRepository::Put(const AvatarRecord& avatar) {
  Result<Statement> stmt = connection_.Prepare(kPut);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, avatar.user_id)
      .BindText(2, avatar.hash)
      .BindText(3, avatar.content_type)
      .BindBlob(4, avatar.data)
      .BindTime(5, avatar.created_at);
  return stmt->Run("user_avatars.put");
}

Result<std::optional<AvatarRecord>> SqliteAvatarRepository::Find(const std::string& user_id,
                                                                 const std::string& hash) {
  Result<Statement> stmt = connection_.Prepare(kFind);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id).BindText(2, hash);
  Result<bool> row = stmt->Step("user_avatars.find");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row) {
    return std::optional<AvatarRecord>();
  }
  AvatarRecord avatar;
  avatar.user_id = stmt->ColumnText(0);
  avatar.hash = stmt->ColumnText(1);
  avatar.content_type = stmt->ColumnText(2);
  avatar.data = stmt->ColumnBlob(3);
  avatar.created_at = stmt->ColumnTime(4);
  return std::optional<AvatarRecord>(std::move(avatar));
}

Result<> SqliteAvatarRepository::Remove(const std::string& user_id) {
  Result<Statement> stmt = connection_.Prepare(kRemove);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, user_id);
  return stmt->Run("user_avatars.remove");
}

}  // namespace clockko::store
