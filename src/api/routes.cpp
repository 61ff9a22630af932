#include "api/routes.hpp"

namespace clockko::api {
namespace {

using Route = ApiApplication::Route;

template <typename Group>
ApiApplication::Handler Bind(Group& group, http::Response (Group::*method)(const http::Request&,
                                                                           RequestContext&)) {
  return [&group, method](const http::Request& req, RequestContext& ctx) {
    return (group.*method)(req, ctx);
  };
}

}  // namespace

// `slow` marks the routes that hash a password (bcrypt): they queue on their own pool, so a
// burst of logins never delays the cheap requests.
void AddRoutes(ApiApplication& app, const Handlers& h) {
  for (const char* path : {"/", "/health", "/healthz", "/api/health", "/api/healthz"}) {
    app.Add("GET", path, Route{.handle = Bind(h.health, &HealthHandlers::Liveness)});
  }
  app.Add("GET", "/health/ready", Route{.handle = Bind(h.health, &HealthHandlers::Ready)});
  app.Add("GET", "/api/cors-test", Route{.handle = Bind(h.health, &HealthHandlers::CorsTest)});

  // §2 auth core
  app.Add("POST", "/api/auth/register",
          Route{.handle = Bind(h.auth, &AuthHandlers::Register), .slow = true});
  app.Add("POST", "/api/auth/login",
          Route{.handle = Bind(h.auth, &AuthHandlers::Login), .slow = true});
  app.Add("GET", "/api/auth/user",
          Route{.handle = Bind(h.auth, &AuthHandlers::GetUser), .requires_auth = true});
  app.Add("PUT", "/api/auth/user",
          Route{.handle = Bind(h.auth, &AuthHandlers::PutUser),
                .requires_auth = true,
                .avatar_body = true});
  app.Add("POST", "/api/auth/logout",
          Route{.handle = Bind(h.auth, &AuthHandlers::Logout), .requires_auth = true});
  app.Add("POST", "/api/auth/logout-all",
          Route{.handle = Bind(h.auth, &AuthHandlers::LogoutAll), .requires_auth = true});
  app.Add("GET", "/api/users/{id}/avatar/{hash}",
          Route{.handle = Bind(h.avatars, &AvatarHandler::Get)});

  // §3 e-mail verification
  app.Add("POST", "/api/auth/send-verification-email",
          Route{.handle = Bind(h.verification, &VerificationHandlers::SendVerificationEmail)});
  app.Add("POST", "/api/auth/verify-email",
          Route{.handle = Bind(h.verification, &VerificationHandlers::VerifyEmail)});
  app.Add("GET", "/api/auth/verify-email",
          Route{.handle = Bind(h.verification, &VerificationHandlers::VerifyEmailLink)});

  // §4 password reset, §5 recent auth and password change
  app.Add("POST", "/api/auth/forgot-password",
          Route{.handle = Bind(h.passwords, &PasswordHandlers::ForgotPassword)});
  app.Add("POST", "/api/auth/reset-password",
          Route{.handle = Bind(h.passwords, &PasswordHandlers::ResetPassword), .slow = true});
  app.Add("POST", "/api/auth/verify-password",
          Route{.handle = Bind(h.passwords, &PasswordHandlers::VerifyPassword),
                .requires_auth = true,
                .slow = true});
  app.Add("POST", "/api/auth/change-password",
          Route{.handle = Bind(h.passwords, &PasswordHandlers::ChangePassword),
                .requires_auth = true,
                .slow = true});

  // §6 e-mail change (check-email: a valid token, if sent, adds a per-user limit)
  app.Add("GET", "/api/auth/check-email",
          Route{.handle = Bind(h.email_change, &EmailChangeHandlers::CheckEmail),
                .optional_auth = true});
  app.Add("POST", "/api/auth/send-email-verification",
          Route{.handle = Bind(h.email_change, &EmailChangeHandlers::SendEmailVerification),
                .requires_auth = true,
                .slow = true});
  app.Add("POST", "/api/auth/change-email",
          Route{.handle = Bind(h.email_change, &EmailChangeHandlers::ChangeEmail),
                .requires_auth = true,
                .slow = true});
}

}  // namespace clockko::api
