#include "api/routes.hpp"

namespace clockko::api {

void AddRoutes(ApiApplication& app, AuthHandlers& auth, AvatarHandler& avatars,
               HealthHandlers& health) {
  using Route = ApiApplication::Route;
  const auto bind = [](auto* target, auto method) {
    return [target, method](const http::Request& req, RequestContext& ctx) {
      return (target->*method)(req, ctx);
    };
  };
  for (const char* path : {"/", "/health", "/healthz", "/api/health", "/api/healthz"}) {
    app.Add("GET", path, Route{bind(&health, &HealthHandlers::Liveness)});
  }
  app.Add("GET", "/health/ready", Route{bind(&health, &HealthHandlers::Ready)});
  app.Add("GET", "/api/cors-test", Route{bind(&health, &HealthHandlers::CorsTest)});

  app.Add("POST", "/api/auth/register", Route{bind(&auth, &AuthHandlers::Register)});
  app.Add("POST", "/api/auth/login", Route{bind(&auth, &AuthHandlers::Login)});
  app.Add("GET", "/api/auth/user", Route{bind(&auth, &AuthHandlers::GetUser), true});
  app.Add("PUT", "/api/auth/user", Route{bind(&auth, &AuthHandlers::PutUser), true, true});
  app.Add("POST", "/api/auth/logout", Route{bind(&auth, &AuthHandlers::Logout), true});
  app.Add("POST", "/api/auth/logout-all", Route{bind(&auth, &AuthHandlers::LogoutAll), true});
  app.Add("GET", "/api/users/{id}/avatar/{hash}", Route{bind(&avatars, &AvatarHandler::Get)});
}

}  // namespace clockko::api
