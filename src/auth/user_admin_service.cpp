#include "auth/user_admin_service.hpp"

#include "core/email.hpp"
#include "core/encoding.hpp"

namespace clockko::auth {
namespace {

Result<store::UserRecord> FindIn(store::Transaction& tx, const std::string& who) {
  Result<std::optional<store::UserRecord>> found;
  if (IsCanonicalUuid(who)) {
    found = tx.users().FindById(who);
  } else {
    Result<Email> email = Email::Parse(who);
    if (!email) {
      return Fail(Errc::kNotFound, "not_found", "User not found");
    }
    found = tx.users().FindByEmailLower(email->lower());
  }
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!*found) {
    return Fail(Errc::kNotFound, "not_found", "User not found");
  }
  return std::move(**found);
}

}  // namespace

UserAdminService::UserAdminService(store::Database& db, AuditLog& audit, const Clock& clock)
    : db_(db), audit_(audit), clock_(clock) {}

Result<std::vector<store::UserRecord>> UserAdminService::List(std::int64_t limit,
                                                              std::int64_t offset) {
  return store::Transact<std::vector<store::UserRecord>>(
      db_, store::TxMode::kRead,
      [&](store::Transaction& tx) { return tx.users().List(limit, offset); });
}

Result<store::UserRecord> UserAdminService::Find(const std::string& who) {
  return store::Transact<store::UserRecord>(
      db_, store::TxMode::kRead, [&](store::Transaction& tx) { return FindIn(tx, who); });
}

Result<store::UserRecord> UserAdminService::SetActive(const std::string& who, bool active) {
  return store::Transact<store::UserRecord>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<store::UserRecord> {
        Result<store::UserRecord> user = FindIn(tx, who);
        if (!user) {
          return user;
        }
        if (user->is_active == active) {
          return user;
        }
        user->is_active = active;
        user->updated_at = clock_.Now();
        if (Result<> r = tx.users().Update(*user); !r) {
          return Forward(std::move(r.error()));
        }
        if (!active) {
          Result<std::int64_t> version = tx.users().BumpTokenVersion(user->id);
          if (!version) {
            return Forward(std::move(version.error()));
          }
          user->token_version = *version;
        }
        Result<> audited =
            audit_.Record(tx, Severity::kWarning, active ? "user_enabled" : "user_disabled",
                          user->id, RequestMeta{"cli", ""}, "operator action");
        if (!audited) {
          return Forward(std::move(audited.error()));
        }
        return user;
      });
}

}  // namespace clockko::auth
