#include "mail/templates.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace clockko::mail {
namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t Count(const std::string& haystack, std::string_view needle) {
  std::size_t n = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
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

// ---- 13.2 verification code -------------------------------------------------------------------

constexpr char kVerifyLink[] = "https://api.clockko.example/api/auth/verify-email?token=tok-VER_1";

VerificationCodeMailParams VerifyParams() {
  VerificationCodeMailParams p;
  p.name = "Ann";
  p.code = "093811";
  p.code_expire_minutes = 7;
  p.verify_link = kVerifyLink;
  p.link_expire_hours = 36;
  return p;
}

TEST(VerificationCodeMailTest, SubjectIsExact) {
  EXPECT_EQ(VerificationCodeMail(VerifyParams()).subject, "Your ClockKo Verification Code");
}

TEST(VerificationCodeMailTest, ContainsCodeLinkAndConfiguredExpiryInBothParts) {
  const RenderedTemplate t = VerificationCodeMail(VerifyParams());
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "093811")) << *body;
    EXPECT_TRUE(Contains(*body, "expires in 7 minutes")) << *body;
    EXPECT_TRUE(Contains(*body, kVerifyLink)) << *body;
    EXPECT_TRUE(Contains(*body, "valid for 36 hours")) << *body;
    EXPECT_TRUE(Contains(*body, "Never share")) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, ">Verify Email Address</a>"));
  EXPECT_TRUE(Contains(t.html_body, std::string("href=\"") + kVerifyLink + "\""));
}

TEST(VerificationCodeMailTest, CodeOnlyWhenLinkAbsent) {
  VerificationCodeMailParams p = VerifyParams();
  p.verify_link.reset();
  const RenderedTemplate t = VerificationCodeMail(p);
  EXPECT_TRUE(Contains(t.text_body, "093811"));
  EXPECT_TRUE(Contains(t.html_body, "093811"));
  EXPECT_FALSE(Contains(t.text_body, "http"));
  EXPECT_FALSE(Contains(t.html_body, "<a "));
  EXPECT_FALSE(Contains(t.text_body, "valid for"));
}

// ---- 13.3 password reset ------------------------------------------------------------------------

constexpr char kResetLink[] =
    "https://app.clockko.example/reset-password-confirm?email=ann%40example.com&token=tok-RST_2";

PasswordResetMailParams ResetParams() {
  PasswordResetMailParams p;
  p.name = "Ann";
  p.code = "004211";
  p.code_expire_minutes = 9;
  p.reset_link = kResetLink;
  p.link_expire_minutes = 45;
  return p;
}

TEST(PasswordResetMailTest, SubjectIsExact) {
  EXPECT_EQ(PasswordResetMail(ResetParams()).subject, "ClockKo - Password Reset Code");
}

TEST(PasswordResetMailTest, ContainsCodeLinkAndConfiguredExpiryInBothParts) {
  const RenderedTemplate t = PasswordResetMail(ResetParams());
  const std::string escaped_link =
      "https://app.clockko.example/reset-password-confirm?email=ann%40example.com&amp;"
      "token=tok-RST_2";
  EXPECT_TRUE(Contains(t.text_body, kResetLink));
  EXPECT_TRUE(Contains(t.html_body, "href=\"" + escaped_link + "\""));
  EXPECT_FALSE(Contains(t.html_body, kResetLink));  // the raw '&' never reaches the HTML part
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "We received a request to reset your password")) << *body;
    EXPECT_TRUE(Contains(*body, "004211")) << *body;
    EXPECT_TRUE(Contains(*body, "expires in 9 minutes")) << *body;
    EXPECT_TRUE(Contains(*body, "expires in 45 minutes")) << *body;
    EXPECT_TRUE(Contains(*body, "password stays unchanged until you complete the reset")) << *body;
    EXPECT_TRUE(Contains(*body, "ignore this email")) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, ">Reset Password</a>"));
}

TEST(PasswordResetMailTest, EmptyLinkMeansCodeOnly) {
  PasswordResetMailParams p = ResetParams();
  p.reset_link.clear();
  const RenderedTemplate t = PasswordResetMail(p);
  EXPECT_TRUE(Contains(t.text_body, "004211"));
  EXPECT_FALSE(Contains(t.html_body, "Reset Password</a>"));
  EXPECT_FALSE(Contains(t.html_body, "<a "));
  EXPECT_FALSE(Contains(t.text_body, "http"));
  EXPECT_FALSE(Contains(t.text_body, "45 minutes"));
}

