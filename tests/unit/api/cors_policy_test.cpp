#include "api/cors_policy.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace clockko::api {
namespace {

namespace bhttp = boost::beast::http;

constexpr char kApp[] = "https://app.example.com";
constexpr char kDev[] = "http://localhost:5173";

std::string Header(const http::Response& res, bhttp::field f) { return std::string(res[f]); }

bool HasAnyCorsHeader(const http::Response& res) {
  for (bhttp::field f :
       {bhttp::field::access_control_allow_origin, bhttp::field::access_control_allow_credentials,
        bhttp::field::access_control_allow_methods, bhttp::field::access_control_allow_headers,
        bhttp::field::access_control_max_age, bhttp::field::access_control_expose_headers}) {
    if (res.find(f) != res.end()) {
      return true;
    }
  }
  return false;
}

class CorsPolicyTest : public ::testing::Test {
 protected:
  CorsPolicy policy_{{kApp, kDev}, false};
};

TEST_F(CorsPolicyTest, AllowedOriginIsReflectedWithCredentials) {
  http::Response res{bhttp::status::ok, 11};
  policy_.Decorate(kApp, res);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_origin), kApp);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_credentials), "true");
  EXPECT_EQ(Header(res, bhttp::field::vary), "Origin");
  EXPECT_EQ(Header(res, bhttp::field::access_control_expose_headers), "X-Request-ID, Retry-After");
  // Not a preflight: no method/header lists.
  EXPECT_EQ(res.find(bhttp::field::access_control_allow_methods), res.end());
}

TEST_F(CorsPolicyTest, ErrorResponsesAreDecoratedToo) {
  http::Response res{bhttp::status::unauthorized, 11};
  policy_.Decorate(kDev, res);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_origin), kDev);
}

TEST_F(CorsPolicyTest, ForeignNullAndLookalikeOriginsGetNothing) {
  for (const char* origin :
       {"https://evil.example.com", "null", "", "https://app.example.com.evil.com",
        "http://app.example.com",       // scheme differs
        "https://app.example.com:443",  // exact strings only
        "https://APP.example.com", "https://app.example.com/", "*"}) {
    SCOPED_TRACE(origin);
    EXPECT_FALSE(policy_.IsAllowed(origin));
    http::Response res{bhttp::status::ok, 11};
    policy_.Decorate(origin, res);
    EXPECT_FALSE(HasAnyCorsHeader(res));
    // Vary is still sent: a cache must not serve this answer to an allowed origin or vice versa.
    EXPECT_EQ(Header(res, bhttp::field::vary), "Origin");
  }
}

TEST_F(CorsPolicyTest, PreflightFromAllowedOrigin) {
  http::Response res = policy_.Preflight(kApp, "");
  EXPECT_EQ(res.result(), bhttp::status::no_content);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_origin), kApp);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_credentials), "true");
  EXPECT_EQ(Header(res, bhttp::field::vary), "Origin");
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_methods),
            "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_headers), "Authorization, Content-Type");
  EXPECT_EQ(Header(res, bhttp::field::access_control_max_age), "600");
  EXPECT_TRUE(res.body().empty());
}

TEST_F(CorsPolicyTest, PreflightAddsOnlyAllowListedRequestedHeaders) {
  http::Response res = policy_.Preflight(kApp,
                                         "x-request-id, X-Evil, accept ,Cookie,Accept-Language, "
                                         "x-requested-with, authorization, X-Request-ID");
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_headers),
            "Authorization, Content-Type, X-Request-ID, Accept, Accept-Language, "
            "X-Requested-With");
}

TEST_F(CorsPolicyTest, PreflightFromForeignOriginIsBare204) {
  for (const char* origin : {"https://evil.example.com", "null"}) {
    SCOPED_TRACE(origin);
    http::Response res = policy_.Preflight(origin, "Authorization");
    EXPECT_EQ(res.result(), bhttp::status::no_content);
    EXPECT_FALSE(HasAnyCorsHeader(res));
  }
}

TEST(CorsPolicyAllowAnyTest, StarWithoutCredentials) {
  CorsPolicy any({}, true);
  EXPECT_TRUE(any.IsAllowed("https://whatever.example"));
  EXPECT_FALSE(any.IsAllowed("null"));
  EXPECT_FALSE(any.IsAllowed(""));
  http::Response res{bhttp::status::ok, 11};
  any.Decorate("https://whatever.example", res);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_origin), "*");
  EXPECT_EQ(res.find(bhttp::field::access_control_allow_credentials), res.end());

  http::Response pre = any.Preflight("https://whatever.example", "");
  EXPECT_EQ(Header(pre, bhttp::field::access_control_allow_origin), "*");
  EXPECT_EQ(pre.find(bhttp::field::access_control_allow_credentials), pre.end());
  EXPECT_EQ(Header(pre, bhttp::field::access_control_max_age), "600");
}

TEST(CorsPolicyAllowAnyTest, ListedOriginStillGetsCredentialsWhenAnyIsOn) {
  CorsPolicy any({kApp}, true);
  http::Response res{bhttp::status::ok, 11};
  any.Decorate(kApp, res);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_origin), kApp);
  EXPECT_EQ(Header(res, bhttp::field::access_control_allow_credentials), "true");
}

}  // namespace
}  // namespace clockko::api
