#include "app/maintenance.hpp"

#include <spdlog/spdlog.h>

#include "core/log_safe.hpp"

namespace clockko::app {

Maintenance::Maintenance(store::Database& db, const Clock& clock, std::chrono::seconds interval)
    : db_(db), clock_(clock), interval_(interval) {}

Maintenance::~Maintenance() { Stop(); }

void Maintenance::Start() {
  if (!thread_.joinable()) {
    thread_ = std::thread([this] { Loop(); });
  }
}

void Maintenance::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

std::int64_t Maintenance::RunOnce() {
  std::int64_t deleted = 0;
  const Timestamp now = clock_.Now();
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    for (Result<std::int64_t> n :
         {tx.one_time_codes().PurgeExpired(now), tx.link_tokens().PurgeExpired(now),
          tx.revoked_tokens().PurgeExpired(now), tx.session_marks().PurgeExpired(now)}) {
      if (!n) {
        return Forward(std::move(n.error()));
      }
      deleted += *n;
    }
    return {};
  });
  if (!r) {
    spdlog::error("maintenance: purge failed: {}", EscapeForLog(r.error().detail));
    return 0;
  }
  if (deleted > 0) {
    spdlog::info("maintenance: purged {} expired rows", deleted);
  }
  return deleted;
}

void Maintenance::Loop() {
  // The first pass always runs (expired rows from before a restart go at once).
  for (;;) {
    RunOnce();
    std::unique_lock lock(mu_);
    if (cv_.wait_for(lock, interval_, [this] { return stopping_; })) {
      return;
    }
  }
}

}  // namespace clockko::app