// ---- 13.4 e-mail change code --------------------------------------------------------------------

TEST(EmailChangeCodeMailTest, SubjectCodeAndExpiryNoLink) {
  EmailChangeCodeMailParams p;
  p.name = "Ann";
  p.code = "771204";
  p.code_expire_minutes = 3;
  const RenderedTemplate t = EmailChangeCodeMail(p);
  EXPECT_EQ(t.subject, "ClockKo - Confirm your new email address");
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "You asked to use this address for your ClockKo account")) << *body;
    EXPECT_TRUE(Contains(*body, "771204")) << *body;
    EXPECT_TRUE(Contains(*body, "expires in 3 minutes")) << *body;
    EXPECT_TRUE(Contains(*body, "ignore this email")) << *body;
  }
  EXPECT_FALSE(Contains(t.html_body, "<a "));
  EXPECT_FALSE(Contains(t.text_body, "http"));
}

// ---- 13.5 e-mail changed notice -----------------------------------------------------------------

constexpr std::int64_t kChangedAt = 1796312850;  // 2026-12-03T15:47:30Z

EmailChangedNoticeParams ChangedParams() {
  EmailChangedNoticeParams p;
  p.name = "Ann";
  p.masked_new_address = "n***@example.com";
  p.changed_at = Timestamp::FromUnixSeconds(kChangedAt);
  return p;
}

TEST(EmailChangedNoticeTest, SubjectMaskedAddressTimeAndWarning) {
  const RenderedTemplate t = EmailChangedNotice(ChangedParams());
  EXPECT_EQ(t.subject, "ClockKo - Your email address was changed");
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "changed to n***@example.com at 2026-12-03 15:47 UTC")) << *body;
    EXPECT_TRUE(Contains(*body, "reply to this message or contact support at once")) << *body;
  }
  EXPECT_TRUE(Contains(t.text_body, "If this wasn't you"));
  EXPECT_TRUE(Contains(t.html_body, "If this wasn&#39;t you"));
}

TEST(EmailChangedNoticeTest, ShowsOnlyTheMaskedAddressAndNoOtherAddressOrLink) {
  const RenderedTemplate t = EmailChangedNotice(ChangedParams());
  // Exactly one address-like thing in each part: the masked one the caller passed.
  EXPECT_EQ(Count(t.text_body, "@"), 1U) << t.text_body;
  EXPECT_EQ(Count(t.html_body, "@"), 1U) << t.html_body;
  EXPECT_EQ(Count(t.text_body, "n***@example.com"), 1U);
  EXPECT_FALSE(Contains(t.html_body, "<a "));
  EXPECT_FALSE(Contains(t.text_body, "http"));
}

TEST(EmailChangedNoticeTest, EscapesTheMaskedAddressInHtml) {
  EmailChangedNoticeParams p = ChangedParams();
  p.masked_new_address = "<b>n***@example.com";
  const RenderedTemplate t = EmailChangedNotice(p);
  EXPECT_TRUE(Contains(t.html_body, "&lt;b&gt;n***@example.com"));
  EXPECT_FALSE(Contains(t.html_body, "<b>"));
}

TEST(EmailChangedNoticeTest, FormatsMidnightAndEpoch) {
  EmailChangedNoticeParams p = ChangedParams();
  p.changed_at = Timestamp::FromUnixSeconds(0);
  EXPECT_TRUE(Contains(EmailChangedNotice(p).text_body, " at 1970-01-01 00:00 UTC."));
}

// ---- 13.6 password changed notice ---------------------------------------------------------------

constexpr char kResetUrl[] = "https://app.clockko.example/reset-password";

TEST(PasswordChangedNoticeTest, SubjectTimeSessionsAndResetLink) {
  PasswordChangedNoticeParams p;
  p.name = "Ann";
  p.changed_at = Timestamp::FromUnixSeconds(kChangedAt);
  p.reset_url = kResetUrl;
  const RenderedTemplate t = PasswordChangedNotice(p);
  EXPECT_EQ(t.subject, "ClockKo - Your password was changed");
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "was changed at 2026-12-03 15:47 UTC")) << *body;
    EXPECT_TRUE(Contains(*body, "All sessions were signed out")) << *body;
    EXPECT_TRUE(Contains(*body, "reset your password now")) << *body;
    EXPECT_TRUE(Contains(*body, kResetUrl)) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, std::string("href=\"") + kResetUrl + "\""));
}

