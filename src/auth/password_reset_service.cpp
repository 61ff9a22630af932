#include "auth/password_reset_service.hpp"

#include "auth/minimum_duration.hpp"
#include "core/log_safe.hpp"
#include "mail/templates.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> InvalidOtp() {
  return Fail(Errc::kInvalidArgument, "invalid_otp", "Invalid or expired OTP");
}

struct CheckOutcome {
  CodeStatus status = CodeStatus::kMissing;
  std::optional<store::UserRecord> user;
};

}  // namespace

PasswordResetService::PasswordResetService(store::Database& db, crypto::PasswordHasher& hasher,
                                           const PasswordPolicy& policy, OneTimeCodes& codes,
                                           AbuseLimits& limits, MailQueue& mail, const Links& links,
                                           AuditLog& audit, const Clock& clock,
                                           std::chrono::milliseconds answer_floor)
    : db_(db),
      hasher_(hasher),
      policy_(policy),
      codes_(codes),
      limits_(limits),
      mail_(mail),
      links_(links),
      audit_(audit),
      clock_(clock),
      answer_floor_(answer_floor) {}

Result<> PasswordResetService::ForgotPassword(const Email& email, const RequestMeta& meta) {
  // Registered or not, the answer takes the same time (API.md §4.1).
  const MinimumDuration same_time_for_every_address(answer_floor_);
  if (Result<> allowed =
          limits_.AllowMailSend(kPurposeResetPassword, email.lower(), meta.client_ip);
      !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", std::nullopt, meta,
                     "reset mail " + MaskEmail(email.value()));
    return allowed;
  }
  bool queued = false;
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::optional<store::UserRecord>> found = tx.users().FindByEmailLower(email.lower());
    if (!found) {
      return Forward(std::move(found.error()));
    }
    if (!*found || !(*found)->is_active) {
      // The same answer and comparable work (one audited write; the mail is queued, never sent
      // inline, on the other path).
      return audit_.Record(tx, Severity::kInfo, "password_reset_skipped",
                           *found ? std::optional<std::string>((*found)->id) : std::nullopt, meta,
                           MaskEmail(email.value()));
    }
    const store::UserRecord& user = **found;
    Result<std::string> code = codes_.Issue(tx, user.id, kPurposeResetPassword);
    if (!code) {
      return Forward(std::move(code.error()));
    }
    Result<std::string> token =
        codes_.IssueLink(tx, user.id, kPurposeResetPassword, kResetLinkSeconds);
    if (!token) {
      return Forward(std::move(token.error()));
    }
    mail::PasswordResetMailParams params;
    params.name = user.full_name;
    params.code = *code;
    params.code_expire_minutes = codes_.expire_minutes();
    params.reset_link = links_.ResetPassword(user.email, *token);
    params.link_expire_minutes = static_cast<int>(kResetLinkSeconds / 60);
    mail_.EchoCode("password_reset", user.email, *code);
    if (Result<> q = mail_.Enqueue(tx, "password_reset", user.id, user.email,
                                   mail::PasswordResetMail(params),
                                   clock_.Now().PlusSeconds(kResetLinkSeconds));
        !q) {
      return q;
    }
    queued = true;
    return audit_.Record(tx, Severity::kInfo, "password_reset_requested", user.id, meta,
                         MaskEmail(user.email));
  });
  if (!r) {
    return r;
  }
  if (queued) {
    mail_.WakeWorker();
  }
  return {};
}

