#pragma once
// The operator subcommands of `clockko` other than serve. Each returns a process exit code and
// prints to stdout (results) / stderr (errors). Never prints a password hash, code or secret.
#include <cstdint>
#include <string>

#include "config/settings.hpp"

namespace clockko::cli {

// Prints the effective settings (secrets redacted). With `probe_smtp`, also connects to the SMTP
// server, negotiates TLS and authenticates, and names the failure class (SMTPConnectionError,
// SMTPAuthError, EmailSendError) when that fails; exit code 1 then.
int CheckConfig(const config::Settings& settings, bool probe_smtp);
int Migrate(const config::Settings& settings);
int UserList(const config::Settings& settings, std::int64_t limit, std::int64_t offset);
int UserShow(const config::Settings& settings, const std::string& who);
int UserSetActive(const config::Settings& settings, const std::string& who, bool active);

}  // namespace clockko::cli
