#include "store/sqlite/statement.hpp"

#include <utility>

#include "store/sqlite/sqlite_error.hpp"

namespace clockko::store::sqlite {

Statement::Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use)
    : db_(db), stmt_(stmt), in_use_(in_use) {}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(std::exchange(other.stmt_, nullptr)),
      in_use_(std::exchange(other.in_use_, nullptr)),
      bind_rc_(other.bind_rc_),
      last_rc_(other.last_rc_),
      last_message_(std::move(other.last_message_)) {}

Statement::~Statement() {
  if (stmt_ == nullptr) {
    return;
  }
  if (in_use_ != nullptr) {
    // Reset ends any read this statement holds open (a pending read would keep the snapshot and
    // could make COMMIT fail); clearing drops copies of bound values such as addresses.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    *in_use_ = false;
  } else {
    sqlite3_finalize(stmt_);
  }
}

void Statement::NoteBind(int rc) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
  }
}

Statement& Statement::BindInt(int index, std::int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Statement& Statement::BindBool(int index, bool value) { return BindInt(index, value ? 1 : 0); }

Statement& Statement::BindText(int index, std::string_view value) {
  NoteBind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  NoteBind(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::BindTime(int index, Timestamp value) {
  return BindInt(index, value.unix_seconds());
}

Statement& Statement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Statement& Statement::BindOptionalText(int index, const std::optional<std::string>& value) {
  return value ? BindText(index, *value) : BindNull(index);
}

Statement& Statement::BindOptionalTime(int index, const std::optional<Timestamp>& value) {
  return value ? BindTime(index, *value) : BindNull(index);
}

Result<bool> Statement::Step(std::string_view what) {
  if (bind_rc_ != SQLITE_OK) {
    last_rc_ = bind_rc_;
    last_message_ = sqlite3_errstr(bind_rc_);
    return Forward(MakeSqliteError(nullptr, bind_rc_, what));
  }
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  last_rc_ = sqlite3_extended_errcode(db_);
  if ((last_rc_ & 0xff) != (rc & 0xff)) {
    last_rc_ = rc;
  }
  last_message_ = sqlite3_errmsg(db_);
  return Forward(MakeSqliteError(db_, last_rc_, what));
}

Result<> Statement::Run(std::string_view what) {
  while (true) {
    Result<bool> row = Step(what);
    if (!row) {
      return Forward(std::move(row.error()));
    }
    if (!*row) {
      return {};
    }
  }
}

std::int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

bool Statement::ColumnBool(int column) const { return ColumnInt(column) != 0; }

std::string Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (text == nullptr) {
    return {};
  }
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::string Statement::ColumnBlob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
  if (data == nullptr) {
    return {};
  }
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

Timestamp Statement::ColumnTime(int column) const {
  return Timestamp::FromUnixSeconds(ColumnInt(column));
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::string> Statement::ColumnOptionalText(int column) const {
  if (ColumnIsNull(column)) {
    return std::nullopt;
  }
  return ColumnText(column);
}

std::optional<Timestamp> Statement::ColumnOptionalTime(int column) const {
  if (ColumnIsNull(column)) {
    return std::nullopt;
  }
  return ColumnTime(column);
}

}  // namespace clockko::store::sqlite
