#include "api/cors_policy.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace clockko::api {
namespace {

namespace bhttp = boost::beast::http;

constexpr std::string_view kAllowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr std::string_view kExposeHeaders = "X-Request-ID, Retry-After";
// Extra request headers a preflight may ask for, besides Authorization and Content-Type.
constexpr std::string_view kOptionalHeaders[] = {"Accept", "Accept-Language", "X-Request-ID",
                                                 "X-Requested-With"};

std::string AllowedHeaders(std::string_view requested) {
  std::string out = "Authorization, Content-Type";
  std::vector<std::string_view> added;
  while (!requested.empty()) {
    const auto comma = requested.find(',');
    const std::string_view name = TrimAscii(requested.substr(0, comma));
    requested = comma == std::string_view::npos ? std::string_view{} : requested.substr(comma + 1);
    for (std::string_view allowed : kOptionalHeaders) {
      if (EqualsIgnoreAsciiCase(name, allowed) &&
          std::find(added.begin(), added.end(), allowed) == added.end()) {
        added.push_back(allowed);
        out += ", ";
        out += allowed;
      }
    }
  }
  return out;
}

}  // namespace

CorsPolicy::CorsPolicy(const std::vector<std::string>& allowed_origins, bool allow_any)
    : origins_(allowed_origins.begin(), allowed_origins.end()), allow_any_(allow_any) {}

bool CorsPolicy::IsAllowed(std::string_view origin) const {
  if (origin.empty() || origin == "null") {
    return false;
  }
  return allow_any_ || origins_.find(origin) != origins_.end();
}

void CorsPolicy::Decorate(std::string_view origin, http::Response& response) const {
  // Caches must keep answers for different origins apart, allowed or not.
  response.set(bhttp::field::vary, "Origin");
  if (!IsAllowed(origin)) {
    return;
  }
  if (origins_.find(origin) != origins_.end()) {
    response.set(bhttp::field::access_control_allow_origin, origin);
    response.set(bhttp::field::access_control_allow_credentials, "true");
  } else {
    response.set(bhttp::field::access_control_allow_origin, "*");  // development `*`
  }
  response.set(bhttp::field::access_control_expose_headers, kExposeHeaders);
}

http::Response CorsPolicy::Preflight(std::string_view origin,
                                     std::string_view requested_headers) const {
  http::Response res{bhttp::status::no_content, 11};
  if (IsAllowed(origin)) {
    Decorate(origin, res);
    res.set(bhttp::field::access_control_allow_methods, kAllowMethods);
    res.set(bhttp::field::access_control_allow_headers, AllowedHeaders(requested_headers));
    res.set(bhttp::field::access_control_max_age, "600");
  }
  return res;
}

}  // namespace clockko::api