// ---- 13.7 existing-account notice ---------------------------------------------------------------

constexpr char kSigninUrl[] = "https://app.clockko.example/signin";

TEST(ExistingAccountNoticeTest, SubjectAndBothLinks) {
  ExistingAccountNoticeParams p;
  p.name = "Ann";
  p.signin_url = kSigninUrl;
  p.reset_url = kResetUrl;
  const RenderedTemplate t = ExistingAccountNotice(p);
  EXPECT_EQ(t.subject, "ClockKo - Sign-up attempt with your email");
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "Someone tried to create a ClockKo account")) << *body;
    EXPECT_TRUE(Contains(*body, "You already have an account")) << *body;
    EXPECT_TRUE(Contains(*body, kSigninUrl)) << *body;
    EXPECT_TRUE(Contains(*body, kResetUrl)) << *body;
    EXPECT_TRUE(Contains(*body, "nothing to do")) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, std::string("href=\"") + kSigninUrl + "\""));
  EXPECT_TRUE(Contains(t.html_body, std::string("href=\"") + kResetUrl + "\""));
}

// ---- 13.8 account deletion confirmation ---------------------------------------------------------

constexpr char kDeleteLink[] =
    "https://api.clockko.example/api/users/delete/confirm?token=tok-DEL_3";

AccountDeletionMailParams DeletionParams() {
  AccountDeletionMailParams p;
  p.name = "Ann";
  p.confirm_link = kDeleteLink;
  p.link_expire_hours = 12;
  p.reset_url = kResetUrl;
  return p;
}

TEST(AccountDeletionMailTest, SubjectButtonLinkValidityAndResetAdvice) {
  const RenderedTemplate t = AccountDeletionMail(DeletionParams());
  EXPECT_EQ(t.subject, "ClockKo - Confirm deleting your account");
  for (const std::string* body : {&t.text_body, &t.html_body}) {
    EXPECT_TRUE(Contains(*body, "Hello Ann!")) << *body;
    EXPECT_TRUE(Contains(*body, "Someone signed in to your ClockKo account asked to delete it"))
        << *body;
    EXPECT_TRUE(Contains(*body, kDeleteLink)) << *body;
    EXPECT_TRUE(Contains(*body, "valid for 12 hours")) << *body;
    EXPECT_TRUE(Contains(*body, "All sessions were already signed out")) << *body;
    EXPECT_TRUE(Contains(*body, kResetUrl)) << *body;
  }
  EXPECT_TRUE(Contains(t.html_body, ">Delete my account</a>"));
  EXPECT_TRUE(Contains(t.html_body, std::string("href=\"") + kDeleteLink + "\""));
}

TEST(AccountDeletionMailTest, CarriesNoTokenOtherThanItsOwnLink) {
  const RenderedTemplate t = AccountDeletionMail(DeletionParams());
  EXPECT_EQ(Count(t.text_body, "token="), 1U) << t.text_body;
  EXPECT_EQ(Count(t.text_body, "token="), Count(t.text_body, kDeleteLink));
  EXPECT_EQ(Count(t.html_body, "token="), Count(t.html_body, kDeleteLink));
}

TEST(AccountDeletionMailTest, UnsafeConfirmLinkLeavesNoButton) {
  AccountDeletionMailParams p = DeletionParams();
  p.confirm_link = "https://api.example/confirm?token=a\nb";
  const RenderedTemplate t = AccountDeletionMail(p);
  EXPECT_FALSE(Contains(t.html_body, "Delete my account</a>"));
  EXPECT_FALSE(Contains(t.text_body, "api.example"));
}

// ---- Rules shared by every new builder ----------------------------------------------------------

struct BuilderCase {
  const char* label;
  // Builds the mail with `name` for the greeting and `link` for every link/URL parameter.
  std::function<RenderedTemplate(const std::string& name, const std::string& link)> build;
  bool has_links;
};

void PrintTo(const BuilderCase& c, std::ostream* os) { *os << c.label; }

