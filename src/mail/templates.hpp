#pragma once
// The mail texts of API.md §13: one builder per mail kind, each returning the fixed subject, the
// plain-text part and the HTML part. Every interpolated value is HTML-escaped in the HTML part;
// callers pass links already built (with URL-encoded parameters, see html_escape.hpp). Pure
// functions; thread-safe. To add a mail: a Params struct + a builder in templates.cpp that uses
// the shared layout helpers there.
#include <optional>
#include <string>

#include "core/timestamp.hpp"

namespace clockko::mail {

struct RenderedTemplate {
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// 13.1 welcome + code + link (register).
struct WelcomeMailParams {
  std::string name;                        // the account's name, for "Hello <name>!"
  std::optional<std::string> code;         // the 6-digit verification code
  int code_expire_minutes = 5;             // OTP_EXPIRE_MINUTES
  std::optional<std::string> verify_link;  // {API}/api/auth/verify-email?token=<t>; absent when
                                           // PUBLIC_BASE_URL is empty
  int link_expire_hours = 24;              // EMAIL_LINK_EXPIRE_HOURS
};

inline constexpr char kWelcomeSubject[] = "Welcome to ClockKo! Please verify your email";

// A link that is not an absolute http(s) URL (or contains spaces/control characters) is treated as
// absent, so a misconfiguration can never put a javascript: or broken href into a mail.
RenderedTemplate WelcomeMail(const WelcomeMailParams& params);

// Links below (verify_link, reset_link, confirm_link, *_url) follow the same rule as in
// WelcomeMail: anything but an absolute http(s) URL without spaces/control characters is left out.
// Times are rendered in UTC as "2026-12-03 15:47 UTC".

// 13.2 verification code (send-verification-email): code + optional verification link as in 13.1.
struct VerificationCodeMailParams {
  std::string name;
  std::string code;                        // the 6-digit verification code
  int code_expire_minutes = 5;             // OTP_EXPIRE_MINUTES
  std::optional<std::string> verify_link;  // {API}/api/auth/verify-email?token=<t>, or absent
  int link_expire_hours = 24;              // EMAIL_LINK_EXPIRE_HOURS
};
inline constexpr char kVerificationCodeSubject[] = "Your ClockKo Verification Code";
RenderedTemplate VerificationCodeMail(const VerificationCodeMailParams& params);

// 13.3 password reset code + link (forgot-password).
struct PasswordResetMailParams {
  std::string name;
  std::string code;             // the 6-digit reset code
  int code_expire_minutes = 5;  // OTP_EXPIRE_MINUTES
  std::string reset_link;       // full URL {FRONTEND}/reset-password-confirm?email=..&token=..;
                                // empty = left out
  int link_expire_minutes = 60;
};
inline constexpr char kPasswordResetSubject[] = "ClockKo - Password Reset Code";
RenderedTemplate PasswordResetMail(const PasswordResetMailParams& params);

// 13.4 e-mail change code (send-email-verification), sent to the new address; no link.
struct EmailChangeCodeMailParams {
  std::string name;
  std::string code;
  int code_expire_minutes = 5;
};
inline constexpr char kEmailChangeCodeSubject[] = "ClockKo - Confirm your new email address";
RenderedTemplate EmailChangeCodeMail(const EmailChangeCodeMailParams& params);

// 13.5 e-mail changed notice, sent to the old address. The caller passes the new address already
// masked ("n***@example.com"); the builder shows exactly that string and nothing else of it.
struct EmailChangedNoticeParams {
  std::string name;
  std::string masked_new_address;
  Timestamp changed_at;
};
inline constexpr char kEmailChangedSubject[] = "ClockKo - Your email address was changed";
RenderedTemplate EmailChangedNotice(const EmailChangedNoticeParams& params);

// 13.6 password changed notice (reset-password, change-password).
struct PasswordChangedNoticeParams {
  std::string name;
  Timestamp changed_at;
  std::string reset_url;  // {FRONTEND}/reset-password
};
inline constexpr char kPasswordChangedSubject[] = "ClockKo - Your password was changed";
RenderedTemplate PasswordChangedNotice(const PasswordChangedNoticeParams& params);

// 13.7 existing-account notice (register with REGISTER_HIDE_EXISTING=true).
struct ExistingAccountNoticeParams {
  std::string name;
  std::string signin_url;  // {FRONTEND}/signin
  std::string reset_url;   // {FRONTEND}/reset-password
};
inline constexpr char kExistingAccountSubject[] = "ClockKo - Sign-up attempt with your email";
RenderedTemplate ExistingAccountNotice(const ExistingAccountNoticeParams& params);

// 13.8 account deletion confirmation (DELETE /api/users/delete without recent auth).
struct AccountDeletionMailParams {
  std::string name;
  std::string confirm_link;  // {API}/api/users/delete/confirm?token=<t>
  int link_expire_hours = 24;
  std::string reset_url;  // {FRONTEND}/reset-password
};
inline constexpr char kAccountDeletionSubject[] = "ClockKo - Confirm deleting your account";
RenderedTemplate AccountDeletionMail(const AccountDeletionMailParams& params);

}  // namespace clockko::mail
