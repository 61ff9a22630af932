#include "auth/profile_rules.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "support/result_matchers.hpp"

namespace clockko::auth {
namespace {

using ::clockko::testing::FailsWith;
using ::clockko::testing::HoldsValue;
using ::testing::Eq;

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

void ExpectInvalid(const Result<std::string>& r, std::string_view message) {
  ASSERT_THAT(r, FailsWith(Errc::kInvalidArgument, "validation_error"));
  EXPECT_EQ(r.error().public_message, message);
}

// --- NormalizeName ---------------------------------------------------------------------------

TEST(NormalizeNameTest, TrimsSurroundingWhitespace) {
  EXPECT_THAT(NormalizeName("  Ann Lee \t\r\n"), HoldsValue(Eq("Ann Lee")));
  EXPECT_THAT(NormalizeName("Ann  Lee"), HoldsValue(Eq("Ann  Lee")));  // inner spaces kept
  EXPECT_THAT(NormalizeName("Zoë"), HoldsValue(Eq("Zoë")));
}

TEST(NormalizeNameTest, EmptyOrBlankIsRejected) {
  ExpectInvalid(NormalizeName(""), "name: must not be empty");
  ExpectInvalid(NormalizeName(" \t \n "), "name: must not be empty");
}

TEST(NormalizeNameTest, LimitIsHundredCodePointsNotBytes) {
  EXPECT_THAT(NormalizeName(Repeat("a", 100)), HoldsValue(Eq(Repeat("a", 100))));
  ExpectInvalid(NormalizeName(Repeat("a", 101)), "name: must be at most 100 characters");
  // Two-byte é: 100 of them are 200 bytes and still fine.
  EXPECT_THAT(NormalizeName(Repeat("é", 100)), HoldsValue(Eq(Repeat("é", 100))));
  ExpectInvalid(NormalizeName(Repeat("é", 101)), "name: must be at most 100 characters");
  // Four-byte emoji and three-byte CJK.
  EXPECT_THAT(NormalizeName(Repeat("😀", 100)), HoldsValue(Eq(Repeat("😀", 100))));
  ExpectInvalid(NormalizeName(Repeat("漢", 101)), "name: must be at most 100 characters");
  // The limit applies after trimming.
  EXPECT_THAT(NormalizeName("  " + Repeat("a", 100) + "  "), HoldsValue(Eq(Repeat("a", 100))));
}

TEST(NormalizeNameTest, ControlCharactersAreRejectedIncludingC1) {
  for (const std::string& name :
       {std::string("Ann\x01Lee"), std::string("Ann\x7FLee"), std::string("Ann\tLee"),
        std::string("Ann\nLee"), std::string("Ann\0Lee", 7),
        std::string("Ann\xC2\x80Lee"),     // U+0080
        std::string("Ann\xC2\x85Lee"),     // U+0085 NEL
        std::string("Ann\xC2\x9FLee")}) {  // U+009F
    SCOPED_TRACE(::testing::PrintToString(name));
    ExpectInvalid(NormalizeName(name), "name: must not contain control characters");
  }
  // U+00A0 (just above C1) is not a control character.
  EXPECT_THAT(NormalizeName("Ann\xC2\xA0Lee"), HoldsValue(Eq("Ann\xC2\xA0Lee")));
}

TEST(NormalizeNameTest, InvalidUtf8IsRejected) {
  for (const std::string& name : {std::string("Ann\xFF"), std::string("\xC3"),
                                  std::string("\xC0\xAF"),         // overlong '/'
                                  std::string("\xED\xA0\x80")}) {  // surrogate
    SCOPED_TRACE(::testing::PrintToString(name));
    ExpectInvalid(NormalizeName(name), "name: must be valid UTF-8");
  }
}

TEST(NormalizeNameTest, UnicodeSpacesAreTrimmedToo) {
  // The original service trimmed with Python's str.strip(), which removes Unicode whitespace, so a
  // name of only NO-BREAK / IDEOGRAPHIC SPACEs was empty there.
  const Result<std::string> only_spaces = NormalizeName("\xC2\xA0\xE3\x80\x80");
  const Result<std::string> padded = NormalizeName(
      "\xE3\x80\x80"
      "Ann\xC2\xA0");
  ExpectInvalid(only_spaces, "name: must not be empty");
  EXPECT_THAT(padded, HoldsValue(Eq("Ann")));
}

TEST(NormalizeNameTest, FieldNameAppearsInTheMessage) {
  ExpectInvalid(NormalizeName("", "full_name"), "full_name: must not be empty");
}

// --- NormalizePhone --------------------------------------------------------------------------

TEST(NormalizePhoneTest, AcceptsDigitsSpacesAndPunctuation) {
  EXPECT_THAT(NormalizePhone("+49 (30) 123-456"), HoldsValue(Eq("+49 (30) 123-456")));
  EXPECT_THAT(NormalizePhone("5550100"), HoldsValue(Eq("5550100")));
  EXPECT_THAT(NormalizePhone(""), HoldsValue(Eq("")));  // clears
  EXPECT_THAT(NormalizePhone(Repeat("1", 32)), HoldsValue(Eq(Repeat("1", 32))));
}

TEST(NormalizePhoneTest, RejectsOtherCharacters) {
  for (const std::string& phone :
       {std::string("555-CALL"), std::string("+1.555.0100"), std::string("555\t0100"),
        std::string("555/0100"), std::string("١٢٣"),  // Arabic-Indic digits
        std::string("555\n")}) {
    SCOPED_TRACE(::testing::PrintToString(phone));
    ExpectInvalid(NormalizePhone(phone),
                  "phone_number: may contain only digits, spaces and + - ( )");
  }
}

TEST(NormalizePhoneTest, RejectsOver32Characters) {
  ExpectInvalid(NormalizePhone(Repeat("1", 33)), "phone_number: must be at most 32 characters");
}

// --- ValidateAvatarLink ----------------------------------------------------------------------

constexpr char kNotAllowed[] = "avatar_url: not an allowed URL";

TEST(ValidateAvatarLinkTest, AcceptsRootRelativePathsAndHttpsUrls) {
  for (const std::string& link :
       {std::string("/path"), std::string("/"), std::string("/img/a.png?v=2#x"),
        std::string("https://host/x"), std::string("https://cdn.example.com"),
        std::string("https://cdn.example.com:8443/a/b.png"), std::string("https://[::1]/x"),
        std::string("https://host/a@b"),  // '@' in the path is not user-info
        std::string("/") + Repeat("a", 2047)}) {
    SCOPED_TRACE(link);
    EXPECT_THAT(ValidateAvatarLink(link), HoldsValue(Eq(link)));
  }
}

TEST(ValidateAvatarLinkTest, RejectsDangerousOrForeignForms) {
  for (const std::string& link : {
           std::string("//evil.example/x.png"),    // protocol-relative
           std::string("javascript:alert(1)"),     // script
           std::string("JavaScript:alert(1)"),     //
           std::string("http://host/x.png"),       // not TLS
           std::string("https://user@host/x"),     // user-info
           std::string("https://user:pw@host/x"),  //
           std::string("https://user@host"),       //
           std::string("/a b.png"),                // whitespace
           std::string("https://host/a b"),        //
           std::string(" /a.png"),                 //
           std::string("/a\tb"),                   // control characters
           std::string("/a\nb"),                   //
           std::string("/a\xC2\x85"
                       "b"),                           // C1 NEL
           std::string("\\\\evil\\x"),                 // backslash
           std::string("/\\evil.example/x"),           //
           std::string("https://host\\@evil/x"),       //
           std::string("data:image/png;base64,AAAA"),  // data: is not a link
           std::string("data:text/html,<script>"),     //
           std::string("ftp://host/x"),                //
           std::string("https://"),                    // no host
           std::string("https:///x"),                  //
           std::string("https://ho st/x"),             //
           std::string("x.png"),                       // relative
           std::string(""),                            //
           std::string("/a\xFF"),                      // invalid UTF-8
           std::string("/") + Repeat("a", 2048),       // 2,049 characters
       }) {
    SCOPED_TRACE(::testing::PrintToString(link));
    ExpectInvalid(ValidateAvatarLink(link), kNotAllowed);
  }
}

TEST(ValidateAvatarLinkTest, RejectsUnicodeWhitespace) {
  // API.md §2.4: "no whitespace". U+00A0 NO-BREAK SPACE and U+2028 LINE SEPARATOR are Unicode
  // White_Space but neither ASCII space nor control characters.
  const Result<std::string> nbsp = ValidateAvatarLink(
      "https://host/a\xC2\xA0"
      "b");
  const Result<std::string> line_sep = ValidateAvatarLink(
      "/a\xE2\x80\xA8"
      "b");
  ExpectInvalid(nbsp, kNotAllowed);
  ExpectInvalid(line_sep, kNotAllowed);
}

TEST(ValidateAvatarLinkTest, LimitIs2048CharactersNotBytes) {
  // API.md §2.4: "each ≤ 2,048 characters". 1,500 two-byte characters are 3,000 bytes.
  const std::string link = "/" + Repeat("é", 1500);
  EXPECT_THAT(ValidateAvatarLink(link), HoldsValue(Eq(link)));
  ExpectInvalid(ValidateAvatarLink("/" + Repeat("é", 2048)), kNotAllowed);
}

TEST(ValidateAvatarLinkTest, FieldNameAppearsInTheMessage) {
  ExpectInvalid(ValidateAvatarLink("javascript:x", "picture"), "picture: not an allowed URL");
}

TEST(NormalizeNameTest, RejectsInvisibleAndReorderingCharacters) {
  for (const char* name : {"Eve\xE2\x80\xA8"
                           "Bcc: x",
                           "Eve\xE2\x80\xAEgnp.exe", "\xE2\x80\x8B",
                           "\xEF\xBB\xBF"
                           "Eve"}) {
    ExpectInvalid(NormalizeName(name), "name: must not contain control characters");
  }
}

}  // namespace
}  // namespace clockko::auth
