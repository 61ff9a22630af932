#include "auth/password_change_service.hpp"

#include "auth/current_user.hpp"
#include "auth/one_time_codes.hpp"
#include "core/encoding.hpp"
#include "mail/templates.hpp"

namespace clockko::auth {

PasswordChangeService::PasswordChangeService(store::Database& db, crypto::PasswordHasher& hasher,
                                             const PasswordPolicy& policy, ReauthService& reauth,
                                             TokenService& tokens, MailQueue& mail,
                                             const Links& links, AuditLog& audit,
                                             const Clock& clock, int min_length)
    : db_(db),
      hasher_(hasher),
      policy_(policy),
      reauth_(reauth),
      tokens_(tokens),
      mail_(mail),
      links_(links),
      audit_(audit),
      clock_(clock),
      min_length_(min_length) {}

Result<IssuedToken> PasswordChangeService::ChangePassword(const Principal& caller,
                                                          std::string_view current_password,
                                                          std::string_view new_password,
                                                          const RequestMeta& meta) {
  if (Result<> ok = reauth_.ConfirmPassword(caller.user, current_password, meta,
                                            "Current password is incorrect");
      !ok) {
    return Forward(std::move(ok.error()));
  }
  if (new_password == current_password) {
    return Fail(Errc::kFailedPrecondition, "password_unchanged",
                "New password must be different from current password");
  }
  // API.md §5.2 step 3: a short password is a 400 here (the frontend's form expects it), the
  // other policy rules stay 422 (kInvalidArgument).
  if (IsValidUtf8(new_password) &&
      CodePointCount(new_password) < static_cast<std::size_t>(min_length_)) {
    return Fail(
        Errc::kFailedPrecondition, "weak_password",
        "New password must be at least " + std::to_string(min_length_) + " characters long");
  }
  if (Result<> ok = policy_.Check(new_password, caller.user.email, caller.user.full_name); !ok) {
    return Forward(std::move(ok.error()));
  }
  Result<std::string> hash = hasher_.Hash(new_password);
  if (!hash) {
    return Forward(std::move(hash.error()));
  }
  Result<IssuedToken> token = store::Transact<IssuedToken>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<IssuedToken> {
        Result<store::UserRecord> current = CurrentUser(tx, caller.user.id);
        if (!current) {
          return Forward(std::move(current.error()));
        }
        store::UserRecord user = std::move(*current);
        const Timestamp now = clock_.Now();
        user.password_hash = *hash;
        user.password_changed_at = now;
        user.updated_at = now;
        if (Result<> u = tx.users().Update(user); !u) {
          return Forward(std::move(u.error()));
        }
        Result<std::int64_t> version = tx.users().BumpTokenVersion(user.id);
        if (!version) {
          return Forward(std::move(version.error()));
        }
        user.token_version = *version;
        const std::string reset(kPurposeResetPassword);
        if (Result<> d = tx.one_time_codes().Delete(user.id, reset); !d) {
          return Forward(std::move(d.error()));
        }
        if (Result<> d = tx.link_tokens().DeleteForUser(user.id, reset); !d) {
          return Forward(std::move(d.error()));
        }
        mail::PasswordChangedNoticeParams notice;
        notice.name = user.full_name;
        notice.changed_at = now;
        notice.reset_url = links_.Frontend("/reset-password");
        if (Result<> q = mail_.Enqueue(tx, "password_changed", user.id, user.email,
                                       mail::PasswordChangedNotice(notice), std::nullopt);
            !q) {
          return Forward(std::move(q.error()));
        }
        if (Result<> a =
                audit_.Record(tx, Severity::kWarning, "password_changed", user.id, meta, "");
            !a) {
          return Forward(std::move(a.error()));
        }
        // The new token counts as recently authenticated: the current password was just proven.
        return tokens_.Reissue(tx, caller, user, reauth_.WindowEnd());
      });
  if (token) {
    mail_.WakeWorker();
  }
  return token;
}

}  // namespace clockko::auth
