#include "cli/commands.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/wiring.hpp"
#include "config/describe.hpp"
#include "mail/smtp_options.hpp"
#include "mail/smtp_probe.hpp"

namespace clockko::cli {
namespace {

// Operator commands work on an existing database only: a mistyped DATA_DIR must be an error, not
// a silently created empty database that "has no users".
bool DatabaseExists(const config::Settings& settings) {
  std::error_code ec;
  if (std::filesystem::exists(settings.db.sqlite_path, ec)) {
    return true;
  }
  std::cerr << "error: no database at " << settings.db.sqlite_path
            << " (check DATA_DIR / DATABASE_URL; `clockko migrate` creates one)\n";
  return false;
}

std::unique_ptr<app::Core> OpenCore(const config::Settings& settings, bool migrate) {
  if (migrate && !DatabaseExists(settings)) {
    return nullptr;
  }
  Result<std::unique_ptr<app::Core>> core = app::BuildCore(settings, migrate);
  if (!core) {
    std::cerr << "error: " << core.error().detail << "\n";
    return nullptr;
  }
  return std::move(*core);
}

void PrintUser(const store::UserRecord& u) {
  std::cout << "id:                   " << u.id << "\n"
            << "email:                " << u.email << "\n"
            << "username:             " << u.username << "\n"
            << "name:                 " << u.full_name << "\n"
            << "active:               " << (u.is_active ? "yes" : "no") << "\n"
            << "verified:             " << (u.is_verified ? "yes" : "no") << "\n"
            << "has_password:         " << (u.password_hash ? "yes" : "no") << "\n"
            << "two_factor_enabled:   " << (u.two_factor_enabled ? "yes" : "no") << "\n"
            << "onboarding_completed: " << (u.onboarding_completed ? "yes" : "no") << "\n"
            << "token_version:        " << u.token_version << "\n"
            << "created_at:           " << u.created_at.ToIso8601() << "\n";
}

int ReportError(const Error& e) {
  std::cerr << "error: " << (e.public_message.empty() ? e.detail : e.public_message) << "\n";
  return e.errc == Errc::kNotFound ? 3 : 1;
}

}  // namespace

int CheckConfig(const config::Settings& settings, bool probe_smtp) {
  for (const auto& warning : settings.warnings) {
    std::cerr << "warning: " << warning << "\n";
  }
  for (const auto& [name, value] : config::Describe(settings)) {
    std::cout << name << "=" << value << "\n";
  }
  std::cout << "configuration OK\n";
  if (!probe_smtp) {
    return 0;
  }
  if (settings.smtp.host.empty()) {
    std::cerr << "SMTP check: SMTP_HOST is not set; mail is written to " << settings.smtp.mail_dir
              << " as .eml files\n";
    return 1;
  }
  Result<> probe = mail::ProbeSmtp(mail::SmtpOptionsFromSettings(settings.smtp));
  if (!probe) {
    // The detail starts with the failure class and never contains the password.
    std::cerr << "SMTP check failed: " << probe.error().detail << "\n";
    return 1;
  }
  std::cout << "SMTP OK: connected to " << settings.smtp.host << ":" << settings.smtp.port
            << (settings.smtp.user.empty() ? "" : ", authenticated") << "\n";
  return 0;
}

int Migrate(const config::Settings& settings) {
  auto core = OpenCore(settings, /*migrate=*/false);
  if (!core) {
    return 1;
  }
  Result<int> applied = core->db->Migrate();
  if (!applied) {
    return ReportError(applied.error());
  }
  Result<int> version = core->db->SchemaVersion();
  std::cout << "applied " << *applied << " migration(s); schema version "
            << (version ? std::to_string(*version) : "unknown") << "\n";
  return 0;
}

int UserList(const config::Settings& settings, std::int64_t limit, std::int64_t offset) {
  auto core = OpenCore(settings, /*migrate=*/true);
  if (!core) {
    return 1;
  }
  Result<std::vector<store::UserRecord>> users = core->admin->List(limit, offset);
  if (!users) {
    return ReportError(users.error());
  }
  std::printf("%-36s  %-32s  %-6s  %-8s  %s\n", "ID", "EMAIL", "ACTIVE", "VERIFIED", "CREATED");
  for (const store::UserRecord& u : *users) {
    std::printf("%-36s  %-32s  %-6s  %-8s  %s\n", u.id.c_str(), u.email.c_str(),
                u.is_active ? "yes" : "no", u.is_verified ? "yes" : "no",
                u.created_at.ToIso8601().c_str());
  }
  return 0;
}

int UserShow(const config::Settings& settings, const std::string& who) {
  auto core = OpenCore(settings, /*migrate=*/true);
  if (!core) {
    return 1;
  }
  Result<store::UserRecord> user = core->admin->Find(who);
  if (!user) {
    return ReportError(user.error());
  }
  PrintUser(*user);
  return 0;
}

int UserSetActive(const config::Settings& settings, const std::string& who, bool active) {
  auto core = OpenCore(settings, /*migrate=*/true);
  if (!core) {
    return 1;
  }
  Result<store::UserRecord> user = core->admin->SetActive(who, active);
  if (!user) {
    return ReportError(user.error());
  }
  std::cout << (active ? "enabled " : "disabled ") << user->email << " (" << user->id << ")"
            << (active ? "" : "; all of the user's tokens are revoked") << "\n";
  return 0;
}

}  // namespace clockko::cli
