#pragma once
// Handlers of API.md §6: check-email (no auth; a valid token adds a per-user limit),
// send-email-verification and change-email (bearer + recent auth). Thread-safe.
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/email_change_service.hpp"
#include "http/application.hpp"

namespace clockko::api {

class EmailChangeHandlers {
 public:
  EmailChangeHandlers(auth::EmailChangeService& service, int otp_expire_minutes,
                      ErrorRenderOptions errors);

  http::Response CheckEmail(const http::Request& req, RequestContext& ctx);
  http::Response SendEmailVerification(const http::Request& req, RequestContext& ctx);
  http::Response ChangeEmail(const http::Request& req, RequestContext& ctx);

 private:
  auth::EmailChangeService& service_;
  int otp_expire_minutes_;
  ErrorRenderOptions errors_;
};

}  // namespace clockko::api
