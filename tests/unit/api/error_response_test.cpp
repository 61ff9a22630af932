#include "api/error_response.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;
namespace bhttp = boost::beast::http;

Error E(Errc errc, std::string code, std::string message = "Some message",
        std::string detail = "") {
  return Error{errc, std::move(code), std::move(message), std::move(detail)};
}

std::string Header(const http::Response& res, bhttp::field f) { return std::string(res[f]); }

struct CatalogueEntry {
  const char* code;
  Errc errc;  // what a service would plausibly use; the code decides the status
  Status status;
};

// API.md §1.2, row by row.
const CatalogueEntry kCatalogue[] = {
    {"malformed_json", Errc::kInvalidArgument, Status::bad_request},
    {"validation_error", Errc::kInvalidArgument, Status::unprocessable_entity},
    {"payload_too_large", Errc::kInvalidArgument, Status::payload_too_large},
    {"unsupported_media_type", Errc::kInvalidArgument, Status::unsupported_media_type},
    {"not_found", Errc::kNotFound, Status::not_found},
    {"method_not_allowed", Errc::kInvalidArgument, Status::method_not_allowed},
    {"not_authenticated", Errc::kUnauthenticated, Status::unauthorized},
    {"invalid_token", Errc::kUnauthenticated, Status::unauthorized},
    {"token_expired", Errc::kUnauthenticated, Status::unauthorized},
    {"invalid_credentials", Errc::kUnauthenticated, Status::unauthorized},
    {"account_disabled", Errc::kFailedPrecondition, Status::bad_request},
    {"email_not_verified", Errc::kPermissionDenied, Status::forbidden},
    {"incorrect_password", Errc::kInvalidArgument, Status::bad_request},
    {"reauth_required", Errc::kPermissionDenied, Status::forbidden},
    {"weak_password", Errc::kInvalidArgument, Status::unprocessable_entity},
    {"password_unchanged", Errc::kInvalidArgument, Status::bad_request},
    {"email_taken", Errc::kAlreadyExists, Status::bad_request},
    {"same_email", Errc::kInvalidArgument, Status::bad_request},
    {"invalid_otp", Errc::kInvalidArgument, Status::bad_request},
    {"otp_expired", Errc::kInvalidArgument, Status::bad_request},
    {"email_change_not_found", Errc::kNotFound, Status::bad_request},
    {"email_mismatch", Errc::kInvalidArgument, Status::bad_request},
    {"otp_locked", Errc::kResourceExhausted, Status::too_many_requests},
    {"rate_limited", Errc::kResourceExhausted, Status::too_many_requests},
    {"account_locked", Errc::kResourceExhausted, Status::too_many_requests},
    {"invalid_mfa_token", Errc::kUnauthenticated, Status::unauthorized},
    {"invalid_2fa_code", Errc::kInvalidArgument, Status::bad_request},
    {"two_factor_already_enabled", Errc::kFailedPrecondition, Status::bad_request},
    {"two_factor_not_enabled", Errc::kFailedPrecondition, Status::bad_request},
    {"two_factor_setup_missing", Errc::kFailedPrecondition, Status::bad_request},
    {"two_factor_code_required", Errc::kInvalidArgument, Status::bad_request},
    {"two_factor_unavailable", Errc::kUnavailable, Status::service_unavailable},
    {"google_not_configured", Errc::kUnavailable, Status::service_unavailable},
    {"google_unavailable", Errc::kUnavailable, Status::service_unavailable},
    {"invalid_google_token", Errc::kUnauthenticated, Status::unauthorized},
    {"google_email_unverified", Errc::kUnauthenticated, Status::unauthorized},
    {"google_email_missing", Errc::kInvalidArgument, Status::bad_request},
    {"google_domain_not_allowed", Errc::kPermissionDenied, Status::forbidden},
    {"google_account_conflict", Errc::kAlreadyExists, Status::conflict},
    {"invalid_settings", Errc::kInvalidArgument, Status::bad_request},
    {"settings_exist", Errc::kAlreadyExists, Status::conflict},
    {"server_busy", Errc::kUnavailable, Status::service_unavailable},
    {"service_unavailable", Errc::kUnavailable, Status::service_unavailable},
    {"internal_error", Errc::kInternal, Status::internal_server_error},
};

TEST(HttpStatusForTest, EveryCatalogueCodeHasItsStatus) {
  for (const CatalogueEntry& entry : kCatalogue) {
    SCOPED_TRACE(entry.code);
    EXPECT_EQ(HttpStatusFor(E(entry.errc, entry.code)), entry.status);
  }
}

TEST(HttpStatusForTest, CatalogueCodeWinsOverTheErrcMapping) {
  // email_taken is kAlreadyExists (409 by category) but the contract says 400.
  EXPECT_EQ(HttpStatusFor(E(Errc::kAlreadyExists, "email_taken")), Status::bad_request);
  // A code keeps its status whatever category a service picked.
  EXPECT_EQ(HttpStatusFor(E(Errc::kFailedPrecondition, "validation_error")),
            Status::unprocessable_entity);
}

TEST(HttpStatusForTest, UnlistedCodesFallBackToTheErrcMapping) {
  const std::vector<std::pair<Errc, Status>> table = {
      {Errc::kInvalidArgument, Status::unprocessable_entity},
      {Errc::kUnauthenticated, Status::unauthorized},
      {Errc::kPermissionDenied, Status::forbidden},
      {Errc::kNotFound, Status::not_found},
      {Errc::kAlreadyExists, Status::conflict},
      {Errc::kFailedPrecondition, Status::bad_request},
      {Errc::kResourceExhausted, Status::too_many_requests},
      {Errc::kUnavailable, Status::service_unavailable},
      {Errc::kInternal, Status::internal_server_error},
  };
  for (const auto& [errc, status] : table) {
    EXPECT_EQ(HttpStatusFor(E(errc, "some_new_code")), status) << static_cast<int>(errc);
  }
}

