#include "api/verification_handlers.hpp"

#include "api/body_fields.hpp"
#include "api/json_body.hpp"
#include "api/json_response.hpp"
#include "api/query_params.hpp"
#include "core/email.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;

}  // namespace

VerificationHandlers::VerificationHandlers(auth::VerificationService& verification,
                                           const auth::Links& links, int otp_expire_minutes,
                                           ErrorRenderOptions errors)
    : verification_(verification),
      links_(links),
      otp_expire_minutes_(otp_expire_minutes),
      errors_(errors) {}

http::Response VerificationHandlers::SendVerificationEmail(const http::Request& req,
                                                           RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  Result<Email> email = RequiredEmail(BodyFields(*body));
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  if (Result<> r = verification_.SendVerificationEmail(*email, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok,
                      {{"detail", "Verification email sent successfully"},
                       {"message",
                        "If an unverified account exists for this address, a 6-digit code has been "
                        "sent. It expires in " +
                            std::to_string(otp_expire_minutes_) + " minutes."}});
}

http::Response VerificationHandlers::VerifyEmail(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return ErrorResponse(body.error(), ctx.request_id, errors_);
  }
  const BodyFields fields(*body);
  Result<Email> email = RequiredEmail(fields);
  if (!email) {
    return ErrorResponse(email.error(), ctx.request_id, errors_);
  }
  Result<std::string> otp = fields.RequiredString("otp");
  if (!otp) {
    return ErrorResponse(otp.error(), ctx.request_id, errors_);
  }
  if (Result<> r = verification_.VerifyEmail(*email, *otp, ctx.meta()); !r) {
    return ErrorResponse(r.error(), ctx.request_id, errors_);
  }
  return JsonResponse(Status::ok,
                      {{"detail", "Email verified successfully!"},
                       {"message", "Your account has been verified. You can now log in."}});
}

http::Response VerificationHandlers::VerifyEmailLink(const http::Request&, RequestContext& ctx) {
  const std::string token = QueryParam(ctx.query, "token").value_or("");
  Result<auth::LinkOutcome> outcome = verification_.VerifyLink(token, ctx.meta());
  if (!outcome) {
    // Limits answer in JSON (429); anything else unexpected is a 5xx like everywhere.
    return ErrorResponse(outcome.error(), ctx.request_id, errors_);
  }
  switch (*outcome) {
    case auth::LinkOutcome::kVerified:
      return RedirectResponse(links_.Frontend("/signin?verified=true"));
    case auth::LinkOutcome::kExpired:
      return RedirectResponse(links_.Frontend("/signin?verified=false&reason=expired"));
    case auth::LinkOutcome::kInvalid:
      break;
  }
  return RedirectResponse(links_.Frontend("/signin?verified=false&reason=invalid"));
}

}  // namespace clockko::api
