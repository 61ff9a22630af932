#include "api/email_change_handlers.hpp"

#include "api/body_fields.hpp"
#include "api/json_body.hpp"
#include "api/json_response.hpp"
#include "api/query_params.hpp"
#include "core/email.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;
constexpr std::size_t kMaxPasswordChars = 1024;

// The optional `password` of "bearer + recent auth" endpoints (API.md §1.9).
Result<std::optional<std::string>> OptionalPassword(const BodyFields& fields) {
  Result<FieldValue<std::string>> password = fields.String("password", kMaxPasswordChars);
  if (!password) {
    return Forward(std::move(password.error()));
  }
  if (!password->set()) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(std::move(password->value));
}

}  // namespace

EmailChangeHandlers::EmailChangeHandlers(auth::EmailChangeService& service, int otp_expire_minutes,
                                         ErrorRenderOptions errors)
    : service_(service), otp_expire_minutes_(otp_expire_minutes), errors_(errors) {}

http::Response EmailChangeHandlers::CheckEmail(const http::Request&, RequestContext& ctx) {
  const std::optional<std::string> value = QueryParam(ctx.query, "email");
  if (!value) {
    return ErrorResponse(FieldError("email", "field required").value(), ctx.request_id, errors_);
  }
  Result<Email> email = Email::Parse(*value);
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  std::optional<std::string> user_id;
  if (ctx.principal) {
    user_id = ctx.principal->user.id;
  }
  if (Result<> r = service_.CheckAvailable(*email, user_id, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok, {{"detail", "Email is available"}});
}

http::Response EmailChangeHandlers::SendEmailVerification(const http::Request& req,
                                                          RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  const BodyFields fields(*body);
  Result<Email> email = RequiredEmail(fields, "new_email");
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  Result<std::optional<std::string>> password = OptionalPassword(fields);
  if (!password) {
    return ErrorResponse(password.error(), ctx.request_id, errors_);
  }
  if (Result<> r = service_.SendCode(*ctx.principal, *email, *password, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(
      Status::ok, {{"detail", "Verification code sent successfully"},
                   {"message", "A 6-digit verification code has been sent to " + email->value() +
                                   ". It will expire in " + std::to_string(otp_expire_minutes_) +
                                   " minutes."}});
}

http::Response EmailChangeHandlers::ChangeEmail(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  const BodyFields fields(*body);
  Result<Email> email = RequiredEmail(fields, "new_email");
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  Result<std::string> code = fields.RequiredString("verification_code");
  if (!code) {
    return ErrorResponse(code.error(), ctx.request_id, errors_);
  }
  Result<std::optional<std::string>> password = OptionalPassword(fields);
  if (!password) {
    return ErrorResponse(password.error(), ctx.request_id, errors_);
  }
  Result<auth::IssuedToken> token =
      service_.ChangeEmail(*ctx.principal, *email, *code, *password, ctx.meta());
  if (!token) {
    return ErrorResponse(token.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok,
                      {{"detail", "Email address changed successfully"},
                       {"message", "Your email has been successfully changed to " + email->value()},
                       {"access_token", token->access_token},
                       {"token_type", "bearer"}});
}

}  // namespace clockko::api
