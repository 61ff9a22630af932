#include "http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace clockko::http {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/health", "health");
    router_.Add("GET", "/api/users/me", "get_me");
    router_.Add("GET", "/api/users/{id}", "get_user");
    router_.Add("DELETE", "/api/users/{id}", "delete_user");
    router_.Add("PUT", "/api/users/{id}/avatar/{hash}", "put_avatar");
    router_.Add("POST", "/api/auth/login", "login");
  }
  Router<std::string> router_;
};

TEST_F(RouterTest, FindsLiteralRoute) {
  auto m = router_.Match("GET", "/health");
  ASSERT_TRUE(m.found());
  EXPECT_EQ(*m.handler, "health");
  EXPECT_THAT(m.params, IsEmpty());
}

TEST_F(RouterTest, ExtractsParameters) {
  auto m = router_.Match("PUT", "/api/users/42/avatar/abc123");
  ASSERT_TRUE(m.found());
  EXPECT_EQ(*m.handler, "put_avatar");
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.params.at("hash"), "abc123");
  EXPECT_EQ(m.params.size(), 2u);
}

TEST_F(RouterTest, LiteralBeatsParameter) {
  auto me = router_.Match("GET", "/api/users/me");
  ASSERT_TRUE(me.found());
  EXPECT_EQ(*me.handler, "get_me");
  auto other = router_.Match("GET", "/api/users/7");
  ASSERT_TRUE(other.found());
  EXPECT_EQ(*other.handler, "get_user");
  EXPECT_EQ(other.params.at("id"), "7");
  // A method only registered on the parameter route still reaches it with the literal value.
  auto del = router_.Match("DELETE", "/api/users/me");
  ASSERT_TRUE(del.found());
  EXPECT_EQ(*del.handler, "delete_user");
  EXPECT_EQ(del.params.at("id"), "me");
}

TEST_F(RouterTest, UnknownPathIsNotFound) {
  EXPECT_EQ(router_.Match("GET", "/nope").status, MatchStatus::kNotFound);
  EXPECT_EQ(router_.Match("GET", "/api/users").status, MatchStatus::kNotFound);
  EXPECT_EQ(router_.Match("GET", "/api/users/1/avatar").status, MatchStatus::kNotFound);
  EXPECT_EQ(router_.Match("GET", "").status, MatchStatus::kNotFound);
  EXPECT_EQ(router_.Match("GET", "health").status, MatchStatus::kNotFound);
}

TEST_F(RouterTest, TrailingSlashIsADifferentPath) {
  EXPECT_EQ(router_.Match("GET", "/health/").status, MatchStatus::kNotFound);
  EXPECT_EQ(router_.Match("GET", "/api/users/").status, MatchStatus::kNotFound)
      << "an empty segment must not satisfy {id}";
}

TEST_F(RouterTest, QueryIsNotStrippedByTheRouter) {
  EXPECT_EQ(router_.Match("GET", "/health?x=1").status, MatchStatus::kNotFound);
}

TEST_F(RouterTest, WrongMethodListsAllowedMethods) {
  auto m = router_.Match("POST", "/api/users/5");
  EXPECT_EQ(m.status, MatchStatus::kMethodNotAllowed);
  EXPECT_EQ(m.handler, nullptr);
  EXPECT_THAT(m.allowed, ElementsAre("DELETE", "GET"));

  auto me = router_.Match("PATCH", "/api/users/me");
  EXPECT_EQ(me.status, MatchStatus::kMethodNotAllowed);
  EXPECT_THAT(me.allowed, ElementsAre("DELETE", "GET"));  // union of both matching patterns

  EXPECT_THAT(router_.Match("GET", "/api/auth/login").allowed, ElementsAre("POST"));
}

TEST_F(RouterTest, MethodsAreCaseSensitive) {
  EXPECT_EQ(router_.Match("get", "/health").status, MatchStatus::kMethodNotAllowed);
}

TEST_F(RouterTest, AllowedMethodsForPath) {
  EXPECT_THAT(router_.AllowedMethods("/api/users/9/avatar/h"), ElementsAre("PUT"));
  EXPECT_THAT(router_.AllowedMethods("/unknown"), IsEmpty());
}

TEST(RouterAddTest, RejectsBadPatterns) {
  Router<int> r;
  EXPECT_THROW(r.Add("GET", "no-slash", 1), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "/a/{}", 1), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "/a/{id", 1), std::invalid_argument);
  EXPECT_THROW(r.Add("GET", "/a/x{id}", 1), std::invalid_argument);
  r.Add("GET", "/a/{id}", 1);
  EXPECT_THROW(r.Add("GET", "/a/{other}", 2), std::invalid_argument) << "same shape";
  r.Add("POST", "/a/{other}", 3);
  EXPECT_EQ(*r.Match("POST", "/a/z").handler, 3);
  EXPECT_EQ(r.Match("POST", "/a/z").params.at("other"), "z");
}

TEST(RouterAddTest, RootPath) {
  Router<int> r;
  r.Add("GET", "/", 1);
  EXPECT_TRUE(r.Match("GET", "/").found());
  EXPECT_FALSE(r.Match("GET", "//").found());
}

}  // namespace
}  // namespace clockko::http
