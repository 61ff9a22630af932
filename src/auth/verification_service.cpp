#include "auth/verification_service.hpp"

#include "auth/minimum_duration.hpp"
#include "core/log_safe.hpp"
#include "mail/templates.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> InvalidCode() {
  return Fail(Errc::kInvalidArgument, "invalid_otp", "Invalid or expired verification code");
}

// What the verify-email transaction decided; errors are raised after it commits, so that a
// counted wrong guess is kept.
struct VerifyOutcome {
  CodeStatus status = CodeStatus::kMissing;
  bool consumed = false;
};

}  // namespace

VerificationService::VerificationService(store::Database& db, OneTimeCodes& codes,
                                         AbuseLimits& limits, MailQueue& mail, const Links& links,
                                         AuditLog& audit, const Clock& clock, int link_expire_hours,
                                         std::chrono::milliseconds answer_floor)
    : db_(db),
      codes_(codes),
      limits_(limits),
      mail_(mail),
      links_(links),
      audit_(audit),
      clock_(clock),
      link_expire_hours_(link_expire_hours),
      answer_floor_(answer_floor) {}

Result<> VerificationService::QueueVerificationMail(store::Transaction& tx,
                                                    const store::UserRecord& user, bool welcome) {
  Result<std::string> code = codes_.Issue(tx, user.id, kPurposeVerifyEmail);
  if (!code) {
    return Forward(std::move(code.error()));
  }
  const std::int64_t link_lifetime = std::int64_t{link_expire_hours_} * 3600;
  std::optional<std::string> link;
  Timestamp expires = clock_.Now().PlusSeconds(std::int64_t{codes_.expire_minutes()} * 60);
  if (links_.has_api_links()) {
    Result<std::string> token = codes_.IssueLink(tx, user.id, kPurposeVerifyEmail, link_lifetime);
    if (!token) {
      return Forward(std::move(token.error()));
    }
    link = links_.VerifyEmail(*token);
    expires = clock_.Now().PlusSeconds(link_lifetime);  // the mail is useful while its link lives
  }
  mail::RenderedTemplate rendered;
  if (welcome) {
    mail::WelcomeMailParams params;
    params.name = user.full_name;
    params.code = *code;
    params.code_expire_minutes = codes_.expire_minutes();
    params.verify_link = link;
    params.link_expire_hours = link_expire_hours_;
    rendered = mail::WelcomeMail(params);
  } else {
    mail::VerificationCodeMailParams params;
    params.name = user.full_name;
    params.code = *code;
    params.code_expire_minutes = codes_.expire_minutes();
    params.verify_link = link;
    params.link_expire_hours = link_expire_hours_;
    rendered = mail::VerificationCodeMail(params);
  }
  mail_.EchoCode(welcome ? "welcome" : "verification_code", user.email, *code);
  return mail_.Enqueue(tx, welcome ? "welcome" : "verification_code", user.id, user.email, rendered,
                       expires);
}

Result<> VerificationService::SendVerificationEmail(const Email& email, const RequestMeta& meta) {
  const MinimumDuration same_time_for_every_address(answer_floor_);
  if (Result<> allowed = limits_.AllowMailSend(kPurposeVerifyEmail, email.lower(), meta.client_ip);
      !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", std::nullopt, meta,
                     "verification mail " + MaskEmail(email.value()));
    return allowed;
  }
  bool queued = false;
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::optional<store::UserRecord>> user = tx.users().FindByEmailLower(email.lower());
    if (!user) {
      return Forward(std::move(user.error()));
    }
    if (!*user || !(*user)->is_active || (*user)->is_verified) {
      // Same answer, no mail: unknown, disabled or already verified. Still one audited write, so
      // the work looks alike.
      return audit_.Record(tx, Severity::kInfo, "verification_mail_skipped",
                           *user ? std::optional<std::string>((*user)->id) : std::nullopt, meta,
                           MaskEmail(email.value()));
    }
    if (Result<> q = QueueVerificationMail(tx, **user, /*welcome=*/false); !q) {
      return q;
    }
    queued = true;
    return audit_.Record(tx, Severity::kInfo, "verification_code_issued", (*user)->id, meta,
                         MaskEmail(email.value()));
  });
  if (!r) {
    return r;
  }
  if (queued) {
    mail_.WakeWorker();
  }
  return {};
}

