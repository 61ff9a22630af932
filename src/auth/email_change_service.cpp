#include "auth/email_change_service.hpp"

#include "auth/current_user.hpp"
#include "core/log_safe.hpp"
#include "mail/templates.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> AddressInUse() {
  return Fail(Errc::kInvalidArgument, "email_taken", "Email address is already in use");
}

// What the change-email transaction decided; errors are raised after it commits so that a counted
// wrong guess (or a deleted expired code) is kept.
enum class ChangeStep { kDone, kNoRequest, kMismatch, kWrong, kLocked, kExpired, kTaken, kRaced };

struct ChangeOutcome {
  ChangeStep step = ChangeStep::kNoRequest;
  std::optional<IssuedToken> token;
  CodeStatus code_status = CodeStatus::kMissing;
};

}  // namespace

EmailChangeService::EmailChangeService(store::Database& db, OneTimeCodes& codes,
                                       AbuseLimits& limits, ReauthService& reauth,
                                       TokenService& tokens, MailQueue& mail, AuditLog& audit,
                                       const Clock& clock)
    : db_(db),
      codes_(codes),
      limits_(limits),
      reauth_(reauth),
      tokens_(tokens),
      mail_(mail),
      audit_(audit),
      clock_(clock) {}

Result<bool> EmailChangeService::AddressTaken(store::Transaction& tx, const Email& email) {
  Result<std::optional<store::UserRecord>> found = tx.users().FindByEmailLower(email.lower());
  if (!found) {
    return Forward(std::move(found.error()));
  }
  return found->has_value();
}

Result<> EmailChangeService::CheckAvailable(const Email& email,
                                            const std::optional<std::string>& user_id,
                                            const RequestMeta& meta) {
  if (Result<> allowed = limits_.AllowEmailCheck(meta.client_ip, user_id.value_or("")); !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", user_id, meta, "check-email");
    return allowed;
  }
  Result<bool> taken = store::Transact<bool>(
      db_, store::TxMode::kRead, [&](store::Transaction& tx) { return AddressTaken(tx, email); });
  if (!taken) {
    return Forward(std::move(taken.error()));
  }
  if (*taken) {
    return AddressInUse();
  }
  return {};
}

Result<> EmailChangeService::SendCode(const Principal& caller, const Email& new_email,
                                      const std::optional<std::string>& password,
                                      const RequestMeta& meta) {
  if (Result<> ok = reauth_.RequireRecentAuth(caller, password, meta); !ok) {
    return ok;
  }
  if (new_email.lower() == caller.user.email_lower) {
    return Fail(Errc::kInvalidArgument, "same_email",
                "New email must be different from current email");
  }
  Result<bool> taken =
      store::Transact<bool>(db_, store::TxMode::kRead,
                            [&](store::Transaction& tx) { return AddressTaken(tx, new_email); });
  if (!taken) {
    return Forward(std::move(taken.error()));
  }
  if (*taken) {
    return AddressInUse();
  }
  if (Result<> allowed =
          limits_.AllowMailSend(kPurposeChangeEmail, new_email.lower(), meta.client_ip);
      !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", caller.user.id, meta, "email change mail");
    return allowed;
  }
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    Result<std::string> code =
        codes_.Issue(tx, caller.user.id, kPurposeChangeEmail, new_email.value());
    if (!code) {
      return Forward(std::move(code.error()));
    }
    mail::EmailChangeCodeMailParams params;
    params.name = caller.user.full_name;
    params.code = *code;
    params.code_expire_minutes = codes_.expire_minutes();
    mail_.EchoCode("email_change_code", new_email.value(), *code);
    if (Result<> q =
            mail_.Enqueue(tx, "email_change_code", caller.user.id, new_email.value(),
                          mail::EmailChangeCodeMail(params),
                          clock_.Now().PlusSeconds(std::int64_t{codes_.expire_minutes()} * 60));
        !q) {
      return q;
    }
    return audit_.Record(tx, Severity::kInfo, "email_change_requested", caller.user.id, meta,
                         MaskEmail(new_email.value()));
  });
  if (r) {
    mail_.WakeWorker();
  }
  return r;
}

