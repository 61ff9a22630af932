#include "api/health_handlers.hpp"

#include <spdlog/spdlog.h>

#include "api/json_response.hpp"
#include "core/encoding.hpp"
#include "core/log_safe.hpp"

namespace clockko::api {
namespace {

using Status = boost::beast::http::status;
constexpr std::size_t kMaxEchoedOrigin = 256;

}  // namespace

HealthHandlers::HealthHandlers(store::Database& db, const Clock& clock, std::string version)
    : db_(db), clock_(clock), version_(std::move(version)) {}

http::Response HealthHandlers::Liveness(const http::Request&, RequestContext&) {
  return JsonResponse(Status::ok,
                      {{"status", "ok"}, {"service", "clockko-api"}, {"version", version_}});
}

http::Response HealthHandlers::Ready(const http::Request&, RequestContext& ctx) {
  Result<> db = db_.Ping();
  if (!db) {
    spdlog::error("readiness: database check failed [request_id={}]: {}",
                  EscapeForLog(ctx.request_id), EscapeForLog(db.error().detail));
    return JsonResponse(Status::service_unavailable,
                        {{"status", "unavailable"}, {"checks", {{"database", "error"}}}});
  }
  return JsonResponse(Status::ok, {{"status", "ok"}, {"checks", {{"database", "ok"}}}});
}

http::Response HealthHandlers::CorsTest(const http::Request& req, RequestContext&) {
  const auto origin_field = req[boost::beast::http::field::origin];
  std::string origin(origin_field.data(), origin_field.size());
  if (origin.empty()) {
    origin = "No Origin";
  } else if (origin.size() > kMaxEchoedOrigin || !IsValidUtf8(origin)) {
    origin = origin.substr(0, kMaxEchoedOrigin);
    if (!IsValidUtf8(origin)) {
      origin = "Invalid Origin";
    }
  }
  return JsonResponse(Status::ok, {{"message", "CORS test successful"},
                                   {"origin", origin},
                                   {"timestamp", clock_.Now().ToIso8601()}});
}

}  // namespace clockko::api
