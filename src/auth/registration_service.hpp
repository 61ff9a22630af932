#pragma once
// RegistrationService: creates password accounts (API.md §2.1). The user row, its welcome mail in
// the outbox and the audit event commit in one transaction. Thread-safe; blocking (bcrypt, store):
// call on worker threads. Errors: kInvalidArgument "validation_error"/"weak_password",
// kAlreadyExists "email_taken" (also for a concurrent duplicate caught by the unique index),
// kUnavailable/kInternal from the store or hasher.
#include <optional>
#include <string>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/links.hpp"
#include "auth/mail_queue.hpp"
#include "auth/password_policy.hpp"
#include "auth/request_meta.hpp"
#include "auth/verification_service.hpp"
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
  // REGISTER_HIDE_EXISTING: every valid request gets the same answer; an existing address gets
  // the existing-account notice instead of an error (API.md §2.1).
  bool hide_existing = false;
};

// `user` is the new account; empty when hide_existing answered for an existing address.
struct RegistrationResult {
  std::optional<store::UserRecord> user;
};

class RegistrationService {
 public:
  RegistrationService(store::Database& db, crypto::PasswordHasher& hasher,
                      const PasswordPolicy& policy, VerificationService& verification,
                      AbuseLimits& limits, MailQueue& mail, const Links& links, AuditLog& audit,
                      const Clock& clock, Random& random, RegistrationOptions options);
  RegistrationService(const RegistrationService&) = delete;
  RegistrationService& operator=(const RegistrationService&) = delete;

  // The new account's welcome mail (13.1, with a verify_email code and link) is queued in the
  // same transaction, unless the address's mail limit is reached (then it is silently skipped:
  // register never answers 429 for mail limits).
  Result<RegistrationResult> Register(const RegisterRequest& request, const RequestMeta& meta);

 private:
  Result<std::string> UniqueUsername(store::Transaction& tx, const std::string& name);
  // REGISTER_HIDE_EXISTING for a taken address: the owner is told someone tried.
  Result<> NotifyExistingOwner(const store::UserRecord& owner, const RequestMeta& meta);

  store::Database& db_;
  crypto::PasswordHasher& hasher_;
  const PasswordPolicy& policy_;
  VerificationService& verification_;
  AbuseLimits& limits_;
  MailQueue& mail_;
  const Links& links_;
  AuditLog& audit_;
  const Clock& clock_;
  Random& random_;
  RegistrationOptions options_;
};

}  // namespace clockko::auth
