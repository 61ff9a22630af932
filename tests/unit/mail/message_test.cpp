#include "mail/message.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/encoding.hpp"
#include "mail_test_support.hpp"

namespace clockko::mail {
namespace {

using testing::CountingRandom;
using testing::DecodeEncodedWords;
using testing::ParseMime;
using testing::SplitCrlf;

constexpr std::int64_t kDec3 = 1796312820;  // 2026-12-03T15:47:00Z, a Thursday

MailMessage Sample() {
  return MailMessage{"noreply@clockko.example",
                     "ClockKo Team",
                     "ann@example.com",
                     "Welcome to ClockKo! Please verify your email",
                     "Hello Ann!\nYour code: 123456",
                     "<p>Hello Ann!</p>"};
}

std::string Render(const MailMessage& m, std::string_view id = "abc123") {
  Result<std::string> r = RenderMime(m, Timestamp::FromUnixSeconds(kDec3), id);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().detail);
  return r ? *r : std::string();
}

void ExpectInvalid(const MailMessage& m, std::string_view id = "abc123") {
  Result<std::string> r = RenderMime(m, Timestamp::FromUnixSeconds(kDec3), id);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kInvalidArgument);
}

TEST(RenderMimeTest, UsesCrlfLineEndingsOnly) {
  const std::string mime = Render(Sample());
  ASSERT_FALSE(mime.empty());
  EXPECT_TRUE(mime.ends_with("\r\n"));
  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') {
      ASSERT_TRUE(i > 0 && mime[i - 1] == '\r') << "bare LF at " << i;
    }
    if (mime[i] == '\r') {
      ASSERT_TRUE(i + 1 < mime.size() && mime[i + 1] == '\n') << "bare CR at " << i;
    }
  }
}

TEST(RenderMimeTest, NoLineLongerThan78) {
  MailMessage m = Sample();
  m.subject = std::string(200, 'x');
  m.from_name = "Zoë " + std::string(100, 'y');
  for (const std::string& line : SplitCrlf(Render(m))) {
    EXPECT_LE(line.size(), 78u) << line;
  }
}

TEST(RenderMimeTest, WritesTheExpectedHeaders) {
  const testing::ParsedMime p = ParseMime(Render(Sample()));
  EXPECT_EQ(p.headers.at("Date"), "Thu, 03 Dec 2026 15:47:00 +0000");
  EXPECT_EQ(p.headers.at("Message-ID"), "<abc123@clockko.example>");
  EXPECT_EQ(p.headers.at("From"), "\"ClockKo Team\" <noreply@clockko.example>");
  EXPECT_EQ(p.headers.at("To"), "ann@example.com");
  EXPECT_EQ(p.headers.at("Subject"), "Welcome to ClockKo! Please verify your email");
  EXPECT_EQ(p.headers.at("MIME-Version"), "1.0");
  EXPECT_EQ(p.headers.at("Content-Type"), "multipart/alternative; boundary=\"=_clockko_abc123\"");
}

TEST(RenderMimeTest, FormatsDatesInUtc) {
  EXPECT_EQ(FormatRfc5322Date(Timestamp::FromUnixSeconds(0)), "Thu, 01 Jan 1970 00:00:00 +0000");
  EXPECT_EQ(FormatRfc5322Date(Timestamp::FromUnixSeconds(951782400)),
            "Tue, 29 Feb 2000 00:00:00 +0000");
}

TEST(RenderMimeTest, MessageIdDomainIsTheLowerCasedSenderDomain) {
  MailMessage m = Sample();
  m.from_address = "NoReply@ClockKo.Example";
  const testing::ParsedMime p = ParseMime(Render(m, "x-1.y_2"));
  EXPECT_EQ(p.headers.at("Message-ID"), "<x-1.y_2@clockko.example>");
}

TEST(RenderMimeTest, EncodesNonAsciiDisplayNameWithRfc2047) {
  MailMessage m = Sample();
  m.from_name = "Zoë Team";
  const testing::ParsedMime p = ParseMime(Render(m));
  const std::string& from = p.headers.at("From");
  EXPECT_EQ(from, "=?UTF-8?B?" + Base64Encode("Zoë Team") + "?= <noreply@clockko.example>");
}

TEST(RenderMimeTest, QuotesAsciiDisplayNameWithSpecials) {
  MailMessage m = Sample();
  m.from_name = "Ann \"The\" \\ Team, Inc.";
  const testing::ParsedMime p = ParseMime(Render(m));
  EXPECT_EQ(p.headers.at("From"), "\"Ann \\\"The\\\" \\\\ Team, Inc.\" <noreply@clockko.example>");
}

