#include "api/user_dto.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>
#include <string>

namespace clockko::api {
namespace {

using ::testing::UnorderedElementsAre;

store::UserRecord Ann() {
  store::UserRecord u;
  u.id = "0b6b2a4e-5a0e-4c1e-9d7a-1f2e3d4c5b6a";
  u.username = "ann_lee";
  u.email = "Ann@example.com";
  u.email_lower = "ann@example.com";
  u.full_name = "Ann Lee";
  u.password_hash = "$2b$12$secretsecretsecretsecret";
  u.token_version = 9;
  u.created_at = Timestamp::FromUnixSeconds(1796312820);  // 2026-12-03T15:47:00Z
  return u;
}

std::set<std::string> Keys(const boost::json::object& o) {
  std::set<std::string> keys;
  for (const auto& kv : o) {
    keys.insert(std::string(kv.key()));
  }
  return keys;
}

TEST(UserResponseTest, ExactKeySetAndValues) {
  const boost::json::object o = UserResponse(Ann());
  EXPECT_THAT(Keys(o), UnorderedElementsAre(
                           "id", "name", "email", "phone_number", "avatar_url", "created_at",
                           "is_verified", "is_active", "otp_verified", "onboarding_completed",
                           "two_factor_enabled", "has_password", "auth_providers"));
  EXPECT_EQ(o.at("id").as_string(), "0b6b2a4e-5a0e-4c1e-9d7a-1f2e3d4c5b6a");
  EXPECT_EQ(o.at("name").as_string(), "Ann Lee");
  EXPECT_EQ(o.at("email").as_string(), "Ann@example.com");
  EXPECT_TRUE(o.at("phone_number").is_null());
  EXPECT_TRUE(o.at("avatar_url").is_null());
  EXPECT_EQ(o.at("created_at").as_string(), "2026-12-03T15:47:00Z");
  EXPECT_EQ(o.at("is_verified").as_bool(), false);
  EXPECT_EQ(o.at("is_active").as_bool(), true);
  EXPECT_EQ(o.at("otp_verified").as_bool(), false);
  EXPECT_EQ(o.at("onboarding_completed").as_bool(), false);
  EXPECT_EQ(o.at("two_factor_enabled").as_bool(), false);
  EXPECT_EQ(o.at("has_password").as_bool(), true);
  EXPECT_EQ(boost::json::serialize(o.at("auth_providers")), R"(["password"])");
}

TEST(UserResponseTest, NeverExposesSecretsOrInternals) {
  const std::string body = boost::json::serialize(UserResponse(Ann()));
  EXPECT_EQ(body.find("$2b$"), std::string::npos);
  EXPECT_EQ(body.find("token_version"), std::string::npos);
  EXPECT_EQ(body.find("email_lower"), std::string::npos);
  EXPECT_EQ(body.find("password_hash"), std::string::npos);
}

TEST(UserResponseTest, NameFallsBackToUsernameThenEmail) {
  store::UserRecord u = Ann();
  u.full_name = "";
  EXPECT_EQ(UserResponse(u).at("name").as_string(), "ann_lee");
  u.username = "";
  EXPECT_EQ(UserResponse(u).at("name").as_string(), "Ann@example.com");
}

TEST(UserResponseTest, OptionalFieldsAndFlags) {
  store::UserRecord u = Ann();
  u.phone_number = "+1 555 0100";
  u.avatar_url = "/img/a.png";
  u.is_verified = true;
  u.otp_verified = true;
  u.onboarding_completed = true;
  u.two_factor_enabled = true;
  u.is_active = false;
  const boost::json::object o = UserResponse(u);
  EXPECT_EQ(o.at("phone_number").as_string(), "+1 555 0100");
  EXPECT_EQ(o.at("avatar_url").as_string(), "/img/a.png");
  EXPECT_TRUE(o.at("is_verified").as_bool());
  EXPECT_TRUE(o.at("otp_verified").as_bool());
  EXPECT_TRUE(o.at("onboarding_completed").as_bool());
  EXPECT_TRUE(o.at("two_factor_enabled").as_bool());
  EXPECT_FALSE(o.at("is_active").as_bool());
}

TEST(UserResponseTest, NoPasswordMeansNoPasswordProvider) {
  store::UserRecord u = Ann();
  u.password_hash.reset();
  boost::json::object o = UserResponse(u);
  EXPECT_FALSE(o.at("has_password").as_bool());
  EXPECT_TRUE(o.at("auth_providers").as_array().empty());

  u.password_hash = "";
  o = UserResponse(u);
  EXPECT_FALSE(o.at("has_password").as_bool());
  EXPECT_TRUE(o.at("auth_providers").as_array().empty());
}

}  // namespace
}  // namespace clockko::api