Result<IssuedToken> EmailChangeService::ChangeEmail(const Principal& caller, const Email& new_email,
                                                    std::string_view code,
                                                    const std::optional<std::string>& password,
                                                    const RequestMeta& meta) {
  if (Result<> ok = reauth_.RequireRecentAuth(caller, password, meta); !ok) {
    return Forward(std::move(ok.error()));
  }
  if (Result<> allowed = limits_.AllowCodeCheck(caller.user.id, meta.client_ip); !allowed) {
    audit_.RecordNow(Severity::kWarning, "rate_limited", caller.user.id, meta, "change-email");
    return Forward(std::move(allowed.error()));
  }
  // The new token keeps the recent-auth window of the token it replaces (API.md §1.9).
  Result<std::optional<Timestamp>> window = tokens_.RecentAuthUntil(caller);
  if (!window) {
    return Forward(std::move(window.error()));
  }
  const std::string old_address = caller.user.email;
  Result<ChangeOutcome> outcome = store::Transact<ChangeOutcome>(
      db_, store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<ChangeOutcome> {
        ChangeOutcome out;
        const std::string purpose(kPurposeChangeEmail);
        Result<std::optional<store::OneTimeCode>> pending =
            tx.one_time_codes().Find(caller.user.id, purpose);
        if (!pending) {
          return Forward(std::move(pending.error()));
        }
        if (!*pending) {
          out.step = ChangeStep::kNoRequest;
          return out;
        }
        Result<Email> target = Email::Parse((*pending)->target);
        if (!target || target->lower() != new_email.lower()) {
          out.step = ChangeStep::kMismatch;
          return out;
        }
        Result<CodeCheck> check = codes_.Check(tx, caller.user.id, kPurposeChangeEmail, code);
        if (!check) {
          return Forward(std::move(check.error()));
        }
        out.code_status = check->status;
        switch (check->status) {
          case CodeStatus::kValid:
            break;
          case CodeStatus::kExpired:
            out.step = ChangeStep::kExpired;
            return out;
          case CodeStatus::kLocked:
            out.step = ChangeStep::kLocked;
            return out;
          case CodeStatus::kWrong:
          case CodeStatus::kNowVoid:
          case CodeStatus::kMalformed:
          case CodeStatus::kMissing:
            out.step = ChangeStep::kWrong;
            return out;
        }
        Result<bool> taken = AddressTaken(tx, new_email);
        if (!taken) {
          return Forward(std::move(taken.error()));
        }
        if (*taken) {
          out.step = ChangeStep::kTaken;
          return out;
        }
        Result<bool> consumed = codes_.Consume(tx, caller.user.id, kPurposeChangeEmail, code);
        if (!consumed) {
          return Forward(std::move(consumed.error()));
        }
        if (!*consumed) {
          out.step = ChangeStep::kRaced;
          return out;
        }
        Result<store::UserRecord> current = CurrentUser(tx, caller.user.id);
        if (!current) {
          return Forward(std::move(current.error()));
        }
        store::UserRecord user = std::move(*current);
        const Timestamp now = clock_.Now();
        user.email = target->value();
        user.email_lower = target->lower();
        user.is_verified = true;
        user.updated_at = now;
        if (Result<> u = tx.users().Update(user); !u) {
          // A concurrent registration of the address wins: the unique index says so.
          if (u.error().code == "email_taken") {
            out.step = ChangeStep::kTaken;
            return Fail(Errc::kInvalidArgument, "email_taken", "Email address is already in use");
          }
          return Forward(std::move(u.error()));
        }
        if (Result<> d = tx.one_time_codes().DeleteAllForUser(user.id); !d) {
          return Forward(std::move(d.error()));
        }
        if (Result<> d = tx.link_tokens().DeleteAllForUser(user.id); !d) {
          return Forward(std::move(d.error()));
        }
        Result<std::int64_t> version = tx.users().BumpTokenVersion(user.id);
        if (!version) {
          return Forward(std::move(version.error()));
        }
        user.token_version = *version;
        mail::EmailChangedNoticeParams notice;
        notice.name = user.full_name;
        notice.masked_new_address = MaskEmail(user.email);
        notice.changed_at = now;
        if (Result<> q = mail_.Enqueue(tx, "email_changed", user.id, old_address,
                                       mail::EmailChangedNotice(notice), std::nullopt);
            !q) {
          return Forward(std::move(q.error()));
        }
        if (Result<> a = audit_.Record(tx, Severity::kWarning, "email_changed", user.id, meta,
                                       MaskEmail(old_address) + " -> " + MaskEmail(user.email));
            !a) {
          return Forward(std::move(a.error()));
        }
        Result<IssuedToken> token = tokens_.Reissue(tx, caller, user, *window);
        if (!token) {
          return Forward(std::move(token.error()));
        }
        out.token = std::move(*token);
        out.step = ChangeStep::kDone;
        return out;
      });
  if (!outcome) {
    return Forward(std::move(outcome.error()));
  }
  switch (outcome->step) {
    case ChangeStep::kDone:
      mail_.WakeWorker();
      return std::move(*outcome->token);
    case ChangeStep::kNoRequest:
      return Fail(Errc::kInvalidArgument, "email_change_not_found",
                  "No email change request found");
    case ChangeStep::kMismatch:
      return Fail(Errc::kInvalidArgument, "email_mismatch", "Email address mismatch");
    case ChangeStep::kExpired:
      return Fail(Errc::kInvalidArgument, "otp_expired", "Verification code has expired");
    case ChangeStep::kLocked:
      return OtpLocked(limits_.ResendRetryAfter(kPurposeChangeEmail, new_email.lower()));
    case ChangeStep::kTaken:
      return AddressInUse();
    case ChangeStep::kWrong:
    case ChangeStep::kRaced:
      break;
  }
  if (outcome->code_status == CodeStatus::kWrong || outcome->code_status == CodeStatus::kNowVoid) {
    limits_.RecordWrongCode(caller.user.id);
  }
  audit_.RecordNow(Severity::kWarning, "code_check_failed", caller.user.id, meta, "change_email");
  return Fail(Errc::kInvalidArgument, "invalid_otp", "Invalid verification code");
}

}  // namespace clockko::auth
