#include "config/dotenv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace clockko::config {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(DotenvTest, PlainValuesCommentsAndBlankLines) {
  auto env = ParseDotenv(
      "# a comment\n"
      "\n"
      "   \n"
      "APP_ENV=development\n"
      "  PORT = 8080  \n"
      "EMPTY=\n"
      "URL=http://x/#frag\n"
      "WITH_COMMENT=value # trailing comment\n"
      "HASH=a#b\n");
  ASSERT_TRUE(env.has_value()) << env.error().public_message;
  EXPECT_EQ(env->at("APP_ENV"), "development");
  EXPECT_EQ(env->at("PORT"), "8080");
  EXPECT_EQ(env->at("EMPTY"), "");
  EXPECT_EQ(env->at("URL"), "http://x/#frag");
  EXPECT_EQ(env->at("WITH_COMMENT"), "value");
  EXPECT_EQ(env->at("HASH"), "a#b");
  EXPECT_EQ(env->size(), 6u);
}

TEST(DotenvTest, ExportPrefix) {
  auto env = ParseDotenv("export SECRET_KEY=abc\nexport\tOTHER=1\nexported=2\n");
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ(env->at("SECRET_KEY"), "abc");
  EXPECT_EQ(env->at("OTHER"), "1");
  EXPECT_EQ(env->at("exported"), "2");
}

TEST(DotenvTest, SingleQuotesAreLiteral) {
  auto env = ParseDotenv("A='  spaced # not a comment \\n '\nB='' # empty\n");
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ(env->at("A"), "  spaced # not a comment \\n ");
  EXPECT_EQ(env->at("B"), "");
}

TEST(DotenvTest, DoubleQuotesWithEscapes) {
  auto env = ParseDotenv(R"(A="line1\nline2"
B="say \"hi\" \\ done"
C="it's # fine"   # comment
)");
  ASSERT_TRUE(env.has_value()) << env.error().public_message;
  EXPECT_EQ(env->at("A"), "line1\nline2");
  EXPECT_EQ(env->at("B"), "say \"hi\" \\ done");
  EXPECT_EQ(env->at("C"), "it's # fine");
}

TEST(DotenvTest, CrlfAndMissingFinalNewline) {
  auto env = ParseDotenv("A=1\r\nB=\"2\"\r\nC=3");
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ(env->at("A"), "1");
  EXPECT_EQ(env->at("B"), "2");
  EXPECT_EQ(env->at("C"), "3");
}

TEST(DotenvTest, LaterDuplicateWins) {
  auto env = ParseDotenv("A=1\nA=2\n");
  ASSERT_TRUE(env.has_value());
  EXPECT_EQ(env->at("A"), "2");
}

TEST(DotenvTest, EmptyInput) {
  auto env = ParseDotenv("");
  ASSERT_TRUE(env.has_value());
  EXPECT_TRUE(env->empty());
}

struct Malformed {
  const char* text;
  const char* line;
};

class DotenvMalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(DotenvMalformedTest, ErrorNamesLineNotValue) {
  auto env = ParseDotenv(GetParam().text);
  ASSERT_FALSE(env.has_value());
  EXPECT_EQ(env.error().errc, Errc::kInvalidArgument);
  EXPECT_THAT(env.error().public_message, HasSubstr(std::string(".env line ") + GetParam().line));
  EXPECT_THAT(env.error().public_message, Not(HasSubstr("s3cr3t")));
}

INSTANTIATE_TEST_SUITE_P(
    All, DotenvMalformedTest,
    ::testing::Values(Malformed{"OK=1\njust-s3cr3t-text\n", "2:"},
                      Malformed{"A=1\n\n# c\n1BAD=s3cr3t\n", "4:"},
                      Malformed{"BAD NAME=s3cr3t\n", "1:"}, Malformed{"A='s3cr3t\n", "1:"},
                      Malformed{"A=\"s3cr3t\n", "1:"}, Malformed{"A=\"s3cr3t\\\"\n", "1:"},
                      Malformed{"A=\"s3cr3t\" junk\n", "1:"}, Malformed{"A='s3cr3t'junk\n", "1:"},
                      Malformed{"A=\"s3cr3t\\x\"\n", "1:"}, Malformed{"=s3cr3t\n", "1:"},
                      Malformed{"export =s3cr3t\n", "1:"}));

}  // namespace
}  // namespace clockko::config
