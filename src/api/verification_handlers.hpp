#pragma once
// Handlers of API.md §3: send-verification-email, verify-email (POST, code) and the GET link that
// redirects to the frontend. Parse, call VerificationService, render. Thread-safe.
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/links.hpp"
#include "auth/verification_service.hpp"
#include "http/application.hpp"

namespace clockko::api {

class VerificationHandlers {
 public:
  VerificationHandlers(auth::VerificationService& verification, const auth::Links& links,
                       int otp_expire_minutes, ErrorRenderOptions errors);

  http::Response SendVerificationEmail(const http::Request& req, RequestContext& ctx);
  http::Response VerifyEmail(const http::Request& req, RequestContext& ctx);
  http::Response VerifyEmailLink(const http::Request& req, RequestContext& ctx);

 private:
  auth::VerificationService& verification_;
  const auth::Links& links_;
  int otp_expire_minutes_;
  ErrorRenderOptions errors_;
};

}  // namespace clockko::api
