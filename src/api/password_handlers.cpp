#include "api/password_handlers.hpp"

#include "api/body_fields.hpp"
#include "api/json_body.hpp"
#include "api/json_response.hpp"
#include "core/email.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;

// Passwords are bounded here only against abuse; the policy decides what a good one is.
constexpr std::size_t kMaxPasswordChars = 1024;

}  // namespace

PasswordHandlers::PasswordHandlers(auth::PasswordResetService& reset, auth::ReauthService& reauth,
                                   auth::PasswordChangeService& change, ErrorRenderOptions errors)
    : reset_(reset), reauth_(reauth), change_(change), errors_(errors) {}

http::Response PasswordHandlers::ForgotPassword(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  Result<Email> email = RequiredEmail(BodyFields(*body));
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  if (Result<> r = reset_.ForgotPassword(*email, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok,
                      {{"detail", "If the email is registered, a reset code has been sent"}});
}

http::Response PasswordHandlers::ResetPassword(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  const BodyFields fields(*body);
  auth::ResetRequest request;
  Result<FieldValue<std::string>> token = fields.String("token");
  if (!token) {
    return ErrorResponse(token.error(), ctx.request_id, errors_);
  }
  Result<FieldValue<std::string>> otp = fields.String("otp");
  if (!otp) {
    return ErrorResponse(otp.error(), ctx.request_id, errors_);
  }
  Result<FieldValue<std::string>> email_text = fields.String("email");
  if (!email_text) {
    return ErrorResponse(email_text.error(), ctx.request_id, errors_);
  }
  if (token->set()) {
    if (!otp->absent()) {
      return ErrorResponse(FieldError("otp", "not allowed with token").value(), ctx.request_id,
                           errors_);
    }
    request.token = token->value;
  } else {
    if (!email_text->set()) {
      return ErrorResponse(FieldError("email", "field required").value(), ctx.request_id, errors_);
    }
    if (!otp->set()) {
      return ErrorResponse(FieldError("otp", "field required").value(), ctx.request_id, errors_);
    }
    request.otp = otp->value;
  }
  if (email_text->set()) {
    Result<Email> email = Email::Parse(email_text->value);
    if (!email) {
      return ErrorResponse(email.error(), ctx.request_id, errors_);
    }
    request.email = std::move(*email);
  }
  Result<std::string> password = fields.RequiredString("new_password", kMaxPasswordChars);
  if (!password) {
    return ErrorResponse(password.error(), ctx.request_id, errors_);
  }
  request.new_password = std::move(*password);
  if (Result<> r = reset_.ResetPassword(request, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(
      Status::ok,
      {{"detail", "Password reset successfully!"},
       {"message", "Your password has been updated. You can now log in with your new password."}});
}

http::Response PasswordHandlers::VerifyPassword(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  Result<std::string> password = BodyFields(*body).RequiredString("password", kMaxPasswordChars);
  if (!password) {
    return ErrorResponse(password.error(), ctx.request_id, errors_);
  }
  if (Result<> r = reauth_.VerifyPassword(*ctx.principal, *password, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok, {{"detail", "Password verified successfully"}});
}

http::Response PasswordHandlers::ChangePassword(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  const BodyFields fields(*body);
  Result<std::string> current = fields.RequiredString("current_password", kMaxPasswordChars);
  if (!current) {
    return ErrorResponse(current.error(), ctx.request_id, errors_);
  }
  Result<std::string> fresh = fields.RequiredString("new_password", kMaxPasswordChars);
  if (!fresh) {
    return ErrorResponse(fresh.error(), ctx.request_id, errors_);
  }
  Result<auth::IssuedToken> token =
      change_.ChangePassword(*ctx.principal, *current, *fresh, ctx.meta());
  if (!token) {
    return ErrorResponse(token.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok, {{"detail", "Password changed successfully"},
                                   {"message",
                                    "Your password has been updated successfully. Please use your "
                                    "new password for future logins."},
                                   {"access_token", token->access_token},
                                   {"token_type", "bearer"}});
}

}  // namespace clockko::api
