#include "core/log_safe.hpp"

#include <gtest/gtest.h>

namespace clockko {
namespace {

TEST(MaskEmailTest, KeepsFirstCharacterAndDomain) {
  EXPECT_EQ(MaskEmail("ann@example.com"), "a***@example.com");
  EXPECT_EQ(MaskEmail("Zed.Long.Name+tag@Example.org"), "Z***@Example.org");
  EXPECT_EQ(MaskEmail("a@b.c"), "a***@b.c");
}

TEST(MaskEmailTest, HidesEverythingWithoutUsableAt) {
  EXPECT_EQ(MaskEmail(""), "***");
  EXPECT_EQ(MaskEmail("not-an-address"), "***");
  EXPECT_EQ(MaskEmail("@example.com"), "***");
}

TEST(MaskEmailTest, UsesLastAtAndEscapes) {
  EXPECT_EQ(MaskEmail("a@b@example.com"), "a***@example.com");
  EXPECT_EQ(MaskEmail("\nann@evil.com"), "\\x0a***@evil.com");
  EXPECT_EQ(MaskEmail("ann@evil.com\r\nFAKE"), "a***@evil.com\\x0d\\x0aFAKE");
}

TEST(EscapeForLogTest, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(EscapeForLog(""), "");
  EXPECT_EQ(EscapeForLog("GET /api/auth/user 200"), "GET /api/auth/user 200");
  EXPECT_EQ(EscapeForLog("Jos\xc3\xa9 \xe5\xb1\xb1"), "Jos\xc3\xa9 \xe5\xb1\xb1");
}

TEST(EscapeForLogTest, EscapesControlsQuotesAndBackslash) {
  EXPECT_EQ(EscapeForLog("a\nb"), "a\\x0ab");
  EXPECT_EQ(EscapeForLog("a\r\n"), "a\\x0d\\x0a");
  EXPECT_EQ(EscapeForLog("\t"), "\\x09");
  EXPECT_EQ(EscapeForLog(std::string_view("\0", 1)), "\\x00");
  EXPECT_EQ(EscapeForLog("\x1b[31m"), "\\x1b[31m");
  EXPECT_EQ(EscapeForLog("\x7f"), "\\x7f");
  EXPECT_EQ(EscapeForLog("say \"hi\""), "say \\x22hi\\x22");
  EXPECT_EQ(EscapeForLog("C:\\path"), "C:\\x5cpath");
}

TEST(EscapeForLogTest, CannotForgeALogLine) {
  const std::string escaped = EscapeForLog("user\n2026-12-03 [info] login ok user=admin");
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace clockko
