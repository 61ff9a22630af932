#pragma once
// UserAdminService: operator actions behind `clockko user …` (list, show, disable, enable).
// Disabling bumps token_version so the user's tokens stop working at once (API.md §1.8).
// Thread-safe; blocking (store). Errors: kNotFound "not_found" for an unknown user,
// kUnavailable/kInternal from the store.
#include <cstdint>
#include <string>
#include <vector>

#include "auth/audit_log.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace clockko::auth {

class UserAdminService {
 public:
  UserAdminService(store::Database& db, AuditLog& audit, const Clock& clock);
  UserAdminService(const UserAdminService&) = delete;
  UserAdminService& operator=(const UserAdminService&) = delete;

  Result<std::vector<store::UserRecord>> List(std::int64_t limit, std::int64_t offset);
  // `who` is a user id (UUID) or an e-mail address (case-insensitive).
  Result<store::UserRecord> Find(const std::string& who);
  // Idempotent. Disabling also revokes every token of the user.
  Result<store::UserRecord> SetActive(const std::string& who, bool active);

 private:
  store::Database& db_;
  AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace clockko::auth