Result<> VerificationService::MarkVerified(store::Transaction& tx, store::UserRecord user,
                                           const RequestMeta& meta, std::string_view how) {
  user.is_verified = true;
  user.otp_verified = true;
  user.updated_at = clock_.Now();
  if (Result<> updated = tx.users().Update(user); !updated) {
    return updated;
  }
  // Both ways of verifying end: the code and the link are single use together.
  if (Result<> r = tx.one_time_codes().Delete(user.id, std::string(kPurposeVerifyEmail)); !r) {
    return r;
  }
  if (Result<> r = tx.link_tokens().DeleteForUser(user.id, std::string(kPurposeVerifyEmail)); !r) {
    return r;
  }
  return audit_.Record(tx, Severity::kInfo, "email_verified", user.id, meta, how);
}

Result<> VerificationService::VerifyEmail(const Email& email, std::string_view otp,
                                          const RequestMeta& meta) {
  if (Result<> allowed = limits_.AllowCodeCheck(email.lower(), meta.client_ip); !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", std::nullopt, meta,
                     "verify-email " + MaskEmail(email.value()));
    return allowed;
  }
  std::optional<std::string> user_id;
  Result<VerifyOutcome> outcome = store::Transact<VerifyOutcome>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<VerifyOutcome> {
        VerifyOutcome out;
        Result<std::optional<store::UserRecord>> user = tx.users().FindByEmailLower(email.lower());
        if (!user) {
          return Forward(std::move(user.error()));
        }
        if (!*user || (*user)->is_verified) {
          return out;  // kMissing: same answer as a wrong code
        }
        user_id = (*user)->id;
        Result<CodeCheck> check = codes_.Check(tx, (*user)->id, kPurposeVerifyEmail, otp);
        if (!check) {
          return Forward(std::move(check.error()));
        }
        out.status = check->status;
        if (out.status != CodeStatus::kValid) {
          return out;  // commit: a wrong guess stays counted
        }
        Result<bool> consumed = codes_.Consume(tx, (*user)->id, kPurposeVerifyEmail, otp);
        if (!consumed) {
          return Forward(std::move(consumed.error()));
        }
        out.consumed = *consumed;
        if (!*consumed) {
          return out;
        }
        if (Result<> marked = MarkVerified(tx, **user, meta, "code"); !marked) {
          return Forward(std::move(marked.error()));
        }
        return out;
      });
  if (!outcome) {
    return Forward(std::move(outcome.error()));
  }
  if (outcome->status == CodeStatus::kValid && outcome->consumed) {
    return {};
  }
  if (outcome->status == CodeStatus::kWrong || outcome->status == CodeStatus::kNowVoid) {
    limits_.RecordWrongCode(email.lower());
  }
  audit_.RecordNow(Severity::kWarning, "code_check_failed", user_id, meta, "verify_email");
  if (outcome->status == CodeStatus::kLocked) {
    return OtpLocked(limits_.ResendRetryAfter(kPurposeVerifyEmail, email.lower()));
  }
  return InvalidCode();
}

Result<LinkOutcome> VerificationService::VerifyLink(std::string_view token,
                                                    const RequestMeta& meta) {
  if (Result<> allowed = limits_.AllowCodeCheck("verify-link", meta.client_ip); !allowed) {
    return Forward(std::move(allowed.error()));
  }
  std::optional<std::string> user_id;
  Result<LinkOutcome> outcome = store::Transact<LinkOutcome>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<LinkOutcome> {
        Result<std::optional<store::LinkToken>> link =
            codes_.FindLink(tx, token, kPurposeVerifyEmail);
        if (!link) {
          return Forward(std::move(link.error()));
        }
        if (!*link) {
          return LinkOutcome::kInvalid;
        }
        user_id = (*link)->user_id;
        if ((*link)->expires_at <= clock_.Now()) {
          Result<bool> removed = codes_.ConsumeLink(tx, token);
          if (!removed) {
            return Forward(std::move(removed.error()));
          }
          return LinkOutcome::kExpired;
        }
        Result<bool> consumed = codes_.ConsumeLink(tx, token);
        if (!consumed) {
          return Forward(std::move(consumed.error()));
        }
        if (!*consumed) {
          return LinkOutcome::kInvalid;
        }
        Result<std::optional<store::UserRecord>> user = tx.users().FindById((*link)->user_id);
        if (!user) {
          return Forward(std::move(user.error()));
        }
        if (!*user) {
          return LinkOutcome::kInvalid;
        }
        if (Result<> marked = MarkVerified(tx, **user, meta, "link"); !marked) {
          return Forward(std::move(marked.error()));
        }
        return LinkOutcome::kVerified;
      });
  if (outcome && *outcome != LinkOutcome::kVerified) {
    audit_.RecordNow(
        Severity::kWarning, "link_check_failed", user_id, meta,
        *outcome == LinkOutcome::kExpired ? "verify link expired" : "verify link invalid");
  }
  return outcome;
}

}  // namespace clockko::auth
