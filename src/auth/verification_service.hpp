#pragma once
// VerificationService: e-mail address verification (API.md §3): the welcome/verification mails
// with a code and a link, POST verify-email by code, and the GET link. Answers never reveal
// whether an address is registered. Thread-safe; blocking (store).
// Errors: kInvalidArgument "invalid_otp" (400), kResourceExhausted "otp_locked"/"rate_limited"
// (429), store errors.
#include <chrono>
#include <string_view>

#include "auth/abuse_limits.hpp"
#include "auth/audit_log.hpp"
#include "auth/links.hpp"
#include "auth/mail_queue.hpp"
#include "auth/one_time_codes.hpp"
#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "core/email.hpp"
#include "store/database.hpp"

namespace clockko::auth {

enum class LinkOutcome { kVerified, kExpired, kInvalid };

class VerificationService {
 public:
  VerificationService(store::Database& db, OneTimeCodes& codes, AbuseLimits& limits,
                      MailQueue& mail, const Links& links, AuditLog& audit, const Clock& clock,
                      int link_expire_hours,
                      std::chrono::milliseconds answer_floor = std::chrono::milliseconds(0));
  VerificationService(const VerificationService&) = delete;
  VerificationService& operator=(const VerificationService&) = delete;

  // Inside the caller's transaction: a new verify_email code and link for `user` replace the old
  // ones, and the welcome mail (13.1, `welcome`) or the verification-code mail (13.2) is queued.
  Result<> QueueVerificationMail(store::Transaction& tx, const store::UserRecord& user,
                                 bool welcome);

  // POST send-verification-email: mails only an active, unverified account; same answer, the
  // same kind of work (one write transaction with an audit row) and at least `answer_floor` of
  // time for every address.
  Result<> SendVerificationEmail(const Email& email, const RequestMeta& meta);
  // POST verify-email.
  Result<> VerifyEmail(const Email& email, std::string_view otp, const RequestMeta& meta);
  // GET verify-email?token=.
  Result<LinkOutcome> VerifyLink(std::string_view token, const RequestMeta& meta);

 private:
  Result<> MarkVerified(store::Transaction& tx, store::UserRecord user, const RequestMeta& meta,
                        std::string_view how);

  store::Database& db_;
  OneTimeCodes& codes_;
  AbuseLimits& limits_;
  MailQueue& mail_;
  const Links& links_;
  AuditLog& audit_;
  const Clock& clock_;
  int link_expire_hours_;
  std::chrono::milliseconds answer_floor_;  // send-verification-email takes at least this long
};

}  // namespace clockko::auth
