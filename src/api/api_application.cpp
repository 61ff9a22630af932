#include "api/api_application.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "api/json_response.hpp"
#include "core/log_safe.hpp"
#include "core/text.hpp"

namespace clockko::api {
namespace {

namespace bhttp = boost::beast::http;
using Status = bhttp::status;

constexpr std::size_t kMaxRequestIdLength = 128;

// HEAD is routed like GET (the body is dropped when the response is finished).
std::string_view RoutingMethod(const http::RequestHeader& header) {
  if (header.method() == bhttp::verb::head) {
    return "GET";
  }
  const auto method = header.method_string();
  return {method.data(), method.size()};
}

bool IsJsonContentType(std::string_view value) {
  constexpr std::string_view kJson = "application/json";
  return EqualsIgnoreAsciiCase(value.substr(0, kJson.size()), kJson) &&
         (value.size() == kJson.size() || value[kJson.size()] == ';' || value[kJson.size()] == ' ');
}

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string_view Field(const http::RequestHeader& header, bhttp::field f) {
  const auto v = header[f];
  return {v.data(), v.size()};
}

std::string_view Field(const http::RequestHeader& header, std::string_view name) {
  const auto v = header[name];
  return {v.data(), v.size()};
}

// An incoming X-Request-ID is echoed only when it is 1–128 characters of [A-Za-z0-9-_.:].
bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdLength) {
    return false;
  }
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "Bearer <token>" with the scheme compared case-insensitively; empty when absent or another
// scheme.
std::string_view BearerToken(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer";
  if (authorization.size() <= kScheme.size() || authorization[kScheme.size()] != ' ') {
    return {};
  }
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return {};
    }
  }
  std::string_view token = authorization.substr(kScheme.size() + 1);
  while (!token.empty() && token.front() == ' ') {
    token.remove_prefix(1);
  }
  while (!token.empty() && token.back() == ' ') {
    token.remove_suffix(1);
  }
  return token;
}

}  // namespace

ApiApplication::ApiApplication(ApiOptions options, const CorsPolicy& cors,
                               const http::TrustedProxies& proxies, auth::TokenService& tokens,
                               Random& random)
    : options_(std::move(options)),
      cors_(cors),
      proxies_(proxies),
      tokens_(tokens),
      random_(random) {}

void ApiApplication::Add(std::string_view method, std::string_view pattern, Route route) {
  router_.Add(method, pattern, std::move(route));
}

const ApiApplication::Route* ApiApplication::RouteFor(const http::RequestHeader& header) const {
  const std::string_view target(header.target().data(), header.target().size());
  const auto match = router_.Match(RoutingMethod(header), PathOf(target));
  return match.found() ? match.handler : nullptr;
}

std::size_t ApiApplication::BodyLimit(const http::RequestHeader& header) const {
  const Route* route = RouteFor(header);
  return route != nullptr && route->avatar_body ? options_.avatar_max_body_bytes
                                                : options_.max_body_bytes;
}

http::Lane ApiApplication::LaneFor(const http::RequestHeader& header) const {
  const Route* route = RouteFor(header);
  return route != nullptr && route->slow ? http::Lane::kSlow : http::Lane::kDefault;
}

RequestContext ApiApplication::MakeContext(const http::RequestHeader& header,
                                           const http::ConnectionInfo& conn) {
  RequestContext ctx;
  const std::string_view incoming_id = Field(header, "X-Request-ID");
  ctx.request_id = IsAcceptableRequestId(incoming_id) ? std::string(incoming_id) : random_.Hex(16);
  ctx.client_ip = proxies_.ClientIp(conn.peer_ip, Field(header, "X-Forwarded-For"));
  const bool forwarded_https =
      proxies_.IsTrusted(conn.peer_ip) && Field(header, "X-Forwarded-Proto") == "https";
  ctx.tls = conn.tls || forwarded_https;
  const std::string_view target(header.target().data(), header.target().size());
  ctx.path = std::string(PathOf(target));
  if (const auto q = target.find('?'); q != std::string_view::npos) {
    ctx.query = std::string(target.substr(q + 1));
  }
  return ctx;
}

http::Response ApiApplication::Handle(http::Request& request, const http::ConnectionInfo& conn) {
  RequestContext ctx = MakeContext(request.base(), conn);
  http::Response response = Dispatch(request, ctx);
  Finish(response, request.base(), ctx);
  if (request.method() == bhttp::verb::head) {
    response.body().clear();  // Content-Length stays: it describes what GET would send
  }
  return response;
}

