#pragma once
// Describe(): the effective settings as (variable name, value) rows for `clockko check-config`.
// Pure function; thread-safe.
#include <string>
#include <utility>
#include <vector>

#include "config/settings.hpp"

namespace clockko::config {

// One row per variable of API.md §14.2, in the order of that table. Secrets (SECRET_KEY,
// SECRET_KEY_PREVIOUS, SMTP_USER, SMTP_PASSWORD, TWO_FACTOR_ENCRYPTION_KEY, REDIS_URL) appear as
// "***" when set and "" when unset; DATABASE_URL appears with any password replaced by "***".
// Booleans are "true"/"false"; lists are comma-joined.
std::vector<std::pair<std::string, std::string>> Describe(const Settings& settings);

}  // namespace clockko::config
