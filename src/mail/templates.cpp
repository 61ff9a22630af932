#include "mail/templates.hpp"

#include <string>
#include <string_view>

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

}  // namespace clockko::mail
