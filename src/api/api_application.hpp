#pragma once
// ApiApplication: the http::Application of the ClockKo API. Owns the route table and runs the
// per-request middleware in order: request id → client IP (TRUSTED_PROXIES) → CORS preflight →
// route (404/405; HEAD is answered like GET without a body) → 415 for a body that is not JSON →
// bearer authentication on protected routes → handler; then, on every response
// (handler, error or transport rejection): security headers, X-Request-ID, Cache-Control,
// HSTS over TLS, CORS headers for an allowed origin, and one access-log line.
// Thread-safe once routes are added: Handle() runs concurrently on worker threads.
#include <cstddef>
#include <functional>
#include <string>

#include "api/cors_policy.hpp"
#include "api/error_response.hpp"
#include "api/request_context.hpp"
#include "auth/token_service.hpp"
#include "core/random.hpp"
#include "http/application.hpp"
#include "http/client_ip.hpp"
#include "http/router.hpp"

namespace clockko::api {

struct ApiOptions {
  std::size_t max_body_bytes = 1048576;         // MAX_BODY_BYTES
  std::size_t avatar_max_body_bytes = 8388608;  // AVATAR_MAX_BODY_BYTES (routes with avatar_body)
  bool trust_aws_remapped_auth = false;         // TRUST_AWS_REMAPPED_AUTH
  ErrorRenderOptions errors;
};

class ApiApplication final : public http::Application {
 public:
  using Handler = std::function<http::Response(const http::Request&, RequestContext&)>;
  struct Route {
    Handler handle;
    bool requires_auth = false;  // bearer token checked before the handler runs
    bool avatar_body = false;    // body limit AVATAR_MAX_BODY_BYTES instead of MAX_BODY_BYTES
    bool optional_auth = false;  // a valid bearer token sets ctx.principal; a bad one is ignored
    bool slow = false;           // hashes a password: runs on the slow lane's own pool
  };

  ApiApplication(ApiOptions options, const CorsPolicy& cors, const http::TrustedProxies& proxies,
                 auth::TokenService& tokens, Random& random);

  // Startup only (not thread-safe).
  void Add(std::string_view method, std::string_view pattern, Route route);

  std::size_t BodyLimit(const http::RequestHeader& header) const override;
  http::Lane LaneFor(const http::RequestHeader& header) const override;
  http::Response Handle(http::Request& request, const http::ConnectionInfo& conn) override;
  http::Response Reject(http::Rejection why, const http::RequestHeader& header,
                        const http::ConnectionInfo& conn) override;
  http::Response InternalError(const http::RequestHeader& header,
                               const http::ConnectionInfo& conn) override;

 private:
  const Route* RouteFor(const http::RequestHeader& header) const;
  RequestContext MakeContext(const http::RequestHeader& header, const http::ConnectionInfo& conn);
  http::Response Dispatch(http::Request& request, RequestContext& ctx);
  http::Response Options(const http::Request& request, RequestContext& ctx);
  // Security headers, request id, CORS, HSTS; then the access-log line.
  void Finish(http::Response& response, const http::RequestHeader& header,
              const RequestContext& ctx) const;

  ApiOptions options_;
  const CorsPolicy& cors_;
  const http::TrustedProxies& proxies_;
  auth::TokenService& tokens_;
  Random& random_;
  http::Router<Route> router_;
};

}  // namespace clockko::api
