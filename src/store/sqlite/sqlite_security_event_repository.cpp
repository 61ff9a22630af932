#include "store/sqlite/sqlite_security_event_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

constexpr const char* kAppend =
    "INSERT INTO security_events (at, event, user_id, client_ip, request_id, detail) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kRecent =
    "SELECT id, at, event, user_id, client_ip, request_id, detail FROM security_events "
    "ORDER BY at DESC, id DESC LIMIT ?1";
constexpr const char* kRecentForUser =
    "SELECT id, at, event, user_id, client_ip, request_id, detail FROM security_events "
    "WHERE user_id = ?2 ORDER BY at DESC, id DESC LIMIT ?1";

}  // namespace

Result<> SqliteSecurityEventRepository::Append(const SecurityEvent& event) {
  Result<Statement> stmt = connection_.Prepare(kAppend);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindTime(1, event.at)
      .BindText(2, event.event)
      .BindOptionalText(3, event.user_id)
      .BindText(4, event.client_ip)
      .BindText(5, event.request_id)
      .BindText(6, event.detail);
  return stmt->Run("security_events.append");
}

Result<std::vector<SecurityEvent>> SqliteSecurityEventRepository::Recent(
    std::int32_t limit, const std::optional<std::string>& user_id) {
  std::vector<SecurityEvent> events;
  if (limit <= 0) {
    return events;  // SQLite reads a negative LIMIT as "no limit"
  }
  Result<Statement> stmt = connection_.Prepare(user_id ? kRecentForUser : kRecent);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindInt(1, limit);
  if (user_id) {
    stmt->BindText(2, *user_id);
  }
  while (true) {
    Result<bool> row = stmt->Step("security_events.recent");
    if (!row) {
      return Forward(std::move(row.error()));
    }
    if (!*row) {
      return events;
    }
    SecurityEvent event;
    event.id = stmt->ColumnInt(0);
    event.at = stmt->ColumnTime(1);
    event.event = stmt->ColumnText(2);
    event.user_id = stmt->ColumnOptionalText(3);
    event.client_ip = stmt->ColumnText(4);
    event.request_id = stmt->ColumnText(5);
    event.detail = stmt->ColumnText(6);
    events.push_back(std::move(event));
  }
}

}  // namespace clockko::store
