#include "app/server_main.hpp"

#include <spdlog/spdlog.h>

#include <system_error>

#include "api/api_application.hpp"
#include "api/cors_policy.hpp"
#include "api/health_handlers.hpp"
#include "api/routes.hpp"
#include "app/maintenance.hpp"
#include "app/wiring.hpp"
#include "core/log_safe.hpp"
#include "http/client_ip.hpp"
#include "http/server.hpp"

#ifndef CLOCKKO_VERSION
#define CLOCKKO_VERSION "0.0.0"
#endif

namespace clockko::app {

int RunServer(const config::Settings& settings) {
  Result<std::unique_ptr<Core>> built = BuildCore(settings, /*migrate=*/true);
  if (!built) {
    spdlog::critical("startup failed: {}", EscapeForLog(built.error().detail));
    return 1;
  }
  Core& core = **built;
  const config::Settings& s = core.settings;

  Result<http::TrustedProxies> proxies = http::TrustedProxies::Parse(s.http.trusted_proxies);
  if (!proxies) {
    spdlog::critical("TRUSTED_PROXIES: {}", EscapeForLog(proxies.error().public_message));
    return 1;
  }
  const api::CorsPolicy cors(s.http.cors_allowed_origins, s.http.cors_allow_any);
  api::ApiOptions api_options;
  api_options.max_body_bytes = s.http.max_body_bytes;
  api_options.avatar_max_body_bytes = s.http.avatar_max_body_bytes;
  api_options.trust_aws_remapped_auth = s.http.trust_aws_remapped_auth;
  api_options.errors.debug = s.development() && s.debug;
  api::ApiApplication application(api_options, cors, *proxies, *core.tokens, core.random);
  api::AuthHandlers auth_handlers(
      *core.registration, *core.login, *core.tokens, *core.profiles, api_options.errors,
      api::AuthHandlers::Options{s.auth.register_hide_existing, s.otp.expire_minutes});
  api::AvatarHandler avatar_handler(*core.profiles, api_options.errors);
  api::HealthHandlers health_handlers(*core.db, core.clock, CLOCKKO_VERSION);
  api::VerificationHandlers verification_handlers(*core.verification, *core.links,
                                                  s.otp.expire_minutes, api_options.errors);
  api::PasswordHandlers password_handlers(*core.password_reset, *core.reauth, *core.password_change,
                                          api_options.errors);
  api::EmailChangeHandlers email_change_handlers(*core.email_change, s.otp.expire_minutes,
                                                 api_options.errors);
  api::AddRoutes(application,
                 api::Handlers{auth_handlers, avatar_handler, health_handlers,
                               verification_handlers, password_handlers, email_change_handlers});

  http::ServerOptions options;
  options.host = s.http.host;
  options.port = s.http.port;
  options.io_threads = s.http.io_threads;
  options.worker_threads = s.http.worker_threads;
  options.slow_worker_threads = s.http.worker_threads;  // password hashing gets its own pool
  options.queue_per_worker = static_cast<std::size_t>(s.http.queue_per_worker);
  options.max_header_bytes = s.http.max_header_bytes;
  options.read_timeout = std::chrono::seconds(s.http.read_timeout_seconds);
  options.idle_timeout = std::chrono::seconds(s.http.idle_timeout_seconds);
  options.max_connections = s.http.max_connections;
  options.shutdown_timeout = std::chrono::seconds(s.http.shutdown_timeout_seconds);
  http::Server server(options, application);
  std::uint16_t port = 0;
  try {
    port = server.Start();
  } catch (const std::system_error& e) {
    spdlog::critical("cannot listen on {}:{}: {}", s.http.host, s.http.port, e.code().message());
    return 1;
  } catch (const std::exception& e) {
    spdlog::critical("cannot listen on {}:{}: {}", s.http.host, s.http.port, e.what());
    return 1;
  }
  core.outbox->Start();
  Maintenance maintenance(*core.db, core.clock, std::chrono::minutes(10));
  maintenance.Start();
  spdlog::info("clockko {} listening on http://{}:{} (APP_ENV={}, data in {})", CLOCKKO_VERSION,
               s.http.host, port, s.development() ? "development" : "production", s.data_dir);
  if (s.jwt.generated_dev_key) {
    spdlog::warn("using a generated development JWT key kept in DATA_DIR (never in production)");
  }
  server.Run();
  maintenance.Stop();
  core.outbox->Stop();
  spdlog::info("clockko stopped");
  return 0;
}

}  // namespace clockko::app
