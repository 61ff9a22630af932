#pragma once
// The signed-in caller's row, read again inside a write transaction before it is changed (the
// token was checked a moment earlier, but the account may have been deleted since).
#include <string>

#include "store/database.hpp"

namespace clockko::auth {

// Errors: kUnauthenticated "invalid_token" ("Invalid credentials") when the row is gone, store
// errors otherwise.
Result<store::UserRecord> CurrentUser(store::Transaction& tx, const std::string& user_id);

}  // namespace clockko::auth
