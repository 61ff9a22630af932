// ApiApplication end to end without sockets: the real middleware, routes, handlers and services
// over the in-memory fakes, driven through Handle() / Reject() / BodyLimit() with Beast messages.
#include "api/api_application.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "api/auth_handlers.hpp"
#include "api/avatar_handler.hpp"
#include "api/health_handlers.hpp"
#include "api/routes.hpp"
#include "core/encoding.hpp"
#include "support/service_world.hpp"

namespace clockko::api {
namespace {

namespace bhttp = boost::beast::http;
using Status = bhttp::status;
using ::clockko::testing::ServiceWorld;
using ::clockko::testing::TestUser;
using ::testing::MatchesRegex;

constexpr char kOrigin[] = "https://app.example.com";
constexpr char kPassword[] = "correct horse battery";
constexpr char kPeer[] = "203.0.113.9";  // an ordinary, untrusted client
constexpr char kProxy[] = "10.1.2.3";    // inside TRUSTED_PROXIES

http::Request Req(bhttp::verb verb, std::string target, std::string body = "",
                  const char* content_type = "application/json") {
  http::Request req{verb, target, 11};
  req.set(bhttp::field::host, "api.example.com");
  if (!body.empty() && content_type != nullptr) {
    req.set(bhttp::field::content_type, content_type);
  }
  req.body() = std::move(body);
  req.prepare_payload();
  return req;
}

std::string H(const http::Response& res, std::string_view name) { return std::string(res[name]); }
std::string H(const http::Response& res, bhttp::field f) { return std::string(res[f]); }

boost::json::object Json(const http::Response& res) {
  return boost::json::parse(res.body()).as_object();
}

void ExpectErrorBody(const http::Response& res, Status status, std::string_view code,
                     std::string_view detail) {
  EXPECT_EQ(res.result(), status);
  EXPECT_EQ(H(res, bhttp::field::content_type), "application/json");
  const boost::json::object body = Json(res);
  EXPECT_EQ(body.at("code").as_string(), code);
  EXPECT_EQ(body.at("detail").as_string(), detail);
  EXPECT_EQ(body.at("message").as_string(), detail);
}

void ExpectSecurityHeaders(const http::Response& res) {
  EXPECT_EQ(H(res, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(H(res, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(H(res, "X-Frame-Options"), "DENY");
  EXPECT_EQ(H(res, "Content-Security-Policy"), "default-src 'none'; frame-ancestors 'none'");
  EXPECT_FALSE(H(res, "X-Request-ID").empty());
}

// The whole application over one ServiceWorld.
class Api {
 public:
  explicit Api(ApiOptions options = {})
      : proxies_(http::TrustedProxies::Parse({"10.0.0.0/8", "::1"}).value()),
        app_(options, cors_, proxies_, w_.tokens, w_.random),
        auth_(w_.registration, w_.login, w_.tokens, w_.profiles, ErrorRenderOptions{},
              AuthHandlers::Options{}),
        avatars_(w_.profiles, ErrorRenderOptions{}),
        health_(w_.db, w_.clock, "9.9.9"),
        verification_(w_.verification, w_.links, 5, ErrorRenderOptions{}),
        passwords_(w_.password_reset, w_.reauth, w_.password_change, ErrorRenderOptions{}),
        email_change_(w_.email_change, 5, ErrorRenderOptions{}) {
    AddRoutes(app_, Handlers{auth_, avatars_, health_, verification_, passwords_, email_change_});
  }

  http::Response Handle(http::Request req, http::ConnectionInfo conn = {kPeer, false}) {
    return app_.Handle(req, conn);
  }

  // Signs Ann in through the API and returns her access token.
  std::string LoginAnn() {
    http::Response res = Handle(
        Req(bhttp::verb::post, "/api/auth/login",
            R"({"email":"ann@example.com","password":")" + std::string(kPassword) + R"("})"));
    EXPECT_EQ(res.result(), Status::ok) << res.body();
    return std::string(Json(res).at("access_token").as_string());
  }

  http::Response GetUser(std::string_view authorization,
                         std::string_view header = "Authorization") {
    http::Request req = Req(bhttp::verb::get, "/api/auth/user");
    req.set(header, authorization);
    return Handle(std::move(req));
  }

  ServiceWorld w_;
  CorsPolicy cors_{{kOrigin}, false};
  http::TrustedProxies proxies_;
  ApiApplication app_;
  AuthHandlers auth_;
  AvatarHandler avatars_;
  HealthHandlers health_;
  VerificationHandlers verification_;
  PasswordHandlers passwords_;
  EmailChangeHandlers email_change_;
};

class ApiApplicationTest : public ::testing::Test {
 protected:
  void SetUp() override { api_.w_.Seed(TestUser(1, "ann@example.com", kPassword)); }
  Api api_;
};

// --- routing ---------------------------------------------------------------------------------

TEST_F(ApiApplicationTest, UnknownPathIs404Json) {
  http::Response res = api_.Handle(Req(bhttp::verb::get, "/nope?x=1"));
  ExpectErrorBody(res, Status::not_found, "not_found", "Not Found");
  ExpectSecurityHeaders(res);
}

TEST_F(ApiApplicationTest, WrongMethodIs405WithAllowHeader) {
  http::Response res = api_.Handle(Req(bhttp::verb::delete_, "/api/auth/user"));
  ExpectErrorBody(res, Status::method_not_allowed, "method_not_allowed", "Method Not Allowed");
  EXPECT_EQ(H(res, bhttp::field::allow), "GET, PUT, OPTIONS");

  res = api_.Handle(Req(bhttp::verb::get, "/api/auth/login"));
  EXPECT_EQ(res.result(), Status::method_not_allowed);
  EXPECT_EQ(H(res, bhttp::field::allow), "POST, OPTIONS");
}

TEST_F(ApiApplicationTest, NonPreflightOptionsIs204WithAllow) {
  http::Response res = api_.Handle(Req(bhttp::verb::options, "/api/auth/user"));
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(H(res, bhttp::field::allow), "GET, PUT, OPTIONS");
  EXPECT_TRUE(res.body().empty());
  ExpectSecurityHeaders(res);

  // Origin without Access-Control-Request-Method is not a preflight either.
  http::Request with_origin = Req(bhttp::verb::options, "/health");
  with_origin.set(bhttp::field::origin, kOrigin);
  res = api_.Handle(std::move(with_origin));
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(H(res, bhttp::field::allow), "GET, OPTIONS");

  res = api_.Handle(Req(bhttp::verb::options, "/nope"));
  ExpectErrorBody(res, Status::not_found, "not_found", "Not Found");
}

TEST_F(ApiApplicationTest, HealthRoutesAnswer) {
  for (const char* path : {"/", "/health", "/healthz", "/api/health", "/api/healthz"}) {
    SCOPED_TRACE(path);
    http::Response res = api_.Handle(Req(bhttp::verb::get, path));
    EXPECT_EQ(res.result(), Status::ok);
    EXPECT_EQ(Json(res).at("status").as_string(), "ok");
    EXPECT_EQ(Json(res).at("version").as_string(), "9.9.9");
  }
  EXPECT_EQ(api_.Handle(Req(bhttp::verb::get, "/health/ready")).result(), Status::ok);
  api_.w_.db.SetPingError(Unavailable("down").value());
  EXPECT_EQ(api_.Handle(Req(bhttp::verb::get, "/health/ready")).result(),
            Status::service_unavailable);
}

// --- CORS through the application ------------------------------------------------------------

TEST_F(ApiApplicationTest, PreflightFromAllowedOrigin) {
  http::Request req = Req(bhttp::verb::options, "/api/auth/user");
  req.set(bhttp::field::origin, kOrigin);
  req.set(bhttp::field::access_control_request_method, "PUT");
  req.set(bhttp::field::access_control_request_headers, "authorization, content-type, x-evil");
  http::Response res = api_.Handle(std::move(req));
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(H(res, bhttp::field::access_control_allow_origin), kOrigin);
  EXPECT_EQ(H(res, bhttp::field::access_control_allow_credentials), "true");
  EXPECT_EQ(H(res, bhttp::field::access_control_allow_methods),
            "GET, POST, PUT, PATCH, DELETE, OPTIONS");
  EXPECT_EQ(H(res, bhttp::field::access_control_allow_headers), "Authorization, Content-Type");
  EXPECT_EQ(H(res, bhttp::field::access_control_max_age), "600");
  ExpectSecurityHeaders(res);
}

TEST_F(ApiApplicationTest, PreflightFromForeignOriginIsBare204) {
  http::Request req = Req(bhttp::verb::options, "/api/auth/user");
  req.set(bhttp::field::origin, "https://evil.example.com");
  req.set(bhttp::field::access_control_request_method, "PUT");
  http::Response res = api_.Handle(std::move(req));
  EXPECT_EQ(res.result(), Status::no_content);
  EXPECT_EQ(res.find(bhttp::field::access_control_allow_origin), res.end());
  EXPECT_EQ(res.find(bhttp::field::access_control_allow_methods), res.end());
}

TEST_F(ApiApplicationTest, CorsHeadersOnSuccessAndErrorForAllowedOriginOnly) {
  for (const char* path : {"/health", "/nope", "/api/auth/user"}) {
    SCOPED_TRACE(path);
    http::Request ok = Req(bhttp::verb::get, path);
    ok.set(bhttp::field::origin, kOrigin);
    http::Response res = api_.Handle(std::move(ok));
    EXPECT_EQ(H(res, bhttp::field::access_control_allow_origin), kOrigin);
    EXPECT_EQ(H(res, bhttp::field::access_control_allow_credentials), "true");
    EXPECT_EQ(H(res, bhttp::field::vary), "Origin");
    EXPECT_EQ(H(res, bhttp::field::access_control_expose_headers), "X-Request-ID, Retry-After");

    for (const char* foreign : {"https://evil.example.com", "null"}) {
      http::Request bad = Req(bhttp::verb::get, path);
      bad.set(bhttp::field::origin, foreign);
      res = api_.Handle(std::move(bad));
      EXPECT_EQ(res.find(bhttp::field::access_control_allow_origin), res.end()) << foreign;
      EXPECT_EQ(res.find(bhttp::field::access_control_allow_credentials), res.end());
    }
  }
}

// --- request id -------------------------------------------------------------------------------

TEST_F(ApiApplicationTest, AcceptableRequestIdIsEchoed) {
  for (const std::string& id :
       {std::string("abc-123_X.y:z"), std::string("a"), std::string(128, 'r')}) {
    http::Request req = Req(bhttp::verb::get, "/health");
    req.set("X-Request-ID", id);
    EXPECT_EQ(H(api_.Handle(std::move(req)), "X-Request-ID"), id);
  }
}

TEST_F(ApiApplicationTest, UnacceptableRequestIdIsReplaced) {
  for (const std::string& id : {std::string(129, 'r'), std::string("has space"), std::string("a/b"),
                                std::string("semi;colon"), std::string("caf\xC3\xA9"),
                                std::string("a\"b"), std::string("%0d%0a")}) {
    SCOPED_TRACE(id);
    http::Request req = Req(bhttp::verb::get, "/nope");
    req.set("X-Request-ID", id);
    const std::string echoed = H(api_.Handle(std::move(req)), "X-Request-ID");
    EXPECT_NE(echoed, id);
    EXPECT_THAT(echoed, MatchesRegex("[0-9a-f]{32}"));
  }
}

TEST_F(ApiApplicationTest, MissingRequestIdIsGeneratedFreshEachTime) {
  const std::string a = H(api_.Handle(Req(bhttp::verb::get, "/health")), "X-Request-ID");
  const std::string b = H(api_.Handle(Req(bhttp::verb::get, "/health")), "X-Request-ID");
  EXPECT_THAT(a, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(a, b);
}

// --- headers on every response ---------------------------------------------------------------

TEST_F(ApiApplicationTest, SecurityHeadersOnEveryKindOfResponse) {
  const std::string token = api_.LoginAnn();
  ExpectSecurityHeaders(api_.Handle(Req(bhttp::verb::get, "/health")));
  ExpectSecurityHeaders(api_.Handle(Req(bhttp::verb::get, "/nope")));
  ExpectSecurityHeaders(api_.Handle(Req(bhttp::verb::patch, "/health")));
  ExpectSecurityHeaders(api_.GetUser(""));
  ExpectSecurityHeaders(api_.GetUser("Bearer " + token));
  ExpectSecurityHeaders(api_.Handle(Req(bhttp::verb::post, "/api/auth/login", "{", "text/plain")));
}

TEST_F(ApiApplicationTest, NoStoreUnderApiAuthAndApiUsersOnly) {
  const std::string token = api_.LoginAnn();
  EXPECT_EQ(H(api_.GetUser("Bearer " + token), bhttp::field::cache_control), "no-store");
  EXPECT_EQ(H(api_.GetUser(""), bhttp::field::cache_control), "no-store");  // errors too
  EXPECT_EQ(
      H(api_.Handle(Req(bhttp::verb::post, "/api/auth/login", "{}")), bhttp::field::cache_control),
      "no-store");
  EXPECT_EQ(
      H(api_.Handle(Req(bhttp::verb::get, "/api/users/x/avatar/y")), bhttp::field::cache_control),
      "no-store");
  EXPECT_EQ(api_.Handle(Req(bhttp::verb::get, "/health")).count(bhttp::field::cache_control), 0u);
  EXPECT_EQ(api_.Handle(Req(bhttp::verb::get, "/api/health")).count(bhttp::field::cache_control),
            0u);
}

TEST_F(ApiApplicationTest, HstsOnlyOverTlsOrFromTrustedProxy) {
  const auto hsts = [&](http::Request req, http::ConnectionInfo conn) {
    return H(api_.Handle(std::move(req), conn), bhttp::field::strict_transport_security);
  };
  EXPECT_EQ(hsts(Req(bhttp::verb::get, "/health"), {kPeer, true}), "max-age=31536000");
  EXPECT_EQ(hsts(Req(bhttp::verb::get, "/health"), {kPeer, false}), "");

  http::Request forwarded = Req(bhttp::verb::get, "/health");
  forwarded.set("X-Forwarded-Proto", "https");
  EXPECT_EQ(hsts(forwarded, {kProxy, false}), "max-age=31536000");
  // The same header from an untrusted peer means nothing.
  EXPECT_EQ(hsts(forwarded, {kPeer, false}), "");

  http::Request plain = Req(bhttp::verb::get, "/health");
  plain.set("X-Forwarded-Proto", "http");
  EXPECT_EQ(hsts(plain, {kProxy, false}), "");
}

// --- client IP ------------------------------------------------------------------------------

TEST_F(ApiApplicationTest, ClientIpFromForwardedForOnlyViaTrustedProxy) {
  const auto failed_login_ip = [&](const char* xff, const char* peer) {
    http::Request req = Req(bhttp::verb::post, "/api/auth/login",
                            R"({"email":"ann@example.com","password":"wrong wrong"})");
    if (xff != nullptr) {
      req.set("X-Forwarded-For", xff);
    }
    http::Response res = api_.Handle(std::move(req), {peer, false});
    EXPECT_EQ(res.result(), Status::unauthorized);
    return api_.w_.db.SecurityEvents().back().client_ip;
  };
  EXPECT_EQ(failed_login_ip(nullptr, kPeer), kPeer);
  EXPECT_EQ(failed_login_ip("198.51.100.7", kPeer), kPeer);  // spoofing attempt ignored
  EXPECT_EQ(failed_login_ip("198.51.100.7", kProxy), "198.51.100.7");
  EXPECT_EQ(failed_login_ip("1.1.1.1, 198.51.100.7, 10.0.0.2", kProxy), "198.51.100.7");
  EXPECT_EQ(failed_login_ip(nullptr, kProxy), kProxy);
}

// --- bearer authentication -------------------------------------------------------------------

TEST_F(ApiApplicationTest, BearerSchemeIsCaseInsensitive) {
  const std::string token = api_.LoginAnn();
  for (const char* scheme : {"Bearer ", "bearer ", "BEARER ", "bEaReR "}) {
    SCOPED_TRACE(scheme);
    http::Response res = api_.GetUser(scheme + token);
    EXPECT_EQ(res.result(), Status::ok) << res.body();
    EXPECT_EQ(Json(res).at("email").as_string(), "ann@example.com");
  }
}

TEST_F(ApiApplicationTest, MissingOrOtherSchemeIsNotAuthenticated) {
  const std::string token = api_.LoginAnn();
  for (const std::string& value :
       {std::string(""), std::string("Basic x"), std::string("Basic ") + token,
        std::string("Bearer"), std::string("Bearer "), std::string("Bearer    "),
        std::string("Bearer") + token, std::string("Token ") + token, token}) {
    SCOPED_TRACE(value);
    http::Response res = api_.GetUser(value);
    ExpectErrorBody(res, Status::unauthorized, "not_authenticated", "Not authenticated");
    EXPECT_EQ(H(res, bhttp::field::www_authenticate), "Bearer");
  }
  // Cookies are never read.
  http::Request req = Req(bhttp::verb::get, "/api/auth/user");
  req.set(bhttp::field::cookie, "access_token=" + token);
  EXPECT_EQ(api_.Handle(std::move(req)).result(), Status::unauthorized);
}

TEST_F(ApiApplicationTest, BadTokenIsInvalidToken) {
  http::Response res = api_.GetUser("Bearer not.a.jwt");
  ExpectErrorBody(res, Status::unauthorized, "invalid_token", "Invalid credentials");
  EXPECT_EQ(H(res, bhttp::field::www_authenticate), "Bearer");
}

TEST_F(ApiApplicationTest, AwsRemappedHeaderIgnoredUnlessEnabled) {
  const std::string token = api_.LoginAnn();
  http::Response res = api_.GetUser("Bearer " + token, "x-amzn-remapped-authorization");
  ExpectErrorBody(res, Status::unauthorized, "not_authenticated", "Not authenticated");

  ApiOptions options;
  options.trust_aws_remapped_auth = true;
  Api trusting(options);
  trusting.w_.Seed(TestUser(1, "ann@example.com", kPassword));
  const std::string token2 = trusting.LoginAnn();
  EXPECT_EQ(trusting.GetUser("Bearer " + token2, "x-amzn-remapped-authorization").result(),
            Status::ok);
  // Authorization still wins when both are present.
  http::Request both = Req(bhttp::verb::get, "/api/auth/user");
  both.set(bhttp::field::authorization, "Bearer " + token2);
  both.set("x-amzn-remapped-authorization", "Bearer garbage");
  EXPECT_EQ(trusting.Handle(std::move(both)).result(), Status::ok);
}

// --- body limits -----------------------------------------------------------------------------

TEST_F(ApiApplicationTest, BodyLimitIsLargerForAvatarRoutes) {
  const auto limit = [&](bhttp::verb verb, const char* target) {
    http::Request req{verb, target, 11};
    return api_.app_.BodyLimit(req.base());
  };
  const ApiOptions defaults;
  EXPECT_EQ(limit(bhttp::verb::put, "/api/auth/user"), defaults.avatar_max_body_bytes);
  EXPECT_EQ(limit(bhttp::verb::put, "/api/auth/user?x=1"), defaults.avatar_max_body_bytes);
  EXPECT_EQ(limit(bhttp::verb::post, "/api/auth/login"), defaults.max_body_bytes);
  EXPECT_EQ(limit(bhttp::verb::get, "/api/auth/user"), defaults.max_body_bytes);
  EXPECT_EQ(limit(bhttp::verb::post, "/nope"), defaults.max_body_bytes);
  EXPECT_GT(defaults.avatar_max_body_bytes, defaults.max_body_bytes);
}

// --- transport rejections --------------------------------------------------------------------

TEST_F(ApiApplicationTest, RejectBodiesAndStatuses) {
  struct Case {
    http::Rejection why;
    Status status;
    const char* code;
    const char* detail;
    bool retry_after;
  };
  const Case cases[] = {
      {http::Rejection::kBadRequest, Status::bad_request, "bad_request", "Bad Request", false},
      {http::Rejection::kBodyTooLarge, Status::payload_too_large, "payload_too_large",
       "Request body too large", false},
      {http::Rejection::kHeadersTooLarge, Status::request_header_fields_too_large,
       "headers_too_large", "Request header fields too large", false},
      {http::Rejection::kServerBusy, Status::service_unavailable, "server_busy", "Server busy",
       true},
      {http::Rejection::kShuttingDown, Status::service_unavailable, "service_unavailable",
       "Server shutting down", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    http::Request partial{bhttp::verb::post, "/api/auth/login", 11};
    partial.set(bhttp::field::origin, kOrigin);
    http::Response res = api_.app_.Reject(c.why, partial.base(), {kPeer, false});
    ExpectErrorBody(res, c.status, c.code, c.detail);
    ExpectSecurityHeaders(res);
    EXPECT_EQ(H(res, bhttp::field::access_control_allow_origin), kOrigin);
    EXPECT_EQ(H(res, bhttp::field::cache_control), "no-store");
    if (c.retry_after) {
      EXPECT_EQ(H(res, bhttp::field::retry_after), "5");
    } else {
      EXPECT_EQ(res.count(bhttp::field::retry_after), 0u);
    }
    // An empty header (nothing parsed yet) works too.
    http::Response bare = api_.app_.Reject(c.why, http::RequestHeader{}, {kPeer, false});
    EXPECT_EQ(bare.result(), c.status);
    ExpectSecurityHeaders(bare);
  }
}

TEST_F(ApiApplicationTest, InternalErrorIsTheFixed500) {
  http::Request req{bhttp::verb::get, "/api/auth/user", 11};
  http::Response res = api_.app_.InternalError(req.base(), {kPeer, false});
  EXPECT_EQ(res.result(), Status::internal_server_error);
  EXPECT_EQ(res.body(), R"({"detail":"Internal server error","code":"internal_error"})");
  ExpectSecurityHeaders(res);
}

// --- a user journey through the handlers ------------------------------------------------------

TEST_F(ApiApplicationTest, RegisterLoginProfileLogout) {
  http::Response reg = api_.Handle(
      Req(bhttp::verb::post, "/api/auth/register",
          R"({"name":"Bob Stone","email":"Bob@Example.com","password":"tangerine submarine 42"})"));
  ASSERT_EQ(reg.result(), Status::ok) << reg.body();
  EXPECT_EQ(Json(reg).at("email").as_string(), "Bob@example.com");
  EXPECT_EQ(Json(reg).at("name").as_string(), "Bob Stone");
  EXPECT_EQ(Json(reg).count("access_token"), 0u);

  http::Response dup = api_.Handle(
      Req(bhttp::verb::post, "/api/auth/register",
          R"({"name":"Other","email":"bob@example.com","password":"tangerine submarine 42"})"));
  ExpectErrorBody(dup, Status::bad_request, "email_taken", "Email already registered");

  http::Response login =
      api_.Handle(Req(bhttp::verb::post, "/api/auth/login",
                      R"({"email":"BOB@example.com","password":"tangerine submarine 42"})"));
  ASSERT_EQ(login.result(), Status::ok) << login.body();
  EXPECT_EQ(Json(login).at("token_type").as_string(), "bearer");
  const std::string bearer = "Bearer " + std::string(Json(login).at("access_token").as_string());

  http::Request put = Req(bhttp::verb::put, "/api/auth/user",
                          R"({"name":"Bobby","phone_number":"+1 555","avatar_url":null})");
  put.set(bhttp::field::authorization, bearer);
  http::Response updated = api_.Handle(std::move(put));
  ASSERT_EQ(updated.result(), Status::ok) << updated.body();
  EXPECT_EQ(Json(updated).at("name").as_string(), "Bobby");
  EXPECT_EQ(Json(updated).at("phone_number").as_string(), "+1 555");

  http::Request bad_put =
      Req(bhttp::verb::put, "/api/auth/user", R"j({"avatar_url":"javascript:alert(1)"})j");
  bad_put.set(bhttp::field::authorization, bearer);
  ExpectErrorBody(api_.Handle(std::move(bad_put)), Status::unprocessable_entity, "validation_error",
                  "avatar_url: not an allowed URL");

  http::Request logout = Req(bhttp::verb::post, "/api/auth/logout");
  logout.set(bhttp::field::authorization, bearer);
  EXPECT_EQ(api_.Handle(std::move(logout)).result(), Status::no_content);
  ExpectErrorBody(api_.GetUser(bearer), Status::unauthorized, "invalid_token",
                  "Invalid credentials");
}

TEST_F(ApiApplicationTest, LogoutAllKillsTheToken) {
  const std::string bearer = "Bearer " + api_.LoginAnn();
  http::Request req = Req(bhttp::verb::post, "/api/auth/logout-all");
  req.set(bhttp::field::authorization, bearer);
  EXPECT_EQ(api_.Handle(std::move(req)).result(), Status::no_content);
  EXPECT_EQ(api_.GetUser(bearer).result(), Status::unauthorized);
}

TEST_F(ApiApplicationTest, LoginErrorsThroughHttp) {
  ExpectErrorBody(
      api_.Handle(Req(bhttp::verb::post, "/api/auth/login", R"({"email":"ann@example.com"})")),
      Status::unprocessable_entity, "validation_error", "password: field required");
  ExpectErrorBody(api_.Handle(Req(bhttp::verb::post, "/api/auth/login",
                                  R"({"email":"ann@example.com","password":5})")),
                  Status::unprocessable_entity, "validation_error", "password: must be a string");
  ExpectErrorBody(api_.Handle(Req(bhttp::verb::post, "/api/auth/login",
                                  R"({"email":"ann@example.com","password":"x"})", "text/plain")),
                  Status::unsupported_media_type, "unsupported_media_type",
                  "Content-Type must be application/json");
  ExpectErrorBody(api_.Handle(Req(bhttp::verb::post, "/api/auth/login", "[1]")),
                  Status::unprocessable_entity, "validation_error", "body: must be a JSON object");
  ExpectErrorBody(api_.Handle(Req(bhttp::verb::post, "/api/auth/login", R"({"a":1,"a":1})")),
                  Status::bad_request, "malformed_json", "Malformed JSON body");
  http::Response wrong = api_.Handle(Req(bhttp::verb::post, "/api/auth/login",
                                         R"({"email":"ann@example.com","password":"nope"})"));
  ExpectErrorBody(wrong, Status::unauthorized, "invalid_credentials",
                  "Incorrect email or password");
  EXPECT_EQ(H(wrong, bhttp::field::www_authenticate), "Bearer");
}

TEST_F(ApiApplicationTest, UploadedAvatarIsServedWithItsOwnHeaders) {
  const std::string bearer = "Bearer " + api_.LoginAnn();
  const std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + "pixels";
  http::Request put = Req(bhttp::verb::put, "/api/auth/user",
                          R"({"avatar_url":"data:image/png;base64,)" + Base64Encode(png) + "\"}");
  put.set(bhttp::field::authorization, bearer);
  http::Response updated = api_.Handle(std::move(put));
  ASSERT_EQ(updated.result(), Status::ok) << updated.body();
  const std::string url(Json(updated).at("avatar_url").as_string());
  EXPECT_THAT(url, MatchesRegex("/api/users/[0-9a-f-]{36}/avatar/[0-9a-f]{16}"));

  http::Response image = api_.Handle(Req(bhttp::verb::get, url));  // no auth needed
  ASSERT_EQ(image.result(), Status::ok);
  EXPECT_EQ(image.body(), png);
  EXPECT_EQ(H(image, bhttp::field::content_type), "image/png");
  EXPECT_EQ(H(image, bhttp::field::cache_control), "public, max-age=31536000, immutable");
  EXPECT_EQ(H(image, "Content-Security-Policy"), "default-src 'none'");
  EXPECT_EQ(H(image, "X-Content-Type-Options"), "nosniff");

  ExpectErrorBody(api_.Handle(Req(bhttp::verb::get, url.substr(0, url.size() - 1) + "x")),
                  Status::not_found, "not_found", "Not Found");
}

}  // namespace
}  // namespace clockko::api
