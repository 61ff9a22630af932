#pragma once
// Handlers of API.md §4 and §5: forgot-password, reset-password (code or link token),
// verify-password (recent-auth mark) and change-password (returns a fresh token). Thread-safe.
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/password_change_service.hpp"
#include "auth/password_reset_service.hpp"
#include "auth/reauth_service.hpp"
#include "http/application.hpp"

namespace clockko::api {

class PasswordHandlers {
 public:
  PasswordHandlers(auth::PasswordResetService& reset, auth::ReauthService& reauth,
                   auth::PasswordChangeService& change, ErrorRenderOptions errors);

  http::Response ForgotPassword(const http::Request& req, RequestContext& ctx);
  http::Response ResetPassword(const http::Request& req, RequestContext& ctx);
  http::Response VerifyPassword(const http::Request& req, RequestContext& ctx);
  http::Response ChangePassword(const http::Request& req, RequestContext& ctx);

 private:
  auth::PasswordResetService& reset_;
  auth::ReauthService& reauth_;
  auth::PasswordChangeService& change_;
  ErrorRenderOptions errors_;
};

}  // namespace clockko::api