std::vector<BuilderCase> AllBuilders() {
  return {
      {"VerificationCode",
       [](const std::string& name, const std::string& link) {
         VerificationCodeMailParams p = VerifyParams();
         p.name = name;
         p.verify_link = link;
         return VerificationCodeMail(p);
       },
       true},
      {"PasswordReset",
       [](const std::string& name, const std::string& link) {
         PasswordResetMailParams p = ResetParams();
         p.name = name;
         p.reset_link = link;
         return PasswordResetMail(p);
       },
       true},
      {"EmailChangeCode",
       [](const std::string& name, const std::string&) {
         EmailChangeCodeMailParams p;
         p.name = name;
         p.code = "123456";
         return EmailChangeCodeMail(p);
       },
       false},
      {"EmailChanged",
       [](const std::string& name, const std::string&) {
         EmailChangedNoticeParams p = ChangedParams();
         p.name = name;
         return EmailChangedNotice(p);
       },
       false},
      {"PasswordChanged",
       [](const std::string& name, const std::string& link) {
         PasswordChangedNoticeParams p;
         p.name = name;
         p.changed_at = Timestamp::FromUnixSeconds(kChangedAt);
         p.reset_url = link;
         return PasswordChangedNotice(p);
       },
       true},
      {"ExistingAccount",
       [](const std::string& name, const std::string& link) {
         ExistingAccountNoticeParams p;
         p.name = name;
         p.signin_url = link;
         p.reset_url = link;
         return ExistingAccountNotice(p);
       },
       true},
      {"AccountDeletion",
       [](const std::string& name, const std::string& link) {
         AccountDeletionMailParams p = DeletionParams();
         p.name = name;
         p.confirm_link = link;
         p.reset_url = link;
         return AccountDeletionMail(p);
       },
       true},
  };
}

class AllTemplatesTest : public ::testing::TestWithParam<BuilderCase> {};

TEST_P(AllTemplatesTest, EscapesTheNameInHtmlOnly) {
  const RenderedTemplate t =
      GetParam().build("<script>alert(1)</script> & Co", "https://app.clockko.example/x");
  EXPECT_TRUE(Contains(t.html_body, "Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co!"))
      << t.html_body;
  EXPECT_FALSE(Contains(t.html_body, "<script>"));
  EXPECT_FALSE(Contains(t.html_body, "& Co"));
  EXPECT_TRUE(Contains(t.text_body, "Hello <script>alert(1)</script> & Co!"));
}

TEST_P(AllTemplatesTest, NeverRendersAJavascriptLink) {
  const RenderedTemplate t = GetParam().build("Ann", "javascript:alert(1)");
  EXPECT_FALSE(Contains(t.html_body, "javascript:")) << t.html_body;
  EXPECT_FALSE(Contains(t.text_body, "javascript:")) << t.text_body;
  EXPECT_FALSE(Contains(t.html_body, "<a ")) << t.html_body;
  EXPECT_FALSE(Contains(t.html_body, "alert(1)"));
}

TEST_P(AllTemplatesTest, RendersAPlainHttpsLinkWhereTheMailHasOne) {
  const RenderedTemplate t = GetParam().build("Ann", "https://app.clockko.example/x?a=1");
  EXPECT_EQ(Contains(t.html_body, "href=\"https://app.clockko.example/x?a=1\""),
            GetParam().has_links);
  EXPECT_EQ(Contains(t.text_body, "https://app.clockko.example/x?a=1"), GetParam().has_links);
}

TEST_P(AllTemplatesTest, IsAWholeDocumentWithSubjectAsTitleAndSignature) {
  const RenderedTemplate t = GetParam().build("Ann", "https://app.clockko.example/x");
  EXPECT_FALSE(t.subject.empty());
  EXPECT_TRUE(t.html_body.starts_with("<!DOCTYPE html>"));
  EXPECT_TRUE(Contains(t.html_body, "</html>"));
  EXPECT_TRUE(Contains(t.html_body, "<title>"));
  EXPECT_TRUE(Contains(t.html_body, "The ClockKo Team"));
  EXPECT_TRUE(t.text_body.starts_with("Hello Ann!\n\n")) << t.text_body;
  EXPECT_TRUE(t.text_body.ends_with("\nThe ClockKo Team\n")) << t.text_body;
  EXPECT_FALSE(Contains(t.text_body, "<p")) << t.text_body;
}

INSTANTIATE_TEST_SUITE_P(Mail, AllTemplatesTest, ::testing::ValuesIn(AllBuilders()),
                         [](const ::testing::TestParamInfo<BuilderCase>& param_info) {
                           return std::string(param_info.param.label);
                         });

}  // namespace
}  // namespace clockko::mail
