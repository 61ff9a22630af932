#include "mail/templates.hpp"

#include <gtest/gtest.h>

#include <string>

namespace clockko::mail {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

WelcomeMailParams Full() {
  WelcomeMailParams p;
  p.name = "Ann";
  p.code = "042917";
  p.code_expire_minutes = 5;
  p.verify_link = "https://api.clockko.example/api/auth/verify-email?token=abc-DEF_123";
  p.link_expire_hours = 24;
  return p;
}

TEST(WelcomeMailTest, SubjectIsExact) {
  EXPECT_EQ(WelcomeMail(Full()).subject, "Welcome to ClockKo! Please verify your email");
}

TEST(WelcomeMailTest, ContainsGreetingCodeExpiryAndLinkInBothParts) {
  const RenderedTemplate t = WelcomeMail(Full());
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "Welcome to ClockKo!")) << *body;
    EXPECT_TRUE(Contains(*body, "042917")) << *body;
    EXPECT_TRUE(Contains(*body, "expires in 5 minutes")) << *body;
    EXPECT_TRUE(
        Contains(*body, "https://api.clockko.example/api/auth/verify-email?token=abc-DEF_123"))
        << *body;
    EXPECT_TRUE(Contains(*body, "valid for 24 hours")) << *body;
    EXPECT_TRUE(Contains(*body, "Never share")) << *body;
    EXPECT_TRUE(Contains(*body, "ignore this email")) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, ">Verify Email Address</a>"));
  EXPECT_TRUE(Contains(
      t.html_body, "href=\"https://api.clockko.example/api/auth/verify-email?token=abc-DEF_123\""));
}

TEST(WelcomeMailTest, UsesConfiguredExpiryNumbers) {
  WelcomeMailParams p = Full();
  p.code_expire_minutes = 1;
  p.link_expire_hours = 48;
  const RenderedTemplate t = WelcomeMail(p);
  EXPECT_TRUE(Contains(t.text_body, "expires in 1 minute."));
  EXPECT_TRUE(Contains(t.text_body, "valid for 48 hours"));
  EXPECT_TRUE(Contains(t.html_body, "valid for 48 hours"));
}

TEST(WelcomeMailTest, EscapesTheNameInHtml) {
  WelcomeMailParams p = Full();
  p.name = "<script>alert(1)</script>";
  const RenderedTemplate t = WelcomeMail(p);
  EXPECT_TRUE(Contains(t.html_body, "Hello &lt;script&gt;alert(1)&lt;/script&gt;!"));
  EXPECT_FALSE(Contains(t.html_body, "<script>"));
  // The plain-text part is not HTML: the name appears as typed.
  EXPECT_TRUE(Contains(t.text_body, "Hello <script>alert(1)</script>!"));
}

TEST(WelcomeMailTest, EscapesQuotesAndAmpersandsInLinkAndCode) {
  WelcomeMailParams p = Full();
  p.verify_link = "https://api.example/verify?token=a&x=\"><b>";
  p.code = "<1&2>";
  const RenderedTemplate t = WelcomeMail(p);
  EXPECT_TRUE(Contains(t.html_body,
                       "href=\"https://api.example/verify?token=a&amp;x=&quot;&gt;&lt;b&gt;\""));
  EXPECT_TRUE(Contains(t.html_body, "&lt;1&amp;2&gt;"));
  EXPECT_FALSE(Contains(t.html_body, "<b>"));
}

TEST(WelcomeMailTest, LeavesLinkOutWhenAbsent) {
  WelcomeMailParams p = Full();
  p.verify_link.reset();
  const RenderedTemplate t = WelcomeMail(p);
  EXPECT_FALSE(Contains(t.html_body, "Verify Email Address"));
  EXPECT_FALSE(Contains(t.html_body, "<a "));
  EXPECT_FALSE(Contains(t.text_body, "http"));
  EXPECT_FALSE(Contains(t.text_body, "valid for"));
  EXPECT_TRUE(Contains(t.text_body, "042917"));
}

TEST(WelcomeMailTest, RefusesNonHttpLinks) {
  WelcomeMailParams p = Full();
  p.verify_link = "javascript:alert(1)";
  EXPECT_FALSE(Contains(WelcomeMail(p).html_body, "javascript:"));
  p.verify_link = "https://api.example/verify?token=a b";
  EXPECT_FALSE(Contains(WelcomeMail(p).html_body, "<a "));
}

TEST(WelcomeMailTest, LinkOnlyMailHasNoCodeText) {
  WelcomeMailParams p = Full();
  p.code.reset();
  const RenderedTemplate t = WelcomeMail(p);
  EXPECT_FALSE(Contains(t.text_body, "code:"));
  EXPECT_FALSE(Contains(t.html_body, "expires in"));
  EXPECT_TRUE(Contains(t.html_body, "Verify Email Address"));
  EXPECT_TRUE(Contains(t.text_body, "valid for 24 hours"));
}

TEST(WelcomeMailTest, HtmlIsAWholeDocument) {
  const RenderedTemplate t = WelcomeMail(Full());
  EXPECT_TRUE(t.html_body.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(t.html_body, "</html>"));
  EXPECT_TRUE(Contains(t.html_body, "<meta charset=\"UTF-8\">"));
}

}  // namespace
}  // namespace clockko::mail
