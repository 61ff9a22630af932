#pragma once
// config::Load(): builds the validated Settings from the sources of API.md §14.1. Called once at
// startup by app/ and cli/; everything else receives its sub-struct of Settings.
#include <string>
#include <tl/expected.hpp>
#include <vector>

#include "config/environment.hpp"
#include "config/settings.hpp"
#include "core/random.hpp"

namespace clockko::config {

struct LoadOptions {
  std::string dotenv_path = ".env";  // "" = read no .env file; a missing file is fine
};

// Reads every variable of API.md §14.2 through one lookup with the precedence, highest first:
//   `env` NAME > `env` NAME_FILE > AWS Secrets Manager > .env NAME > .env NAME_FILE > default.
// An empty value counts as unset. NAME_FILE is honoured only for the secrets of §14.1 (content
// minus one trailing newline); NAME beats NAME_FILE of the same source with a warning; an
// unreadable file is an error. Any *_SECRET_NAME is an error for now (not supported yet).
//
// Returns the Settings (with non-fatal notes in Settings::warnings), or EVERY problem found, one
// message each, starting with the variable name; messages never contain a secret value.
// Side effect, development only and only when nothing else failed: without SECRET_KEY a random
// key is generated with `random` and kept in <DATA_DIR>/dev-jwt-secret (mode 0600; reused later).
// Not thread-safe with respect to concurrent Loads sharing a DATA_DIR (startup-only).
tl::expected<Settings, std::vector<std::string>> Load(const Environment& env,
                                                      const LoadOptions& opts,
                                                      clockko::Random& random);

}  // namespace clockko::config
