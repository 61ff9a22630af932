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

}  // namespace

RegistrationService::RegistrationService(store::Database& db, crypto::PasswordHasher& hasher,
                                         const PasswordPolicy& policy, AuditLog& audit,
                                         const Clock& clock, Random& random,
                                         RegistrationOptions options)
    : db_(db),
      hasher_(hasher),
      policy_(policy),
      audit_(audit),
      clock_(clock),
      random_(random),
      options_(std::move(options)) {}

Result<store::UserRecord> RegistrationService::Register(const RegisterRequest& request,
                                                        const RequestMeta& meta) {
  Result<std::string> name = NormalizeName(request.name);
  if (!name) {
    return Forward(std::move(name.error()));
  }
  if (Result<> ok = policy_.Check(request.password, request.email.value(), *name); !ok) {
    return Forward(std::move(ok.error()));
  }
  // Hash before opening the transaction: bcrypt is slow and must not hold the write lock.
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

  mail::WelcomeMailParams params;
  params.name = *name;
  params.code_expire_minutes = options_.code_expire_minutes;
  const mail::RenderedTemplate welcome = mail::WelcomeMail(params);

  Result<> stored = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::optional<store::UserRecord>> existing =
        tx.users().FindByEmailLower(user.email_lower);
    if (!existing) {
      return Forward(std::move(existing.error()));
    }
    if (*existing) {
      return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered");
    }
    Result<std::string> username = UniqueUsername(tx, *name);
    if (!username) {
      return Forward(std::move(username.error()));
    }
    user.username = std::move(*username);
    if (Result<> inserted = tx.users().Insert(user); !inserted) {
      return inserted;
    }
    store::OutboxMail mail;
    mail.kind = "welcome";
    mail.user_id = user.id;
    mail.recipient = user.email;
    mail.subject = welcome.subject;
    mail.text_body = welcome.text_body;
    mail.html_body = welcome.html_body;
    mail.created_at = now;
    mail.next_attempt_at = now;
    if (Result<std::int64_t> queued = tx.outbox().Enqueue(mail); !queued) {
      return Forward(std::move(queued.error()));
    }
    return audit_.Record(tx, Severity::kInfo, "user_registered", user.id, meta,
                         MaskEmail(user.email));
  });
  if (!stored) {
    if (stored.error().code == "email_taken") {
      audit_.RecordNow(Severity::kInfo, "register_duplicate", std::nullopt, meta,
                       MaskEmail(user.email));
      // The unique index may also report a concurrent insert: same answer either way.
      return Fail(Errc::kAlreadyExists, "email_taken", "Email already registered");
    }
    return Forward(std::move(stored.error()));
  }
  if (options_.on_mail_queued) {
    options_.on_mail_queued();
  }
  return user;
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
