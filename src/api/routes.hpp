#pragma once
// The route table of the ClockKo API: every path, method, and whether it needs a bearer token.
// The single list of endpoints (docs and tests compare against it).
#include "api/api_application.hpp"
#include "api/auth_handlers.hpp"
#include "api/avatar_handler.hpp"
#include "api/health_handlers.hpp"

namespace clockko::api {

void AddRoutes(ApiApplication& app, AuthHandlers& auth, AvatarHandler& avatars,
               HealthHandlers& health);

}  // namespace clockko::api
