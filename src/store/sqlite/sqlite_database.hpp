#pragma once
// SqliteDatabase: store::Database over one SQLite file in WAL mode, with a fixed pool of
// connections (one per worker thread). Run() checks a connection out, blocking until one is free,
// opens the transaction (kWrite: BEGIN IMMEDIATE, so writers queue on the busy timeout instead of
// deadlocking), and commits when `work` succeeds, rolls back otherwise (rethrowing exceptions).
// Thread-safe. Errors: kUnavailable (busy past the timeout, disk full, I/O, cannot open,
// read-only), kInternal; plus whatever `work` returns.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/sqlite/connection.hpp"

namespace clockko::store {

class SqliteDatabase final : public Database {
 public:
  // Opens `path` (creating it and its parent directory if missing) with `pool_size` connections
  // (>= 1) plus one for Ping. Does not migrate: call Migrate() before serving. kInvalidArgument
  // for a pool_size < 1 or a negative timeout.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path, int pool_size,
                                                      int busy_timeout_ms);

  ~SqliteDatabase() override;
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // REQUIRES: not called from inside another Run's `work` on the same thread (it would wait
  // for a second connection, forever once the pool is exhausted).
  Result<> Run(TxMode mode, const std::function<Result<>(Transaction&)>& work) override;
  // Reads the schema table on a connection of its own (so a busy pool does not make the server
  // look dead), waiting at most a short busy timeout.
  Result<> Ping() override;

  // Applies the migrations this binary knows and the file lacks, each in its own transaction;
  // returns how many were applied (0 when up to date, so it is safe to run at every start).
  // kFailedPrecondition "schema_too_new" when the file was migrated by a newer binary.
  Result<int> Migrate();
  // The highest applied migration version; 0 for a fresh file.
  Result<int> SchemaVersion();

 private:
  SqliteDatabase() = default;

  // A checked-out connection, returned to the pool on every path (exceptions included).
  // Construction blocks until one is free.
  struct Lease {
    explicit Lease(SqliteDatabase& db);
    ~Lease();
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    SqliteDatabase& db;
    sqlite::Connection* connection;
  };
  Result<> RunOn(sqlite::Connection& connection, TxMode mode,
                 const std::function<Result<>(Transaction&)>& work);

  std::vector<std::unique_ptr<sqlite::Connection>> connections_;  // fixed after Open

  std::mutex pool_mutex_;
  std::condition_variable pool_cv_;
  std::vector<sqlite::Connection*> free_;  // guarded by pool_mutex_

  std::mutex ping_mutex_;
  std::unique_ptr<sqlite::Connection> ping_connection_;  // guarded by ping_mutex_
};

}  // namespace clockko::store
