#include "auth/registration_service.hpp"

#include "auth/profile_rules.hpp"
#include "auth/username.hpp"
#include "core/log_safe.hpp"
#include "mail/templates.hpp"

namespace clockko::auth {
namespace {

// Candidates tried before giving up; UsernameCandidate switches to a random hex suffix after the
// first few, so the last tries practically never collide.
constexpr int kUsernameAttempts = 12;

// Mail budget key of the existing-account notice (REGISTER_HIDE_EXISTING).
constexpr std::string_view kPurposeExistingAccount = "existing_account";

tl::unexpected<Error> EmailTaken() {
  return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered");
}

}  // namespace

RegistrationService::RegistrationService(store::Database& db, crypto::PasswordHasher& hasher,
                                         const PasswordPolicy& policy,
                                         VerificationService& verification, AbuseLimits& limits,
                                         MailQueue& mail, const Links& links, AuditLog& audit,
                                         const Clock& clock, Random& random,
                                         RegistrationOptions options)
    : db_(db),
      hasher_(hasher),
      policy_(policy),
      verification_(verification),
      limits_(limits),
      mail_(mail),
      links_(links),
      audit_(audit),
      clock_(clock),
      random_(random),
      options_(options) {}

Result<RegistrationResult> RegistrationService::Register(const RegisterRequest& request,
                                                         const RequestMeta& meta) {
  Result<std::string> name = NormalizeName(request.name);
  if (!name) {
    return Forward(std::move(name.error()));
  }
  if (Result<> ok = policy_.Check(request.password, request.email.value(), *name); !ok) {
    return Forward(std::move(ok.error()));
  }
  // Hash before opening the transaction: bcrypt is slow and must not hold the write lock. Both
  // paths of REGISTER_HIDE_EXISTING hash, so they take the same time.
  Result<std::string> hash = hasher_.Hash(request.password);
  if (!hash) {
    return Forward(std::move(hash.error()));
  }

  const Timestamp now = clock_.Now();
  store::UserRecord user;
  user.id = random_.UuidV4();
  user.email = request.email.value();
  user.email_lower = request.email.lower();
  user.full_name = *name;
  user.password_hash = std::move(*hash);
  user.created_at = now;
  user.updated_at = now;
  user.password_changed_at = now;

  std::optional<store::UserRecord> existing_owner;
  bool may_mail = false;
  Result<> stored = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::optional<store::UserRecord>> existing =
        tx.users().FindByEmailLower(user.email_lower);
    if (!existing) {
      return Forward(std::move(existing.error()));
    }
    if (*existing) {
      existing_owner = std::move(*existing);
      return EmailTaken();
    }
    Result<std::string> username = UniqueUsername(tx, *name);
    if (!username) {
      return Forward(std::move(username.error()));
    }
    user.username = std::move(*username);
    if (Result<> inserted = tx.users().Insert(user); !inserted) {
      return inserted;
    }
    // Register never answers 429 for mail limits: over the limit, the mail is skipped.
    may_mail =
        limits_.AllowMailSend(kPurposeVerifyEmail, user.email_lower, meta.client_ip).has_value();
    if (may_mail) {
      if (Result<> queued = verification_.QueueVerificationMail(tx, user, /*welcome=*/true);
          !queued) {
        return queued;
      }
    }
    return audit_.Record(tx, Severity::kInfo, "user_registered", user.id, meta,
                         MaskEmail(user.email));
  });
  if (!stored) {
    if (stored.error().code != "email_taken") {
      return Forward(std::move(stored.error()));
    }
    // The unique index may also report a concurrent insert: same answer either way.
    audit_.RecordNow(Severity::kInfo, "register_duplicate", std::nullopt, meta,
                     MaskEmail(user.email));
    if (!options_.hide_existing) {
      return EmailTaken();
    }
    // The notice has its own mail budget: a recent welcome mail must not swallow it.
    if (existing_owner && limits_.AllowMailSend(kPurposeExistingAccount,
                                                existing_owner->email_lower, meta.client_ip)) {
      if (Result<> notified = NotifyExistingOwner(*existing_owner, meta); !notified) {
        return Forward(std::move(notified.error()));
      }
    }
    return RegistrationResult{};
  }
  if (may_mail) {
    mail_.WakeWorker();
  }
  return RegistrationResult{std::move(user)};
}

Result<> RegistrationService::NotifyExistingOwner(const store::UserRecord& owner,
                                                  const RequestMeta& meta) {
  mail::ExistingAccountNoticeParams params;
  params.name = owner.full_name;
  params.signin_url = links_.Frontend("/signin");
  params.reset_url = links_.Frontend("/reset-password");
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    if (Result<> q = mail_.Enqueue(tx, "existing_account", owner.id, owner.email,
                                   mail::ExistingAccountNotice(params), std::nullopt);
        !q) {
      return q;
    }
    return audit_.Record(tx, Severity::kInfo, "existing_account_notice", owner.id, meta,
                         MaskEmail(owner.email));
  });
  if (r) {
    mail_.WakeWorker();
  }
  return r;
}

Result<std::string> RegistrationService::UniqueUsername(store::Transaction& tx,
                                                        const std::string& name) {
  const std::string base = UsernameBaseFromName(name);
  for (int attempt = 0; attempt < kUsernameAttempts; ++attempt) {
    std::string candidate = UsernameCandidate(base, attempt, clock_.Now().unix_seconds(), random_);
    Result<bool> taken = tx.users().UsernameExists(candidate);
    if (!taken) {
      return Forward(std::move(taken.error()));
    }
    if (!*taken) {
      return candidate;
    }
  }
  return Internal("no free username after " + std::to_string(kUsernameAttempts) + " attempts");
}

}  // namespace clockko::auth
