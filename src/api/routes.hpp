#pragma once
// The route table of the ClockKo API: every path, method, and whether it needs a bearer token.
// The single list of endpoints (docs and tests compare against it).
#include "api/api_application.hpp"
#include "api/auth_handlers.hpp"
#include "api/avatar_handler.hpp"
#include "api/email_change_handlers.hpp"
#include "api/health_handlers.hpp"
#include "api/password_handlers.hpp"
#include "api/verification_handlers.hpp"

namespace clockko::api {

// Every handler group, owned by the caller (app/server_main.cpp).
struct Handlers {
  AuthHandlers& auth;
  AvatarHandler& avatars;
  HealthHandlers& health;
  VerificationHandlers& verification;
  PasswordHandlers& passwords;
  EmailChangeHandlers& email_change;
};

void AddRoutes(ApiApplication& app, const Handlers& handlers);

}  // namespace clockko::api