Result<store::UserRecord> PasswordResetService::CheckCredential(const ResetRequest& request,
                                                                const RequestMeta& meta) {
  const std::string account_key =
      request.email ? request.email->lower() : std::string("reset-link");
  if (Result<> allowed = limits_.AllowCodeCheck(account_key, meta.client_ip); !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", std::nullopt, meta, "reset-password");
    return Forward(std::move(allowed.error()));
  }
  Result<CheckOutcome> outcome = store::Transact<CheckOutcome>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<CheckOutcome> {
        CheckOutcome out;
        if (request.token) {
          Result<std::optional<store::LinkToken>> link =
              codes_.FindLink(tx, *request.token, kPurposeResetPassword);
          if (!link) {
            return Forward(std::move(link.error()));
          }
          if (!*link) {
            return out;
          }
          if ((*link)->expires_at <= clock_.Now()) {
            out.status = CodeStatus::kExpired;
            return out;
          }
          Result<std::optional<store::UserRecord>> user = tx.users().FindById((*link)->user_id);
          if (!user) {
            return Forward(std::move(user.error()));
          }
          if (!*user || (request.email && request.email->lower() != (*user)->email_lower)) {
            return out;
          }
          out.status = CodeStatus::kValid;
          out.user = std::move(*user);
          return out;
        }
        Result<std::optional<store::UserRecord>> user =
            tx.users().FindByEmailLower(request.email->lower());
        if (!user) {
          return Forward(std::move(user.error()));
        }
        if (!*user) {
          return out;
        }
        Result<CodeCheck> check =
            codes_.Check(tx, (*user)->id, kPurposeResetPassword, *request.otp);
        if (!check) {
          return Forward(std::move(check.error()));
        }
        out.status = check->status;
        out.user = std::move(*user);
        return out;  // commit either way: a wrong guess stays counted
      });
  if (!outcome) {
    return Forward(std::move(outcome.error()));
  }
  if (outcome->status == CodeStatus::kValid && outcome->user) {
    return std::move(*outcome->user);
  }
  if (outcome->status == CodeStatus::kWrong || outcome->status == CodeStatus::kNowVoid) {
    limits_.RecordWrongCode(account_key);
  }
  audit_.RecordNow(Severity::kWarning, "code_check_failed",
                   outcome->user ? std::optional<std::string>(outcome->user->id) : std::nullopt,
                   meta, request.token ? "reset link" : "reset code");
  if (outcome->status == CodeStatus::kLocked) {
    return OtpLocked(limits_.ResendRetryAfter(kPurposeResetPassword, account_key));
  }
  return InvalidOtp();
}

Result<> PasswordResetService::ResetPassword(const ResetRequest& request, const RequestMeta& meta) {
  Result<store::UserRecord> user = CheckCredential(request, meta);
  if (!user) {
    return Forward(std::move(user.error()));
  }
  // The policy is checked before the code is consumed: a weak password does not use it up.
  if (Result<> ok = policy_.Check(request.new_password, user->email, user->full_name); !ok) {
    return ok;
  }
  Result<std::string> hash = hasher_.Hash(request.new_password);
  if (!hash) {
    return Forward(std::move(hash.error()));
  }
  bool consumed = false;
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<bool> used = request.token
                            ? codes_.ConsumeLink(tx, *request.token)
                            : codes_.Consume(tx, user->id, kPurposeResetPassword, *request.otp);
    if (!used) {
      return Forward(std::move(used.error()));
    }
    if (!*used) {
      return {};  // someone used it first: nothing changes
    }
    consumed = true;
    Result<std::optional<store::UserRecord>> current = tx.users().FindById(user->id);
    if (!current) {
      return Forward(std::move(current.error()));
    }
    if (!*current) {
      consumed = false;
      return {};
    }
    store::UserRecord updated = std::move(**current);
    const Timestamp now = clock_.Now();
    updated.password_hash = *hash;
    updated.password_changed_at = now;
    updated.is_verified = true;  // the mailbox was proven
    updated.otp_verified = true;
    updated.updated_at = now;
    if (Result<> u = tx.users().Update(updated); !u) {
      return u;
    }
    if (Result<> d = tx.one_time_codes().DeleteAllForUser(updated.id); !d) {
      return d;
    }
    if (Result<> d = tx.link_tokens().DeleteAllForUser(updated.id); !d) {
      return d;
    }
    if (Result<std::int64_t> v = tx.users().BumpTokenVersion(updated.id); !v) {
      return Forward(std::move(v.error()));
    }
    if (Result<> d = tx.session_marks().DropAllForUser(updated.id); !d) {
      return d;
    }
    mail::PasswordChangedNoticeParams notice;
    notice.name = updated.full_name;
    notice.changed_at = now;
    notice.reset_url = links_.Frontend("/reset-password");
    if (Result<> q = mail_.Enqueue(tx, "password_changed", updated.id, updated.email,
                                   mail::PasswordChangedNotice(notice), std::nullopt);
        !q) {
      return q;
    }
    return audit_.Record(tx, Severity::kWarning, "password_reset", updated.id, meta,
                         request.token ? "by link" : "by code");
  });
  if (!r) {
    return r;
  }
  if (!consumed) {
    return InvalidOtp();
  }
  limits_.ResetPasswordFailures(user->id);
  mail_.WakeWorker();
  return {};
}

}  // namespace clockko::auth
