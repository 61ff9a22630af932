#include "store/sqlite/connection.hpp"

#include <utility>

#include "store/sqlite/sqlite_error.hpp"

namespace clockko::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  // NOMUTEX: the pool guarantees one thread per connection at a time, so SQLite's own
  // per-connection mutex is pure overhead.
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = MakeSqliteError(db, rc, "open");
    sqlite3_close_v2(db);  // a handle is returned even on most failures
    return Forward(std::move(error));
  }
  std::unique_ptr<Connection> connection(new Connection(db));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);

  // The busy timeout is set first: switching a fresh file to WAL takes a lock that another
  // process may hold.
  sqlite3_stmt* raw = nullptr;
  int prc = sqlite3_prepare_v2(db, "PRAGMA journal_mode=WAL", -1, &raw, nullptr);
  if (prc != SQLITE_OK) {
    return Forward(MakeSqliteError(db, prc, "pragma journal_mode"));
  }
  Statement journal(db, raw, nullptr);
  Result<bool> row = journal.Step("pragma journal_mode");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  if (!*row || journal.ColumnText(0) != "wal") {
    // E.g. a file system without shared memory support: running in another mode would silently
    // change the concurrency guarantees the rest of the store relies on.
    return Internal("sqlite open: journal_mode=WAL was not accepted (got '" +
                    (*row ? journal.ColumnText(0) : std::string()) + "')");
  }
  Result<> pragmas = connection->Exec(
      "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;", "pragmas");
  if (!pragmas) {
    return Forward(std::move(pragmas.error()));
  }
  return connection;
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) {
    sqlite3_finalize(cached.stmt);
  }
  sqlite3_close_v2(db_);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(std::string(sql));
  if (it != cache_.end() && !it->second.in_use) {
    it->second.in_use = true;
    return Statement(db_, it->second.stmt, &it->second.in_use);
  }
  const bool cacheable = it == cache_.end();
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    cacheable ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    return Forward(MakeSqliteError(db_, rc, "prepare"));
  }
  if (!cacheable) {
    // The cached copy is busy (a nested use of the same query): use a one-off statement.
    return Statement(db_, stmt, nullptr);
  }
  auto slot = cache_.emplace(std::string(sql), Cached{stmt, true}).first;
  return Statement(db_, stmt, &slot->second.in_use);
}

Result<> Connection::Exec(const char* sql, std::string_view what) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
  sqlite3_free(message);  // sqlite3_errmsg still holds the same text
  if (rc != SQLITE_OK) {
    return Forward(MakeSqliteError(db_, sqlite3_extended_errcode(db_), what));
  }
  return {};
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_); }

std::int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

bool Connection::InAutocommit() const { return sqlite3_get_autocommit(db_) != 0; }

}  // namespace clockko::store::sqlite