http::Response ApiApplication::Dispatch(http::Request& request, RequestContext& ctx) {
  if (request.method() == bhttp::verb::options) {
    return Options(request, ctx);
  }
  auto match = router_.Match(RoutingMethod(request.base()), ctx.path);
  if (match.status == http::MatchStatus::kNotFound) {
    return ErrorResponse(clockko::Error{Errc::kNotFound, "not_found", "Not Found", ""},
                         ctx.request_id, options_.errors);
  }
  if (match.status == http::MatchStatus::kMethodNotAllowed) {
    http::Response res = ErrorResponse(
        clockko::Error{Errc::kInvalidArgument, "method_not_allowed", "Method Not Allowed", ""},
        ctx.request_id, options_.errors);
    std::vector<std::string> allowed = match.allowed;
    allowed.push_back("OPTIONS");
    res.set(bhttp::field::allow, JoinStrings(allowed, ", "));
    return res;
  }
  // API.md §1.1: a body needs Content-Type: application/json on every route, also where the
  // handler ignores the body.
  if (!request.body().empty() &&
      !IsJsonContentType(Field(request.base(), bhttp::field::content_type))) {
    return ErrorResponse(clockko::Error{Errc::kInvalidArgument, "unsupported_media_type",
                                        "Content-Type must be application/json", ""},
                         ctx.request_id, options_.errors);
  }
  ctx.params = std::move(match.params);
  const Route& route = *match.handler;
  if (route.requires_auth || route.optional_auth) {
    std::string_view token = BearerToken(Field(request.base(), bhttp::field::authorization));
    if (token.empty() && options_.trust_aws_remapped_auth) {
      token = BearerToken(Field(request.base(), "x-amzn-remapped-authorization"));
    }
    if (route.optional_auth) {
      if (!token.empty()) {
        Result<auth::Principal> principal = tokens_.Authenticate(token, ctx.meta());
        if (principal) {
          ctx.principal = std::move(*principal);
        }
      }
      return route.handle(request, ctx);
    }
    if (token.empty()) {
      return ErrorResponse(
          clockko::Error{Errc::kUnauthenticated, "not_authenticated", "Not authenticated", ""},
          ctx.request_id, options_.errors);
    }
    Result<auth::Principal> principal = tokens_.Authenticate(token, ctx.meta());
    if (!principal) {
      return ErrorResponse(principal.error(), ctx.request_id, options_.errors);
    }
    ctx.principal = std::move(*principal);
  }
  return route.handle(request, ctx);
}

http::Response ApiApplication::Options(const http::Request& request, RequestContext& ctx) {
  const std::string_view origin = Field(request.base(), bhttp::field::origin);
  const std::string_view requested_method =
      Field(request.base(), bhttp::field::access_control_request_method);
  if (!origin.empty() && !requested_method.empty()) {
    // A CORS preflight: always 204; CORS headers only for an allowed origin.
    return cors_.Preflight(origin,
                           Field(request.base(), bhttp::field::access_control_request_headers));
  }
  std::vector<std::string> allowed = router_.AllowedMethods(ctx.path);
  if (allowed.empty()) {
    return ErrorResponse(clockko::Error{Errc::kNotFound, "not_found", "Not Found", ""},
                         ctx.request_id, options_.errors);
  }
  allowed.push_back("OPTIONS");
  http::Response res = EmptyResponse(Status::no_content);
  res.set(bhttp::field::allow, JoinStrings(allowed, ", "));
  return res;
}

http::Response ApiApplication::Reject(http::Rejection why, const http::RequestHeader& header,
                                      const http::ConnectionInfo& conn) {
  RequestContext ctx = MakeContext(header, conn);
  clockko::Error error;
  switch (why) {
    case http::Rejection::kBadRequest:
      error = {Errc::kInvalidArgument, "bad_request", "Bad Request", ""};
      break;
    case http::Rejection::kBodyTooLarge:
      error = {Errc::kInvalidArgument, "payload_too_large", "Request body too large", ""};
      break;
    case http::Rejection::kHeadersTooLarge:
      error = {Errc::kInvalidArgument, "headers_too_large", "Request header fields too large", ""};
      break;
    case http::Rejection::kServerBusy:
      error = {Errc::kUnavailable, "server_busy", "Server busy", ""};
      break;
    case http::Rejection::kShuttingDown:
      error = {Errc::kUnavailable, "service_unavailable", "Server shutting down", ""};
      break;
  }
  http::Response res = ErrorResponse(error, ctx.request_id, options_.errors);
  if (why == http::Rejection::kBadRequest) {
    res.result(Status::bad_request);
  } else if (why == http::Rejection::kHeadersTooLarge) {
    res.result(Status::request_header_fields_too_large);
  }
  Finish(res, header, ctx);
  return res;
}

http::Response ApiApplication::InternalError(const http::RequestHeader& header,
                                             const http::ConnectionInfo& conn) {
  RequestContext ctx = MakeContext(header, conn);
  http::Response res = ErrorResponse(
      clockko::Error{Errc::kInternal, "internal_error", "", "exception escaped a handler"},
      ctx.request_id, options_.errors);
  Finish(res, header, ctx);
  return res;
}

void ApiApplication::Finish(http::Response& res, const http::RequestHeader& header,
                            const RequestContext& ctx) const {
  res.set("X-Request-ID", ctx.request_id);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  if (res["Content-Security-Policy"].empty()) {
    res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
  if (StartsWith(ctx.path, "/api/auth/") || StartsWith(ctx.path, "/api/users/")) {
    if (res[bhttp::field::cache_control].empty()) {
      res.set(bhttp::field::cache_control, "no-store");
    }
  }
  if (ctx.tls) {
    res.set(bhttp::field::strict_transport_security, "max-age=31536000");
  }
  cors_.Decorate(Field(header, bhttp::field::origin), res);

  const auto elapsed = std::chrono::steady_clock::now() - ctx.started;
  const auto method = header.method_string();
  spdlog::info("request method={} path={} status={} duration_ms={:.1f} request_id={} ip={}",
               EscapeForLog(std::string_view(method.data(), method.size())), EscapeForLog(ctx.path),
               res.result_int(), std::chrono::duration<double, std::milli>(elapsed).count(),
               EscapeForLog(ctx.request_id), EscapeForLog(ctx.client_ip));
}

}  // namespace clockko::api
