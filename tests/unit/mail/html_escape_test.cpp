#include "mail/html_escape.hpp"

#include <gtest/gtest.h>

namespace clockko::mail {
namespace {

TEST(HtmlEscapeTest, EscapesAllFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(HtmlEscapeTest, LeavesOtherTextAndUtf8Alone) {
  EXPECT_EQ(HtmlEscape(""), "");
  EXPECT_EQ(HtmlEscape("Zoë 123 ok"), "Zoë 123 ok");
}

TEST(HtmlEscapeTest, EscapesAlreadyEscapedTextAgain) {
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");
}

TEST(UrlEncodeTest, KeepsUnreservedCharacters) {
  const std::string unreserved =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
  EXPECT_EQ(UrlEncode(unreserved), unreserved);
}

TEST(UrlEncodeTest, PercentEncodesEverythingElseUpperCase) {
  EXPECT_EQ(UrlEncode("a+b@example.com"), "a%2Bb%40example.com");
  EXPECT_EQ(UrlEncode(" /?&=#%"), "%20%2F%3F%26%3D%23%25");
  EXPECT_EQ(UrlEncode("é"), "%C3%A9");
  EXPECT_EQ(UrlEncode(std::string_view("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(UrlEncode(""), "");
}

}  // namespace
}  // namespace clockko::mail
