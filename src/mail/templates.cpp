#include "mail/templates.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "mail/html_escape.hpp"

namespace clockko::mail {
namespace {

// ---- Shared pieces, used by every mail kind. Text arguments are plain text (escaped here);
// ---- `*_html` arguments are fragments built by these helpers.

constexpr std::string_view kSignature = "The ClockKo Team";

// The HTML frame around a mail's content: one centred card, inline styles only (mail clients
// ignore <style> blocks inconsistently).
std::string HtmlLayout(std::string_view title, std::string_view content_html) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + HtmlEscape(title) + "</title>\n</head>\n";
  out +=
      "<body style=\"margin:0;padding:0;background:#f4f5f7;"
      "font-family:Arial,Helvetica,sans-serif;color:#1f2933;\">\n";
  out +=
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\">"
      "<tr><td align=\"center\" style=\"padding:24px;\">\n";
  out +=
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "style=\"max-width:560px;background:#ffffff;border-radius:8px;padding:32px;\">"
      "<tr><td>\n";
  out += content_html;
  out += "<p style=\"margin:24px 0 0;font-size:14px;color:#52606d;\">" + HtmlEscape(kSignature) +
         "</p>\n";
  out += "</td></tr></table>\n</td></tr></table>\n</body>\n</html>\n";
  return out;
}

std::string HtmlHeading(std::string_view text) {
  return "<h1 style=\"margin:0 0 16px;font-size:22px;\">" + HtmlEscape(text) + "</h1>\n";
}

std::string HtmlParagraph(std::string_view text) {
  return "<p style=\"margin:0 0 16px;font-size:16px;line-height:1.5;\">" + HtmlEscape(text) +
         "</p>\n";
}

std::string HtmlNote(std::string_view text) {
  return "<p style=\"margin:0 0 12px;font-size:13px;line-height:1.5;color:#52606d;\">" +
         HtmlEscape(text) + "</p>\n";
}

std::string HtmlCode(std::string_view code) {
  return "<p style=\"margin:8px 0 16px;font-size:32px;font-weight:bold;letter-spacing:6px;"
         "font-family:'Courier New',monospace;text-align:center;\">" +
         HtmlEscape(code) + "</p>\n";
}

std::string HtmlButton(std::string_view label, std::string_view url) {
  return "<p style=\"margin:8px 0 16px;text-align:center;\"><a href=\"" + HtmlEscape(url) +
         "\" style=\"display:inline-block;padding:12px 24px;background:#2563eb;color:#ffffff;"
         "text-decoration:none;border-radius:6px;font-weight:bold;\">" +
         HtmlEscape(label) + "</a></p>\n";
}

// The raw link under a button, for clients that do not render buttons.
std::string HtmlRawLink(std::string_view intro, std::string_view url) {
  const std::string u = HtmlEscape(url);
  return "<p style=\"margin:0 0 16px;font-size:13px;line-height:1.5;color:#52606d;\">" +
         HtmlEscape(intro) + "<br><a href=\"" + u +
         "\" style=\"color:#2563eb;word-break:break-all;\">" + u + "</a></p>\n";
}

std::string Minutes(int n) { return std::to_string(n) + (n == 1 ? " minute" : " minutes"); }
std::string Hours(int n) { return std::to_string(n) + (n == 1 ? " hour" : " hours"); }

bool IsSafeHttpUrl(std::string_view url) {
  const bool scheme = url.starts_with("https://") || url.starts_with("http://");
  if (!scheme) {
    return false;
  }
  for (char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) {
      return false;
    }
  }
  return true;
}

std::optional<std::string> SafeLink(const std::optional<std::string>& link) {
  if (link && IsSafeHttpUrl(*link)) {
    return link;
  }
  return std::nullopt;
}

std::optional<std::string> SafeLink(const std::string& link) {
  if (IsSafeHttpUrl(link)) {
    return link;
  }
  return std::nullopt;
}

// "2026-12-03 15:47 UTC" (minutes precision; seconds are noise in a notice).
std::string UtcMinute(Timestamp t) {
  const std::string iso = t.ToIso8601();  // "2026-12-03T15:47:00Z"
  const std::size_t tpos = iso.find('T');
  if (tpos == std::string::npos || iso.size() < tpos + 6) {
    return iso;
  }
  return iso.substr(0, tpos) + " " + iso.substr(tpos + 1, 5) + " UTC";
}

constexpr std::string_view kButtonFallback = "If the button does not work, open this link";

// Writes the plain-text and the HTML part of one mail side by side, so each builder states its
// content once. Blocks: greeting, paragraphs, a code, a button + raw link, then notes (last).
class MailWriter {
 public:
  explicit MailWriter(std::string_view subject) : subject_(subject) {}

