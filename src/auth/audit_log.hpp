#pragma once
// AuditLog: records security events (SECURITY.md "Errors and logs") as a structured log line AND
// a row in security_events. Callers pass only safe values: masked addresses, reasons, never a
// password, code, token or secret. Thread-safe (stateless apart from its references).
#include <optional>
#include <string>
#include <string_view>

#include "auth/request_meta.hpp"
#include "core/clock.hpp"
#include "store/database.hpp"

namespace clockko::auth {

enum class Severity { kInfo, kWarning };

class AuditLog {
 public:
  AuditLog(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // Inside a caller's transaction: the event commits (or rolls back) with the change it records.
  Result<> Record(store::Transaction& tx, Severity severity, std::string_view event,
                  const std::optional<std::string>& user_id, const RequestMeta& meta,
                  std::string_view detail);
  // In a transaction of its own. A storage failure is logged, not returned: losing an audit row
  // must not turn a refused login into a 500.
  void RecordNow(Severity severity, std::string_view event,
                 const std::optional<std::string>& user_id, const RequestMeta& meta,
                 std::string_view detail);

 private:
  store::SecurityEvent MakeRow(std::string_view event, const std::optional<std::string>& user_id,
                               const RequestMeta& meta, std::string_view detail) const;
  void WriteLogLine(Severity severity, std::string_view event,
                    const std::optional<std::string>& user_id, const RequestMeta& meta,
                    std::string_view detail) const;

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace clockko::auth
