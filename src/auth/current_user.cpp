#include "auth/current_user.hpp"

namespace clockko::auth {

Result<store::UserRecord> CurrentUser(store::Transaction& tx, const std::string& user_id) {
  Result<std::optional<store::UserRecord>> found = tx.users().FindById(user_id);
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!*found) {
    return Fail(Errc::kUnauthenticated, "invalid_token", "Invalid credentials");
  }
  return std::move(**found);
}

}  // namespace clockko::auth
