#pragma once
// Configures spdlog's default logger once at startup (stderr; LOG_FORMAT text or json,
// LOG_LEVEL). After this call the logger is never reconfigured (immutable global, as
// ARCHITECTURE.md §7 allows).
#include "config/settings.hpp"

namespace clockko::app {

void ConfigureLogging(const config::LogSettings& settings);

}  // namespace clockko::app
