#pragma once
// Handlers of the auth core (API.md §2): register, login, GET/PUT user, logout, logout-all.
// Each parses its body, calls one service and renders the result; nothing else. Run on worker
// threads. Thread-safe (they hold only references to thread-safe services).
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/login_service.hpp"
#include "auth/profile_service.hpp"
#include "auth/registration_service.hpp"
#include "auth/token_service.hpp"
#include "http/application.hpp"

namespace clockko::api {

class AuthHandlers {
 public:
  struct Options {
    bool register_hide_existing = false;  // REGISTER_HIDE_EXISTING: one answer for every address
    int otp_expire_minutes = 5;           // shown in that answer
  };

  AuthHandlers(auth::RegistrationService& registration, auth::LoginService& login,
               auth::TokenService& tokens, auth::ProfileService& profiles,
               ErrorRenderOptions errors, Options options);

  http::Response Register(const http::Request& req, RequestContext& ctx);
  http::Response Login(const http::Request& req, RequestContext& ctx);
  // REQUIRES (all below): ctx.principal set by the bearer check.
  http::Response GetUser(const http::Request& req, RequestContext& ctx);
  http::Response PutUser(const http::Request& req, RequestContext& ctx);
  http::Response Logout(const http::Request& req, RequestContext& ctx);
  http::Response LogoutAll(const http::Request& req, RequestContext& ctx);

 private:
  http::Response Error(const clockko::Error& error, const RequestContext& ctx) const;

  auth::RegistrationService& registration_;
  auth::LoginService& login_;
  auth::TokenService& tokens_;
  auth::ProfileService& profiles_;
  ErrorRenderOptions errors_;
  Options options_;
};

}  // namespace clockko::api
