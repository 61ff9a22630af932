#include "app/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace clockko::app {

void ConfigureLogging(const config::LogSettings& settings) {
  auto logger = spdlog::stderr_logger_mt("clockko");
  if (settings.format == config::LogFormat::kJson) {
    // Messages are escaped for quotes and control characters by their producers
    // (core/log_safe.hpp), so embedding them in a JSON string keeps one object per line.
    logger->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"message":"%v"})",
        spdlog::pattern_time_type::utc);
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  }
  spdlog::level::level_enum level = spdlog::level::info;
  if (settings.level == "debug") {
    level = spdlog::level::debug;
  } else if (settings.level == "warning") {
    level = spdlog::level::warn;
  } else if (settings.level == "error") {
    level = spdlog::level::err;
  }
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
}

}  // namespace clockko::app
