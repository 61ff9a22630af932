#pragma once
// RequestContext: per-request data that travels with a request through api/ (never kept in
// thread-locals): request id, client IP, whether it came over TLS, and the authenticated caller.
#include <chrono>
#include <optional>
#include <string>

#include "auth/request_meta.hpp"
#include "auth/token_service.hpp"
#include "http/router.hpp"

namespace clockko::api {

struct RequestContext {
  std::string request_id;
  std::string client_ip;
  bool tls = false;
  std::string path;  // without the query string
  http::PathParams params;
  std::optional<auth::Principal> principal;  // set on bearer routes after authentication
  // The query string of the target (after '?'), raw.
  std::string query;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  auth::RequestMeta meta() const { return auth::RequestMeta{client_ip, request_id}; }
};

}  // namespace clockko::api
