#pragma once
// `clockko serve`: builds the core, the API and the HTTP server, serves until SIGTERM/SIGINT,
// then drains in-flight requests and stops the mail worker. Returns the process exit code.
#include "config/settings.hpp"

namespace clockko::app {

int RunServer(const config::Settings& settings);

}  // namespace clockko::app
