#pragma once
// Statement: RAII handle for one prepared SQLite statement with bound parameters only (SQL text is
// never built from input). Either owned (finalized on destruction) or borrowed from a
// Connection's cache (reset and unbound on destruction, so the next user starts clean). Not
// thread-safe: it belongs to the thread that holds its connection. Errors come out of Step/Run
// as kUnavailable or kInternal (see sqlite_error.hpp); bind failures surface at the next step.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store::sqlite {

class Statement {
 public:
  // `in_use` is the cache slot's busy flag (cleared on destruction), or null for an owned
  // statement.
  Statement(sqlite3* db, sqlite3_stmt* stmt, bool* in_use);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Parameter indexes are 1-based, as in SQLite. Distinct names instead of overloads so that a
  // string literal can never silently bind as a bool.
  Statement& BindInt(int index, std::int64_t value);
  Statement& BindBool(int index, bool value);
  Statement& BindText(int index, std::string_view value);
  Statement& BindTime(int index, Timestamp value);
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  Statement& BindOptionalText(int index, const std::optional<std::string>& value);
  Statement& BindOptionalTime(int index, const std::optional<Timestamp>& value);

  // One step: true when a row is available, false when done. `what` names the operation for the
  // error detail ("users.insert").
  Result<bool> Step(std::string_view what);
  // Steps to completion, ignoring rows (for INSERT/UPDATE/DELETE).
  Result<> Run(std::string_view what);

  // Columns are 0-based. Valid after Step returned true.
  std::int64_t ColumnInt(int column) const;
  bool ColumnBool(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  Timestamp ColumnTime(int column) const;
  bool ColumnIsNull(int column) const;
  std::optional<std::string> ColumnOptionalText(int column) const;
  std::optional<Timestamp> ColumnOptionalTime(int column) const;

  // The extended result code of the last failed step (SQLITE_OK if none), for callers that map
  // specific constraint failures, and the SQLite message that came with it.
  int last_error_code() const { return last_rc_; }
  const std::string& last_error_message() const { return last_message_; }

 private:
  void NoteBind(int rc);

  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool* in_use_;
  int bind_rc_ = SQLITE_OK;
  int last_rc_ = SQLITE_OK;
  std::string last_message_;
};

}  // namespace clockko::store::sqlite
