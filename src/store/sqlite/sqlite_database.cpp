#include "store/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "store/sqlite/migrations.hpp"
#include "store/sqlite/sqlite_transaction.hpp"

namespace clockko::store {
namespace {

// Ping must answer quickly: a readiness probe that hangs is worse than one that fails.
constexpr int kPingBusyTimeoutMs = 250;

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY NOT NULL, name TEXT NOT NULL, applied_at INTEGER NOT NULL)";
constexpr const char* kMigrationsTableExists =
    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kRecordMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (?1, ?2, CAST(strftime('%s', 'now') AS INTEGER))";

// Rolls back if a transaction is still open; a failure here leaves nothing to do but report the
// original error, and SQLite itself rolls back on some errors (e.g. SQLITE_FULL).
void RollbackQuietly(sqlite::Connection& connection) {
  if (!connection.InAutocommit()) {
    (void)connection.Exec("ROLLBACK", "rollback");
  }
}

Result<int> ReadVersion(sqlite::Connection& connection) {
  Result<sqlite::Statement> stmt = connection.Prepare(kSelectVersion);
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  Result<bool> row = stmt->Step("schema_migrations.version");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  return static_cast<int>(stmt->ColumnInt(0));
}

}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const std::string& path, int pool_size,
                                                             int busy_timeout_ms) {
  if (pool_size < 1 || busy_timeout_ms < 0) {
    return Fail(Errc::kInvalidArgument, "invalid_argument", "Invalid database settings",
                "sqlite open: pool_size must be >= 1 and busy_timeout_ms >= 0");
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Unavailable("sqlite open: cannot create the database directory: " + ec.message());
    }
  }
  // The file holds password hashes: create it owner-only before SQLite opens it. SQLite gives
  // the -wal and -shm files the same mode as the database file. An existing file keeps its mode.
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    return Unavailable("sqlite open: cannot create the database file: " +
                       std::error_code(errno, std::generic_category()).message());
  }
  std::unique_ptr<SqliteDatabase> db(new SqliteDatabase());
  // Opened one after another: the first switches a fresh file to WAL before the others look.
  for (int i = 0; i < pool_size; ++i) {
    Result<std::unique_ptr<sqlite::Connection>> connection =
        sqlite::Connection::Open(path, busy_timeout_ms);
    if (!connection) {
      return Forward(std::move(connection.error()));
    }
    db->free_.push_back(connection->get());
    db->connections_.push_back(std::move(*connection));
  }
  Result<std::unique_ptr<sqlite::Connection>> ping =
      sqlite::Connection::Open(path, kPingBusyTimeoutMs);
  if (!ping) {
    return Forward(std::move(ping.error()));
  }
  db->ping_connection_ = std::move(*ping);
  return db;
}

SqliteDatabase::~SqliteDatabase() = default;

SqliteDatabase::Lease::Lease(SqliteDatabase& database) : db(database), connection(nullptr) {
  std::unique_lock lock(db.pool_mutex_);
  db.pool_cv_.wait(lock, [this] { return !db.free_.empty(); });
  connection = db.free_.back();
  db.free_.pop_back();
}

SqliteDatabase::Lease::~Lease() {
  {
    std::lock_guard lock(db.pool_mutex_);
    db.free_.push_back(connection);
  }
  db.pool_cv_.notify_one();
}

Result<> SqliteDatabase::Run(TxMode mode, const std::function<Result<>(Transaction&)>& work) {
  Lease lease(*this);
  return RunOn(*lease.connection, mode, work);
}

Result<> SqliteDatabase::RunOn(sqlite::Connection& connection, TxMode mode,
                               const std::function<Result<>(Transaction&)>& work) {
  Result<> begun = connection.Exec(mode == TxMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN",
                                   mode == TxMode::kWrite ? "begin immediate" : "begin");
  if (!begun) {
    RollbackQuietly(connection);
    return begun;
  }
  Result<> result;
  {
    SqliteTransaction tx(connection);
    try {
      result = work(tx);
    } catch (...) {
      RollbackQuietly(connection);
      throw;
    }
  }
  if (!result) {
    RollbackQuietly(connection);
    return result;
  }
  Result<> committed = connection.Exec("COMMIT", "commit");
  if (!committed) {
    RollbackQuietly(connection);
  }
  return committed;
}

Result<> SqliteDatabase::Ping() {
  std::lock_guard lock(ping_mutex_);
  Result<sqlite::Statement> stmt = ping_connection_->Prepare("SELECT count(*) FROM sqlite_schema");
  if (!stmt) {
    return Forward(std::move(stmt.error()));
  }
  Result<bool> row = stmt->Step("ping");
  if (!row) {
    return Forward(std::move(row.error()));
  }
  return {};
}

Result<int> SqliteDatabase::SchemaVersion() {
  Lease lease(*this);
  sqlite::Connection& connection = *lease.connection;
  Result<sqlite::Statement> exists = connection.Prepare(kMigrationsTableExists);
  if (!exists) {
    return Forward(std::move(exists.error()));
  }
  Result<bool> found = exists->Step("schema_migrations.exists");
  if (!found) {
    return Forward(std::move(found.error()));
  }
  if (!*found) {
    return 0;
  }
  return ReadVersion(connection);
}

Result<int> SqliteDatabase::Migrate() {
  Lease lease(*this);
  sqlite::Connection& connection = *lease.connection;
  Result<> table = connection.Exec(kCreateMigrationsTable, "schema_migrations.create");
  if (!table) {
    return Forward(std::move(table.error()));
  }
  const std::span<const sqlite::Migration> migrations = sqlite::Migrations();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  int applied = 0;
  for (const sqlite::Migration& migration : migrations) {
    // The version is read inside the write transaction, so two processes migrating at once
    // apply each step exactly once.
    Result<> begun = connection.Exec("BEGIN IMMEDIATE", "migrate begin");
    if (!begun) {
      return Forward(std::move(begun.error()));
    }
    Result<int> current = ReadVersion(connection);
    if (!current) {
      RollbackQuietly(connection);
      return Forward(std::move(current.error()));
    }
    if (*current > latest) {
      RollbackQuietly(connection);
      return Fail(Errc::kFailedPrecondition, "schema_too_new", "Database schema is too new",
                  "sqlite migrate: the database is at schema version " + std::to_string(*current) +
                      ", this binary knows up to " + std::to_string(latest));
    }
    if (*current >= migration.version) {
      RollbackQuietly(connection);
      continue;
    }
    Result<> step = connection.Exec(migration.sql, migration.name);
    if (step) {
      Result<sqlite::Statement> record = connection.Prepare(kRecordMigration);
      if (!record) {
        step = Forward(std::move(record.error()));
      } else {
        record->BindInt(1, migration.version).BindText(2, migration.name);
        step = record->Run("schema_migrations.record");
      }
    }
    if (step) {
      step = connection.Exec("COMMIT", "migrate commit");
    }
    if (!step) {
      RollbackQuietly(connection);
      return Forward(std::move(step.error()));
    }
    ++applied;
  }
  return applied;
}

}  // namespace clockko::store
