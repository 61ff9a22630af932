#pragma once
// Health and diagnostics (API.md §12): liveness (no database or network access), readiness (the
// database answers), the CORS test. Not under the error-body convention.
#include <string>

#include "api/request_context.hpp"
#include "core/clock.hpp"
#include "http/application.hpp"
#include "store/database.hpp"

namespace clockko::api {

class HealthHandlers {
 public:
  HealthHandlers(store::Database& db, const Clock& clock, std::string version);

  http::Response Liveness(const http::Request& req, RequestContext& ctx);
  http::Response Ready(const http::Request& req, RequestContext& ctx);
  http::Response CorsTest(const http::Request& req, RequestContext& ctx);

 private:
  store::Database& db_;
  const Clock& clock_;
  std::string version_;
};

}  // namespace clockko::api
