#include "core/text.hpp"

#include <gtest/gtest.h>

namespace clockko {
namespace {

TEST(TextTest, TrimAsciiStripsSpacesTabsAndLineBreaksAtTheEnds) {
  EXPECT_EQ(TrimAscii(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimAscii(""), "");
  EXPECT_EQ(TrimAscii(" \t\r\n"), "");
  EXPECT_EQ(TrimAscii("\xC2\xA0x"), "\xC2\xA0x");  // only ASCII blanks
}

TEST(TextTest, JoinStringsPutsTheSeparatorBetweenItemsOnly) {
  EXPECT_EQ(JoinStrings({}, ", "), "");
  EXPECT_EQ(JoinStrings({"GET"}, ", "), "GET");
  EXPECT_EQ(JoinStrings({"GET", "POST", "OPTIONS"}, ", "), "GET, POST, OPTIONS");
}

TEST(TextTest, CaseInsensitiveComparisonAndLowering) {
  EXPECT_TRUE(EqualsIgnoreAsciiCase("X-Request-ID", "x-request-id"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("Accept", "Accept-Language"));
  EXPECT_FALSE(EqualsIgnoreAsciiCase("\xC3\x89", "\xC3\xA9"));  // É vs é: ASCII only
  EXPECT_EQ(ToLowerAscii("Ann@Example.COM"), "ann@example.com");
}

}  // namespace
}  // namespace clockko