  void Greeting(std::string_view name) {
    const std::string g = "Hello " + std::string(name) + "!";
    text_ += g + "\n\n";
    html_ += HtmlHeading(g);
  }

  void Paragraph(std::string_view s) {
    text_ += std::string(s) + "\n\n";
    html_ += HtmlParagraph(s);
  }

  // `label` is e.g. "Your verification code:"; `expiry` e.g. "This code expires in 5 minutes.".
  void Code(std::string_view label, std::string_view code, std::string_view expiry) {
    text_ += std::string(label) + " " + std::string(code) + "\n" + std::string(expiry) + "\n\n";
    html_ += HtmlParagraph(label);
    html_ += HtmlCode(code);
    html_ += HtmlParagraph(expiry);
  }

  // A button and, under it, the raw link. `text_intro` introduces the link in the text part;
  // `validity` (e.g. "valid for 24 hours") is shown next to the raw link in both parts.
  void Button(std::string_view label, std::string_view url, std::string_view text_intro,
              std::string_view validity) {
    text_ +=
        std::string(text_intro) + " (" + std::string(validity) + "):\n" + std::string(url) + "\n\n";
    html_ += HtmlButton(label, url);
    html_ += HtmlRawLink(std::string(kButtonFallback) + " (" + std::string(validity) + "):", url);
  }

  // A sentence followed by a link on its own line (no button).
  void Link(std::string_view intro, std::string_view url) {
    text_ += std::string(intro) + "\n" + std::string(url) + "\n\n";
    html_ += HtmlRawLink(intro, url);
  }

  void Note(std::string_view s) {
    text_ += std::string(s) + "\n";
    html_ += HtmlNote(s);
    ends_with_note_ = true;
  }

  RenderedTemplate Finish() && {
    RenderedTemplate t;
    t.subject = std::string(subject_);
    t.text_body = std::move(text_) + (ends_with_note_ ? "\n" : "") + std::string(kSignature) + "\n";
    t.html_body = HtmlLayout(subject_, html_);
    return t;
  }

 private:
  std::string_view subject_;
  std::string text_;
  std::string html_;
  bool ends_with_note_ = false;
};

std::string CodeExpiry(int minutes) { return "This code expires in " + Minutes(minutes) + "."; }

std::string DontShare(std::string_view what) {
  return "Never share " + std::string(what) + " with anyone. ClockKo will never ask you for it.";
}

constexpr std::string_view kNotYouContactSupport =
    "If this wasn't you, reply to this message or contact support at once.";

}  // namespace

RenderedTemplate WelcomeMail(const WelcomeMailParams& params) {
  const std::string greeting = "Hello " + params.name + "!";
  const std::string welcome =
      "Welcome to ClockKo! We're glad to have you. Please verify your email address to finish "
      "setting up your account.";
  const std::string code_expiry =
      "This code expires in " + Minutes(params.code_expire_minutes) + ".";
  const std::string link_intro =
      "Or verify with this link (valid for " + Hours(params.link_expire_hours) + "):";
  const std::optional<std::string> link = SafeLink(params.verify_link);
  const std::string secret = params.code && link ? "this code or link"
                             : link              ? "this link"
                                                 : "this code";
  const std::string dont_share =
      "Never share " + secret + " with anyone. ClockKo will never ask you for it.";
  const std::string not_you =
      "If you did not create a ClockKo account, you can safely ignore this email.";

  RenderedTemplate t;
  t.subject = kWelcomeSubject;

  std::string& text = t.text_body;
  text += greeting + "\n\n" + welcome + "\n\n";
  if (params.code) {
    text += "Your verification code: " + *params.code + "\n" + code_expiry + "\n\n";
  }
  if (link) {
    text += (params.code ? link_intro
                         : "Verify your email address with this link (valid for " +
                               Hours(params.link_expire_hours) + "):") +
            "\n" + *link + "\n\n";
  }
  text += dont_share + "\n" + not_you + "\n\n" + std::string(kSignature) + "\n";

  std::string content;
  content += HtmlHeading(greeting);
  content += HtmlParagraph(welcome);
  if (params.code) {
    content += HtmlParagraph("Your verification code:");
    content += HtmlCode(*params.code);
    content += HtmlParagraph(code_expiry);
  }
  if (link) {
    content += HtmlButton("Verify Email Address", *link);
    content += HtmlRawLink("If the button does not work, open this link (valid for " +
                               Hours(params.link_expire_hours) + "):",
                           *link);
  }
  content += HtmlNote(dont_share);
  content += HtmlNote(not_you);
  t.html_body = HtmlLayout(kWelcomeSubject, content);
  return t;
}