TEST(RenderMimeTest, EmptyDisplayNameGivesBareFromAddress) {
  MailMessage m = Sample();
  m.from_name.clear();
  EXPECT_EQ(ParseMime(Render(m)).headers.at("From"), "noreply@clockko.example");
}

TEST(RenderMimeTest, EncodesNonAsciiAndLongSubjectsInFoldedWords) {
  MailMessage m = Sample();
  // 40 two-byte characters and a three-byte one: forces splits that must not cut a code point.
  std::string subject;
  for (int i = 0; i < 40; ++i) {
    subject += "é";
  }
  subject += "€ end";
  m.subject = subject;
  const testing::ParsedMime p = ParseMime(Render(m));
  const std::string& value = p.headers.at("Subject");
  EXPECT_NE(value.find("?= =?UTF-8?B?"), std::string::npos) << "expected several words";
  std::optional<std::string> decoded = DecodeEncodedWords(value);
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, subject);
  std::string_view rest = value;
  while (!rest.empty()) {
    const std::size_t start = rest.find("=?");
    if (start == std::string_view::npos) {
      break;
    }
    const std::size_t end = rest.find("?=", start + 10);
    ASSERT_NE(end, std::string_view::npos);
    EXPECT_LE(end + 2 - start, 75u);
    const std::string b64(rest.substr(start + 10, end - start - 10));
    std::optional<std::string> word = Base64Decode(b64);
    ASSERT_TRUE(word.has_value());
    EXPECT_TRUE(IsValidUtf8(*word)) << "a word split a code point";
    rest.remove_prefix(end + 2);
  }
}

TEST(RenderMimeTest, BodiesDecodeBackToTheInputWithCanonicalLineBreaks) {
  MailMessage m = Sample();
  m.text_body = "Hello Zoë!\nYour code: 123456\r\nBye";
  m.html_body = std::string(500, 'h') + "<p>€</p>";
  const testing::ParsedMime p = ParseMime(Render(m));
  EXPECT_EQ(p.text_body, "Hello Zoë!\r\nYour code: 123456\r\nBye");
  EXPECT_EQ(p.html_body, m.html_body);
}

TEST(RenderMimeTest, RefusesCrOrLfInSubject) {
  MailMessage m = Sample();
  m.subject = "Hi\r\nBcc: victim@example.com";
  ExpectInvalid(m);
  m.subject = "Hi\nthere";
  ExpectInvalid(m);
  m.subject = "Hi\rthere";
  ExpectInvalid(m);
}

TEST(RenderMimeTest, RefusesCrOrLfAndOtherControlsInDisplayName) {
  MailMessage m = Sample();
  m.from_name = "Team\r\nBcc: victim@example.com";
  ExpectInvalid(m);
  m.from_name = "Team\x01";
  ExpectInvalid(m);
}

TEST(RenderMimeTest, RefusesInvalidUtf8) {
  MailMessage m = Sample();
  m.subject = "bad \xC3";
  ExpectInvalid(m);
  m = Sample();
  m.text_body = "bad \xFF";
  ExpectInvalid(m);
}

TEST(RenderMimeTest, RefusesInvalidRecipient) {
  MailMessage m = Sample();
  for (const char* to :
       {"", "not-an-address", "Ann <ann@example.com>", "ann@example.com\r\nBcc: x@y.com",
        "ann@example.com\n", "a@b@example.com"}) {
    m.to = to;
    ExpectInvalid(m);
  }
}

TEST(RenderMimeTest, RefusesInvalidSender) {
  MailMessage m = Sample();
  m.from_address = "noreply";
  ExpectInvalid(m);
}

TEST(RenderMimeTest, RefusesBadMessageIds) {
  for (const char* id : {"", "a b", "a@b", "a>b", "a\r\nb", ".a"}) {
    ExpectInvalid(Sample(), id);
  }
  ExpectInvalid(Sample(), std::string(65, 'a'));
}

TEST(RenderMimeTest, RandomOverloadUsesFreshIdsAndBoundaries) {
  CountingRandom random;
  const Timestamp t = Timestamp::FromUnixSeconds(kDec3);
  Result<std::string> a = RenderMime(Sample(), t, random);
  Result<std::string> b = RenderMime(Sample(), t, random);
  ASSERT_TRUE(a && b);
  const testing::ParsedMime pa = ParseMime(*a);
  const testing::ParsedMime pb = ParseMime(*b);
  EXPECT_NE(pa.headers.at("Message-ID"), pb.headers.at("Message-ID"));
  EXPECT_EQ(pa.headers.at("Message-ID"), "<0102030405060708090a0b0c0d0e0f10@clockko.example>");
  EXPECT_EQ(pa.text_body, "Hello Ann!\r\nYour code: 123456");
}

}  // namespace
}  // namespace clockko::mail
