#pragma once
// Environment: a snapshot of NAME=value pairs. config::Load() takes one as input, so tests pass a
// plain map and only ProcessEnvironment() touches the real process environment.
#include <map>
#include <string>

namespace clockko::config {

using Environment = std::map<std::string, std::string>;

// A copy of the process environment (`environ`). The only place in the project that reads it.
// Entries without '=' are skipped. Not thread-safe against concurrent setenv(); call at startup.
Environment ProcessEnvironment();

}  // namespace clockko::config