RenderedTemplate VerificationCodeMail(const VerificationCodeMailParams& params) {
  const std::optional<std::string> link = SafeLink(params.verify_link);
  MailWriter w(kVerificationCodeSubject);
  w.Greeting(params.name);
  w.Paragraph("Use this code to verify your email address for ClockKo.");
  w.Code("Your verification code:", params.code, CodeExpiry(params.code_expire_minutes));
  if (link) {
    w.Button("Verify Email Address", *link, "Or verify with this link",
             "valid for " + Hours(params.link_expire_hours));
  }
  w.Note(DontShare(link ? "this code or link" : "this code"));
  w.Note("If you did not request this code, you can safely ignore this email.");
  return std::move(w).Finish();
}

RenderedTemplate PasswordResetMail(const PasswordResetMailParams& params) {
  const std::optional<std::string> link = SafeLink(params.reset_link);
  MailWriter w(kPasswordResetSubject);
  w.Greeting(params.name);
  w.Paragraph("We received a request to reset your password for your ClockKo account.");
  w.Code("Your password reset code:", params.code, CodeExpiry(params.code_expire_minutes));
  if (link) {
    w.Button("Reset Password", *link, "Or reset your password with this link",
             "expires in " + Minutes(params.link_expire_minutes));
  }
  w.Paragraph("Your password stays unchanged until you complete the reset.");
  w.Note(DontShare(link ? "this code or link" : "this code"));
  w.Note("If you did not request a password reset, you can safely ignore this email.");
  return std::move(w).Finish();
}

RenderedTemplate EmailChangeCodeMail(const EmailChangeCodeMailParams& params) {
  MailWriter w(kEmailChangeCodeSubject);
  w.Greeting(params.name);
  w.Paragraph(
      "You asked to use this address for your ClockKo account. Enter this code to confirm it.");
  w.Code("Your confirmation code:", params.code, CodeExpiry(params.code_expire_minutes));
  w.Note(DontShare("this code"));
  w.Note(
      "If you did not ask for this, you can safely ignore this email; your account stays "
      "unchanged.");
  return std::move(w).Finish();
}

RenderedTemplate EmailChangedNotice(const EmailChangedNoticeParams& params) {
  MailWriter w(kEmailChangedSubject);
  w.Greeting(params.name);
  w.Paragraph("The email address of your ClockKo account was changed to " +
              params.masked_new_address + " at " + UtcMinute(params.changed_at) + ".");
  w.Paragraph("From now on, ClockKo sends mail only to the new address.");
  w.Note(kNotYouContactSupport);
  return std::move(w).Finish();
}

RenderedTemplate PasswordChangedNotice(const PasswordChangedNoticeParams& params) {
  const std::optional<std::string> reset = SafeLink(params.reset_url);
  MailWriter w(kPasswordChangedSubject);
  w.Greeting(params.name);
  w.Paragraph("The password of your ClockKo account was changed at " +
              UtcMinute(params.changed_at) + ".");
  w.Paragraph("All sessions were signed out; sign in again with the new password.");
  if (reset) {
    w.Link("If this wasn't you, reset your password now:", *reset);
  } else {
    w.Paragraph("If this wasn't you, reset your password now.");
  }
  return std::move(w).Finish();
}

RenderedTemplate ExistingAccountNotice(const ExistingAccountNoticeParams& params) {
  const std::optional<std::string> signin = SafeLink(params.signin_url);
  const std::optional<std::string> reset = SafeLink(params.reset_url);
  MailWriter w(kExistingAccountSubject);
  w.Greeting(params.name);
  w.Paragraph(
      "Someone tried to create a ClockKo account with this email address. You already have an "
      "account with this address.");
  if (signin) {
    w.Link("Sign in here:", *signin);
  }
  if (reset) {
    w.Link("Forgot your password? Reset it here:", *reset);
  }
  w.Note("If this wasn't you, there is nothing to do; your account is unchanged.");
  return std::move(w).Finish();
}

RenderedTemplate AccountDeletionMail(const AccountDeletionMailParams& params) {
  const std::optional<std::string> confirm = SafeLink(params.confirm_link);
  const std::optional<std::string> reset = SafeLink(params.reset_url);
  MailWriter w(kAccountDeletionSubject);
  w.Greeting(params.name);
  w.Paragraph(
      "Someone signed in to your ClockKo account asked to delete it. Nothing is deleted until "
      "the deletion is confirmed; deleting the account cannot be undone.");
  if (confirm) {
    w.Button("Delete my account", *confirm, "To delete your account, open this link",
             "valid for " + Hours(params.link_expire_hours));
  }
  w.Paragraph("All sessions were already signed out.");
  if (reset) {
    w.Link("If this wasn't you, do not open the link above and reset your password:", *reset);
  } else {
    w.Paragraph("If this wasn't you, do not open the link above and reset your password.");
  }
  w.Note(DontShare("this link"));
  return std::move(w).Finish();
}

}  // namespace clockko::mail
