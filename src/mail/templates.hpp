#pragma once
// The mail texts of API.md §13: one builder per mail kind, each returning the fixed subject, the
// plain-text part and the HTML part. Every interpolated value is HTML-escaped in the HTML part;
// callers pass links already built (with URL-encoded parameters, see html_escape.hpp). Pure
// functions; thread-safe. To add a mail: a Params struct + a builder in templates.cpp that uses
// the shared layout helpers there.
#include <optional>
#include <string>

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

}  // namespace clockko::mail
