#include "config/environment.hpp"

#include <unistd.h>

#include <string_view>

namespace clockko::config {

Environment ProcessEnvironment() {
  Environment env;
  for (char** entry = ::environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view pair(*entry);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      continue;
    }
    env.emplace(std::string(pair.substr(0, eq)), std::string(pair.substr(eq + 1)));
  }
  return env;
}

}  // namespace clockko::config
