#include "store/sqlite/sqlite_outbox_repository.hpp"

#include <utility>

namespace clockko::store {
namespace {

using sqlite::Statement;

#define CLOCKKO_OUTBOX_COLUMNS                                                                 \
  "id, kind, user_id, recipient, subject, text_body, html_body, created_at, next_attempt_at, " \
  "expires_at, attempts, last_error"

constexpr const char* kEnqueue =
    "INSERT INTO mail_outbox (kind, user_id, recipient, subject, text_body, html_body, "
    "created_at, next_attempt_at, expires_at, attempts, last_error) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";
constexpr const char* kDue = "SELECT " CLOCKKO_OUTBOX_COLUMNS
                             " FROM mail_outbox WHERE next_attempt_at <= ?1 "
                             "ORDER BY next_attempt_at, id LIMIT ?2";
constexpr const char* kList =
    "SELECT " CLOCKKO_OUTBOX_COLUMNS " FROM mail_outbox ORDER BY next_attempt_at, id LIMIT ?2";
constexpr const char* kRemove = "DELETE FROM mail_outbox WHERE id = ?1";
constexpr const char* kReschedule =
    "UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 "
    "WHERE id = ?1";
constexpr const char* kCount = "SELECT count(*) FROM mail_outbox";

#undef CLOCKKO_OUTBOX_COLUMNS

OutboxMail ReadMail(const Statement& stmt) {
  OutboxMail mail;
  mail.id = stmt.ColumnInt(0);
  mail.kind = stmt.ColumnText(1);
  mail.user_id = stmt.ColumnOptionalText(2);
  mail.recipient = stmt.ColumnText(3);
  mail.subject = stmt.ColumnText(4);
  mail.text_body = stmt.ColumnText(5);
  mail.html_body = stmt.ColumnText(6);
  mail.created_at = stmt.ColumnTime(7);
  mail.next_attempt_at = stmt.ColumnTime(8);
  mail.expires_at = stmt.ColumnOptionalTime(9);
  mail.attempts = static_cast<std::int32_t>(stmt.ColumnInt(10));
  mail.last_error = stmt.ColumnText(11);
  return mail;
}

}  // namespace

Result<std::int64_t> SqliteOutboxRepository::Enqueue(const OutboxMail& mail) {
  Result<Statement> stmt = connection_.Prepare(kEnqueue);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindText(1, mail.kind)
      .BindOptionalText(2, mail.user_id)
      .BindText(3, mail.recipient)
      .BindText(4, mail.subject)
      .BindText(5, mail.text_body)
      .BindText(6, mail.html_body)
      .BindTime(7, mail.created_at)
      .BindTime(8, mail.next_attempt_at)
      .BindOptionalTime(9, mail.expires_at)
      .BindInt(10, mail.attempts)
      .BindText(11, mail.last_error);
  Result<> done = stmt->Run("mail_outbox.enqueue");
  if (!done) {
    return Forward(std::move(done.error()));
  }
  return connection_.LastInsertRowId();
}

Result<std::vector<OutboxMail>> SqliteOutboxRepository::Query(const char* sql,
                                                              std::optional<Timestamp> now,
                                                              std::int32_t limit,
                                                              const char* what) {
  std::vector<OutboxMail> mails;
  if (limit <= 0) {
    return mails;  // SQLite reads a negative LIMIT as "no limit"
  }
  Result<Statement> stmt = connection_.Prepare(sql);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  if (now) {
    stmt->BindTime(1, *now);
  }
  stmt->BindInt(2, limit);
  while (true) {
    Result<bool> row = stmt->Step(what);
    if (!row) {
      return Forward(std::move(row.error()));
    }
    if (!*row) {
      return mails;
    }
    mails.push_back(ReadMail(*stmt));
  }
}

Result<std::vector<OutboxMail>> SqliteOutboxRepository::Due(Timestamp now, std::int32_t limit) {
  return Query(kDue, now, limit, "mail_outbox.due");
}

Result<std::vector<OutboxMail>> SqliteOutboxRepository::List(std::int32_t limit) {
  return Query(kList, std::nullopt, limit, "mail_outbox.list");
}

Result<> SqliteOutboxRepository::Remove(std::int64_t id) {
  Result<Statement> stmt = connection_.Prepare(kRemove);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindInt(1, id);
  return stmt->Run("mail_outbox.remove");
}

Result<> SqliteOutboxRepository::Reschedule(std::int64_t id, Timestamp next_attempt_at,
                                            const std::string& last_error) {
  Result<Statement> stmt = connection_.Prepare(kReschedule);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  stmt->BindInt(1, id).BindTime(2, next_attempt_at).BindText(3, last_error);
  return stmt->Run("mail_outbox.reschedule");
}

Result<std::int64_t> SqliteOutboxRepository::Count() {
  Result<Statement> stmt = connection_.Prepare(kCount);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  Result<bool> row = stmt->Step("mail_outbox.count");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  return *row ? stmt->ColumnInt(0) : 0;
}

}  // namespace clockko::store
