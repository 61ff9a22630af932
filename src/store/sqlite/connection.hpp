#pragma once
// Connection: one open SQLite handle configured for the server (WAL, synchronous=NORMAL,
// foreign keys on, busy timeout, extended result codes) with a cache of prepared statements.
// Not thread-safe: SqliteDatabase hands each connection to one thread at a time. Errors:
// kUnavailable (cannot open, busy, disk full, I/O), kInternal.
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.hpp"
#include "store/sqlite/statement.hpp"

namespace clockko::store::sqlite {

class Connection {
 public:
  // Opens (creating if missing) the database file at `path`. The parent directory must exist.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms);

  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Prepares `sql` (a constant of the code, never built from input), reusing a cached statement
  // when the same text was prepared before and is not in use. The Statement must not outlive
  // this connection.
  Result<Statement> Prepare(std::string_view sql);

  // Runs constant SQL, possibly several statements (transaction control, migrations). Never pass
  // text that contains input: there are no parameters here.
  Result<> Exec(const char* sql, std::string_view what);

  // Rows changed by the last INSERT/UPDATE/DELETE, and the rowid of the last INSERT.
  std::int64_t Changes() const;
  std::int64_t LastInsertRowId() const;
  // False while a transaction is open.
  bool InAutocommit() const;

  sqlite3* handle() const { return db_; }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };

  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  // Keyed by SQL text. unordered_map nodes are stable, so a Statement may keep a pointer to
  // its slot's in_use flag across later insertions.
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace clockko::store::sqlite
