#include "auth/audit_log.hpp"

#include <spdlog/spdlog.h>

#include "core/log_safe.hpp"

namespace clockko::auth {

Result<> AuditLog::Record(store::Transaction& tx, Severity severity, std::string_view event,
                          const std::optional<std::string>& user_id, const RequestMeta& meta,
                          std::string_view detail) {
  WriteLogLine(severity, event, user_id, meta, detail);
  return tx.security_events().Append(MakeRow(event, user_id, meta, detail));
}

void AuditLog::RecordNow(Severity severity, std::string_view event,
                         const std::optional<std::string>& user_id, const RequestMeta& meta,
                         std::string_view detail) {
  Result<> r = db_.Run(store::TxMode::kWrite, [&](store::Transaction& tx) -> Result<> {
    return tx.security_events().Append(MakeRow(event, user_id, meta, detail));
  });
  WriteLogLine(severity, event, user_id, meta, detail);
  if (!r) {
    spdlog::error("audit event {} not stored: {} [request_id={}]", event,
                  EscapeForLog(r.error().detail), EscapeForLog(meta.request_id));
  }
}

store::SecurityEvent AuditLog::MakeRow(std::string_view event,
                                       const std::optional<std::string>& user_id,
                                       const RequestMeta& meta, std::string_view detail) const {
  store::SecurityEvent row;
  row.at = clock_.Now();
  row.event = std::string(event);
  row.user_id = user_id;
  row.client_ip = meta.client_ip;
  row.request_id = meta.request_id;
  row.detail = std::string(detail);
  return row;
}

void AuditLog::WriteLogLine(Severity severity, std::string_view event,
                            const std::optional<std::string>& user_id, const RequestMeta& meta,
                            std::string_view detail) const {
  const auto level = severity == Severity::kWarning ? spdlog::level::warn : spdlog::level::info;
  spdlog::log(level, "security_event event={} user_id={} ip={} request_id={} detail=\"{}\"", event,
              user_id.value_or("-"), EscapeForLog(meta.client_ip), EscapeForLog(meta.request_id),
              EscapeForLog(detail));
}

}  // namespace clockko::auth
