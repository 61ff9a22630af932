#include "api/auth_handlers.hpp"

#include "api/body_fields.hpp"
#include "api/json_body.hpp"
#include "api/json_response.hpp"
#include "api/user_dto.hpp"
#include "core/email.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;

// Login passwords are not policy-checked (old accounts may predate the policy), only bounded.
constexpr std::size_t kMaxLoginPasswordBytes = 1024;

}  // namespace

AuthHandlers::AuthHandlers(auth::RegistrationService& registration, auth::LoginService& login,
                           auth::TokenService& tokens, auth::ProfileService& profiles,
                           ErrorRenderOptions errors, Options options)
    : registration_(registration),
      login_(login),
      tokens_(tokens),
      profiles_(profiles),
      errors_(errors),
      options_(options) {}

http::Response AuthHandlers::Error(const clockko::Error& error, const RequestContext& ctx) const {
  return ErrorResponse(error, ctx.request_id, errors_);
}

http::Response AuthHandlers::Register(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return Error(body.error(), ctx);
  }
  const BodyFields fields(*body);
  Result<std::string> name = fields.RequiredString("name");
  if (!name) {
    return Error(name.error(), ctx);
  }
  Result<Email> email = RequiredEmail(fields);
  if (!email) {
    return Error(email.error(), ctx);
  }
  Result<std::string> password = fields.RequiredString("password");
  if (!password) {
    return Error(password.error(), ctx);
  }
  Result<auth::RegistrationResult> result = registration_.Register(
      auth::RegisterRequest{std::move(*name), std::move(*email), std::move(*password)}, ctx.meta());
  if (!result) {
    return Error(result.error(), ctx);
  }
  if (options_.register_hide_existing) {
    // The same answer whether the address was new or taken (API.md §2.1).
    return JsonResponse(Status::ok,
                        {{"detail", "Registration received"},
                         {"message",
                          "If this address can be used, a 6-digit verification code "
                          "has been sent to it. It expires in " +
                              std::to_string(options_.otp_expire_minutes) + " minutes."}});
  }
  return JsonResponse(Status::ok, UserResponse(*result->user));
}

http::Response AuthHandlers::Login(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return Error(body.error(), ctx);
  }
  const BodyFields fields(*body);
  Result<Email> email = RequiredEmail(fields);
  if (!email) {
    return Error(email.error(), ctx);
  }
  Result<std::string> password = fields.RequiredString("password", kMaxLoginPasswordBytes);
  if (!password) {
    return Error(password.error(), ctx);
  }
  if (password->empty() || password->size() > kMaxLoginPasswordBytes) {
    return Error(FieldError("password", "must be 1 to 1024 bytes").value(), ctx);
  }
  Result<auth::IssuedToken> token = login_.Login(*email, *password, ctx.meta());
  if (!token) {
    return Error(token.error(), ctx);
  }
  return JsonResponse(Status::ok,
                      {{"access_token", token->access_token}, {"token_type", "bearer"}});
}

http::Response AuthHandlers::GetUser(const http::Request&, RequestContext& ctx) {
  return JsonResponse(Status::ok, UserResponse(ctx.principal->user));
}

http::Response AuthHandlers::PutUser(const http::Request& req, RequestContext& ctx) {
  Result<boost::json::object> body = ParseJsonObject(req);
  if (!body) {
    return Error(body.error(), ctx);
  }
  const BodyFields fields(*body);
  auth::ProfileUpdate update;
  Result<FieldValue<std::string>> name = fields.String("name");
  if (!name) {
    return Error(name.error(), ctx);
  }
  if (name->set()) {
    update.name = name->value;
  }
  Result<FieldValue<std::string>> phone = fields.String("phone_number");
  if (!phone) {
    return Error(phone.error(), ctx);
  }
  if (phone->set()) {
    update.phone_number = phone->value;
  }
  // avatar_url may be a data: URL of several MiB (AVATAR_MAX_BODY_BYTES bounds the body).
  Result<FieldValue<std::string>> avatar = fields.String("avatar_url", SIZE_MAX);
  if (!avatar) {
    return Error(avatar.error(), ctx);
  }
  if (avatar->is_null()) {
    update.avatar_url.emplace(std::nullopt);
  } else if (avatar->set()) {
    update.avatar_url.emplace(avatar->value);
  }
  Result<store::UserRecord> user = profiles_.Update(ctx.principal->user.id, update, ctx.meta());
  if (!user) {
    return Error(user.error(), ctx);
  }
  return JsonResponse(Status::ok, UserResponse(*user));
}

http::Response AuthHandlers::Logout(const http::Request&, RequestContext& ctx) {
  if (Result<> r = tokens_.Logout(*ctx.principal, ctx.meta()); !r) {
    return Error(r.error(), ctx);
  }
  return EmptyResponse(Status::no_content);
}

http::Response AuthHandlers::LogoutAll(const http::Request&, RequestContext& ctx) {
  if (Result<> r = tokens_.LogoutAll(*ctx.principal, ctx.meta()); !r) {
    return Error(r.error(), ctx);
  }
  return EmptyResponse(Status::no_content);
}

}  // namespace clockko::api
