#include "api/error_response.hpp"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <string_view>

#include "core/log_safe.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;

struct CodeStatus {
  std::string_view code;
  Status status;
};

// The error catalogue of API.md §1.2. Codes not listed fall back to the Errc mapping below;
// "weak_password" is deliberately absent: it is 422 (kInvalidArgument) except in change-password's
// length check, which API.md §5.2 makes a 400 (kFailedPrecondition).
constexpr CodeStatus kCatalogue[] = {
    {"malformed_json", Status::bad_request},
    {"validation_error", Status::unprocessable_entity},
    {"payload_too_large", Status::payload_too_large},
    {"unsupported_media_type", Status::unsupported_media_type},
    {"not_found", Status::not_found},
    {"method_not_allowed", Status::method_not_allowed},
    {"not_authenticated", Status::unauthorized},
    {"invalid_token", Status::unauthorized},
    {"token_expired", Status::unauthorized},
    {"invalid_credentials", Status::unauthorized},
    {"account_disabled", Status::bad_request},
    {"email_not_verified", Status::forbidden},
    {"incorrect_password", Status::bad_request},
    {"reauth_required", Status::forbidden},
    {"password_unchanged", Status::bad_request},
    {"email_taken", Status::bad_request},
    {"same_email", Status::bad_request},
    {"invalid_otp", Status::bad_request},
    {"otp_expired", Status::bad_request},
    {"email_change_not_found", Status::bad_request},
    {"email_mismatch", Status::bad_request},
    {"otp_locked", Status::too_many_requests},
    {"rate_limited", Status::too_many_requests},
    {"account_locked", Status::too_many_requests},
    {"invalid_mfa_token", Status::unauthorized},
    {"invalid_2fa_code", Status::bad_request},
    {"two_factor_already_enabled", Status::bad_request},
    {"two_factor_not_enabled", Status::bad_request},
    {"two_factor_setup_missing", Status::bad_request},
    {"two_factor_code_required", Status::bad_request},
    {"two_factor_unavailable", Status::service_unavailable},
    {"google_not_configured", Status::service_unavailable},
    {"google_unavailable", Status::service_unavailable},
    {"invalid_google_token", Status::unauthorized},
    {"google_email_unverified", Status::unauthorized},
    {"google_email_missing", Status::bad_request},
    {"google_domain_not_allowed", Status::forbidden},
    {"google_account_conflict", Status::conflict},
    {"invalid_settings", Status::bad_request},
    {"settings_exist", Status::conflict},
    {"server_busy", Status::service_unavailable},
    {"service_unavailable", Status::service_unavailable},
    {"internal_error", Status::internal_server_error},
};

Status StatusForErrc(Errc errc) {
  switch (errc) {
    case Errc::kInvalidArgument:
      return Status::unprocessable_entity;
    case Errc::kUnauthenticated:
      return Status::unauthorized;
    case Errc::kPermissionDenied:
      return Status::forbidden;
    case Errc::kNotFound:
      return Status::not_found;
    case Errc::kAlreadyExists:
      return Status::conflict;
    case Errc::kFailedPrecondition:
      return Status::bad_request;
    case Errc::kResourceExhausted:
      return Status::too_many_requests;
    case Errc::kUnavailable:
      return Status::service_unavailable;
    case Errc::kInternal:
      break;
  }
  return Status::internal_server_error;
}

bool WantsBearerChallenge(std::string_view code) {
  return code == "not_authenticated" || code == "invalid_token" || code == "token_expired" ||
         code == "invalid_credentials";
}

}  // namespace

Status HttpStatusFor(const Error& error) {
  if (error.errc == Errc::kInternal) {
    return Status::internal_server_error;  // whatever code was set, internals stay internal
  }
  for (const CodeStatus& entry : kCatalogue) {
    if (entry.code == error.code) {
      return entry.status;
    }
  }
  return StatusForErrc(error.errc);
}

http::Response ErrorResponse(const Error& error, const std::string& request_id,
                             const ErrorRenderOptions& options) {
  const Status status = HttpStatusFor(error);
  boost::json::object body;
  if (status == Status::internal_server_error) {
    spdlog::error("internal error [request_id={}]: {}", EscapeForLog(request_id),
                  EscapeForLog(error.detail));
    body["detail"] = "Internal server error";
    body["code"] = "internal_error";
  } else {
    if (error.errc == Errc::kUnavailable && !error.detail.empty()) {
      spdlog::error("dependency unavailable [request_id={}]: {}", EscapeForLog(request_id),
                    EscapeForLog(error.detail));
    }
    body["detail"] = error.public_message;
    body["code"] = error.code;
    body["message"] = error.public_message;
  }
  if (options.debug && !error.detail.empty()) {
    body["debug"] = error.detail;
  }
  http::Response res{status, 11};
  res.set(boost::beast::http::field::content_type, "application/json");
  res.body() = boost::json::serialize(body);
  if (status == Status::unauthorized && WantsBearerChallenge(error.code)) {
    res.set(boost::beast::http::field::www_authenticate, "Bearer");
  }
  if (status == Status::too_many_requests || status == Status::service_unavailable) {
    int retry_after = error.retry_after_seconds;
    if (retry_after <= 0) {
      retry_after = error.code == "account_locked" ? 3600 : 5;
    }
    res.set(boost::beast::http::field::retry_after, std::to_string(retry_after));
  }
  res.prepare_payload();
  return res;
}

}  // namespace clockko::api
