// clockko: one binary for the server and its operator commands (CLI11).
//   clockko [serve]            run the API server (default)
//   clockko migrate            apply database migrations
//   clockko check-config       validate and print the effective configuration (secrets redacted)
//   clockko user list|show|disable|enable
#include <CLI/CLI.hpp>
#include <iostream>
#include <optional>

#include "app/logging.hpp"
#include "app/server_main.hpp"
#include "cli/commands.hpp"
#include "config/environment.hpp"
#include "config/loader.hpp"
#include "crypto/openssl_random.hpp"

namespace {

// Loads the configuration; prints every problem (one line each) and returns nullopt on failure.
std::optional<clockko::config::Settings> LoadSettings() {
  clockko::crypto::OpenSslRandom random;
  auto loaded = clockko::config::Load(clockko::config::ProcessEnvironment(), {}, random);
  if (!loaded) {
    for (const std::string& problem : loaded.error()) {
      std::cerr << "configuration error: " << problem << "\n";
    }
    return std::nullopt;
  }
  return std::move(*loaded);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ClockKo account and authentication server"};
  cli.require_subcommand(0, 1);
  auto* serve = cli.add_subcommand("serve", "Run the API server (default)");
  auto* migrate = cli.add_subcommand("migrate", "Apply database migrations");
  auto* check = cli.add_subcommand("check-config", "Validate and print the configuration");
  bool probe_smtp = false;
  check->add_flag("--smtp", probe_smtp,
                  "Also connect to SMTP_HOST, negotiate TLS and authenticate");
  auto* user = cli.add_subcommand("user", "Manage users");
  user->require_subcommand(1);
  std::int64_t limit = 100;
  std::int64_t offset = 0;
  auto* user_list = user->add_subcommand("list", "List users");
  user_list->add_option("--limit", limit, "At most this many")->check(CLI::Range(1, 10000));
  user_list->add_option("--offset", offset, "Skip this many")->check(CLI::NonNegativeNumber);
  std::string who;
  auto* user_show = user->add_subcommand("show", "Show one user (id or e-mail)");
  user_show->add_option("user", who, "User id or e-mail address")->required();
  auto* user_disable = user->add_subcommand("disable", "Disable a user and revoke their tokens");
  user_disable->add_option("user", who, "User id or e-mail address")->required();
  auto* user_enable = user->add_subcommand("enable", "Enable a user");
  user_enable->add_option("user", who, "User id or e-mail address")->required();
  CLI11_PARSE(cli, argc, argv);

  std::optional<clockko::config::Settings> settings = LoadSettings();
  if (!settings) {
    return 2;
  }
  clockko::app::ConfigureLogging(settings->log);

  if (*migrate) {
    return clockko::cli::Migrate(*settings);
  }
  if (*check) {
    return clockko::cli::CheckConfig(*settings, probe_smtp);
  }
  if (*user_list) {
    return clockko::cli::UserList(*settings, limit, offset);
  }
  if (*user_show) {
    return clockko::cli::UserShow(*settings, who);
  }
  if (*user_disable) {
    return clockko::cli::UserSetActive(*settings, who, false);
  }
  if (*user_enable) {
    return clockko::cli::UserSetActive(*settings, who, true);
  }
  (void)serve;
  return clockko::app::RunServer(*settings);
}
