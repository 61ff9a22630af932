#pragma once
// CorsPolicy: the CORS decisions of API.md §1.6. Allowed origins are exact `scheme://host[:port]`
// strings; an allowed Origin is reflected with credentials; `null` and unlisted origins get no
// CORS headers at all; `*` (development only) is sent literally without credentials.
// Immutable after construction; thread-safe.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/application.hpp"

namespace clockko::api {

class CorsPolicy {
 public:
  CorsPolicy(const std::vector<std::string>& allowed_origins, bool allow_any);

  bool IsAllowed(std::string_view origin) const;

  // Adds Access-Control-Allow-Origin/-Credentials, Vary and Expose-Headers to any response
  // (success or error) when `origin` is allowed; nothing otherwise.
  void Decorate(std::string_view origin, http::Response& response) const;

  // OPTIONS with Origin and Access-Control-Request-Method. Always 204; the CORS headers only for
  // an allowed origin. `requested_headers` is Access-Control-Request-Headers.
  http::Response Preflight(std::string_view origin, std::string_view requested_headers) const;

 private:
  std::set<std::string, std::less<>> origins_;
  bool allow_any_;
};

}  // namespace clockko::api