TEST(HttpStatusForTest, InternalIsAlways500WhateverTheCode) {
  EXPECT_EQ(HttpStatusFor(E(Errc::kInternal, "email_taken")), Status::internal_server_error);
  EXPECT_EQ(HttpStatusFor(E(Errc::kInternal, "invalid_credentials")),
            Status::internal_server_error);
  EXPECT_EQ(HttpStatusFor(E(Errc::kInternal, "")), Status::internal_server_error);
}

TEST(ErrorResponseTest, BodyHasDetailCodeAndMessageWithEqualText) {
  http::Response res =
      ErrorResponse(E(Errc::kAlreadyExists, "email_taken", "Email already registered",
                      "sqlite UNIQUE constraint failed: users.email_lower"),
                    "rid-1");
  EXPECT_EQ(res.result(), Status::bad_request);
  EXPECT_EQ(Header(res, bhttp::field::content_type), "application/json");
  EXPECT_EQ(res.body(), R"({"detail":"Email already registered","code":"email_taken",)"
                        R"("message":"Email already registered"})");
  EXPECT_EQ(Header(res, bhttp::field::content_length), std::to_string(res.body().size()));
  // The log-only detail never reaches the body.
  EXPECT_EQ(res.body().find("sqlite"), std::string::npos);
}

TEST(ErrorResponseTest, InternalBodyIsExactlyTheFixedText) {
  for (const Error& e :
       {Internal("segfault in users.cpp: /etc/passwd").value(),
        E(Errc::kInternal, "email_taken", "Email already registered", "secret detail"),
        E(Errc::kInternal, "", "", "")}) {
    http::Response res = ErrorResponse(e, "rid-2");
    EXPECT_EQ(res.result(), Status::internal_server_error);
    EXPECT_EQ(res.body(), R"({"detail":"Internal server error","code":"internal_error"})");
    EXPECT_TRUE(res[bhttp::field::www_authenticate].empty());
  }
}

TEST(ErrorResponseTest, DebugFieldOnlyWhenEnabled) {
  const Error e = Unavailable("database locked").value();
  EXPECT_EQ(ErrorResponse(e, "r").body().find("debug"), std::string::npos);
  boost::json::value body =
      boost::json::parse(ErrorResponse(e, "r", ErrorRenderOptions{true}).body());
  EXPECT_EQ(body.at("debug").as_string(), "database locked");
}

TEST(ErrorResponseTest, BearerChallengeOnTheFourToken401s) {
  for (const char* code :
       {"not_authenticated", "invalid_token", "token_expired", "invalid_credentials"}) {
    SCOPED_TRACE(code);
    http::Response res = ErrorResponse(E(Errc::kUnauthenticated, code), "r");
    EXPECT_EQ(res.result(), Status::unauthorized);
    EXPECT_EQ(Header(res, bhttp::field::www_authenticate), "Bearer");
  }
  for (const char* code : {"account_disabled", "email_not_verified", "validation_error"}) {
    SCOPED_TRACE(code);
    EXPECT_TRUE(ErrorResponse(E(Errc::kInvalidArgument, code), "r")[bhttp::field::www_authenticate]
                    .empty());
  }
}

TEST(ErrorResponseTest, RetryAfterOn429And503) {
  struct Case {
    Error error;
    const char* retry_after;
  };
  const Case cases[] = {
      {E(Errc::kResourceExhausted, "rate_limited"), "5"},
      {E(Errc::kResourceExhausted, "otp_locked"), "5"},
      {E(Errc::kResourceExhausted, "account_locked"), "3600"},
      {E(Errc::kUnavailable, "server_busy"), "5"},
      {E(Errc::kUnavailable, "service_unavailable"), "5"},
      {E(Errc::kUnavailable, "google_unavailable"), "5"},
      {E(Errc::kResourceExhausted, "some_new_limit"), "5"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error.code);
    EXPECT_EQ(Header(ErrorResponse(c.error, "r"), bhttp::field::retry_after), c.retry_after);
    Error explicit_wait = c.error;
    explicit_wait.retry_after_seconds = 42;
    EXPECT_EQ(Header(ErrorResponse(explicit_wait, "r"), bhttp::field::retry_after), "42");
  }
  for (const char* code : {"email_taken", "invalid_token", "not_found"}) {
    EXPECT_TRUE(
        ErrorResponse(E(Errc::kInvalidArgument, code), "r")[bhttp::field::retry_after].empty())
        << code;
  }
  EXPECT_TRUE(ErrorResponse(Internal("x").value(), "r")[bhttp::field::retry_after].empty());
}

TEST(ErrorResponseTest, JsonSpecialCharactersAreEscaped) {
  http::Response res =
      ErrorResponse(E(Errc::kInvalidArgument, "validation_error", "name: \"quoted\" \\ \n"), "r");
  boost::json::value body = boost::json::parse(res.body());
  EXPECT_EQ(body.at("detail").as_string(), "name: \"quoted\" \\ \n");
  EXPECT_EQ(body.at("message").as_string(), body.at("detail").as_string());
  EXPECT_EQ(body.as_object().size(), 3u);
}

}  // namespace
}  // namespace clockko::api
