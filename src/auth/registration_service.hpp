#pragma once
// RegistrationService: creates password accounts (API.md §2.1). The user row, its welcome mail in
// the outbox and the audit event commit in one transaction. Thread-safe; blocking (bcrypt, store):
// call on worker threads. Errors: kInvalidArgument "validation_error"/"weak_password",
// kAlreadyExists "email_taken" (also for a concurrent duplicate caught by the unique index),
// kUnavailable/kInternal from the store or hasher.
#include <functional>
#include <string>

#include "auth/audit_log.hpp"
#include "auth/password_policy.hpp"
#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "core/email.hpp"
#include "core/random.hpp"
#include "crypto/password_hasher.hpp"
#include "store/database.hpp"

namespace clockko::auth {

struct RegisterRequest {
  std::string name;  // as sent; normalised here
  Email email;
  std::string password;
};

struct RegistrationOptions {
  int code_expire_minutes = 5;           // shown in the welcome mail
  std::function<void()> on_mail_queued;  // wakes the outbox worker after commit; may be empty
};

class RegistrationService {
 public:
  RegistrationService(store::Database& db, crypto::PasswordHasher& hasher,
                      const PasswordPolicy& policy, AuditLog& audit, const Clock& clock,
                      Random& random, RegistrationOptions options);
  RegistrationService(const RegistrationService&) = delete;
  RegistrationService& operator=(const RegistrationService&) = delete;

  Result<store::UserRecord> Register(const RegisterRequest& request, const RequestMeta& meta);

 private:
  Result<std::string> UniqueUsername(store::Transaction& tx, const std::string& name);

  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  const PasswordPolicy& policy_;
  AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  RegistrationOptions options_;
};

}  // namespace clockko::auth
