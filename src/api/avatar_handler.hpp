#pragma once
// GET /api/users/{id}/avatar/{hash} (API.md §2.4): serves an uploaded picture without auth, with
// its stored Content-Type, nosniff, a CSP that forbids everything, and immutable caching (the URL
// names the content hash). An unknown or outdated hash is 404.
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/profile_service.hpp"
#include "http/application.hpp"

namespace clockko::api {

class AvatarHandler {
 public:
  AvatarHandler(auth::ProfileService& profiles, ErrorRenderOptions errors)
      : profiles_(profiles), errors_(errors) {}

  http::Response Get(const http::Request& req, RequestContext& ctx);

 private:
  auth::ProfileService& profiles_;
  ErrorRenderOptions errors_;
};

}  // namespace clockko::api
