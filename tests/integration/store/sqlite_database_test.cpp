// Runs the store contract against SqliteDatabase, plus SQLite-specific behaviour: the error
// mapping, migrations bookkeeping, opening, pragmas.
#include "store/sqlite/sqlite_database.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "store/sqlite/migrations.hpp"
#include "store_contract.hpp"

namespace clockko::store::testing {
namespace {

constexpr int kGenerousBusyTimeoutMs = 10'000;

std::string DbPath(const std::filesystem::path& dir) {
  return (dir / "data" / "clockko.db").string();
}

StoreBackend SqliteBackend() {
  return StoreBackend{
      "Sqlite",
      [](const std::filesystem::path& dir, int pool_size) -> Result<std::unique_ptr<Database>> {
        Result<std::unique_ptr<SqliteDatabase>> db =
            SqliteDatabase::Open(DbPath(dir), pool_size, kGenerousBusyTimeoutMs);
        if (!db) {
          return Forward(std::move(db.error()));
        }
        return std::unique_ptr<Database>(std::move(*db));
      },
      [](Database& db) { return static_cast<SqliteDatabase&>(db).Migrate(); },
  };
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(SqliteBackend()),
                         [](const auto& param_info) { return param_info.param.name; });

// A raw connection to the same file, for setting up situations the API cannot produce.
class RawConnection {
 public:
  explicit RawConnection(const std::string& path) {
    EXPECT_EQ(sqlite3_open(path.c_str(), &db_), SQLITE_OK);
  }
  ~RawConnection() { sqlite3_close(db_); }
  int Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }
  std::string QueryText(const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    std::string out;
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteDatabase> OpenMigrated(int busy_timeout_ms = kGenerousBusyTimeoutMs) {
    Result<std::unique_ptr<SqliteDatabase>> db =
        SqliteDatabase::Open(DbPath(dir_.path()), 2, busy_timeout_ms);
    EXPECT_TRUE(db.has_value()) << Describe(db.error());
    if (!db) {
      return nullptr;
    }
    Result<int> migrated = (*db)->Migrate();
    EXPECT_TRUE(migrated.has_value()) << Describe(migrated.error());
    return std::move(*db);
  }

  TempDir dir_;
};

TEST_F(SqliteDatabaseTest, OpenCreatesTheParentDirectoryAndUsesWal) {
  std::unique_ptr<SqliteDatabase> db = OpenMigrated();
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(std::filesystem::exists(DbPath(dir_.path())));
  RawConnection raw(DbPath(dir_.path()));
  EXPECT_EQ(raw.QueryText("PRAGMA journal_mode"), "wal");
  // Password hashes live here: owner-only, the write-ahead log too.
  using std::filesystem::perms;
  for (const std::string& file : {DbPath(dir_.path()), DbPath(dir_.path()) + "-wal"}) {
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_EQ(std::filesystem::status(file).permissions() & perms::all,
              perms::owner_read | perms::owner_write)
        << file;
  }
}

TEST_F(SqliteDatabaseTest, OpenRejectsABadPoolSize) {
  Result<std::unique_ptr<SqliteDatabase>> zero = SqliteDatabase::Open(DbPath(dir_.path()), 0, 100);
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error().errc, Errc::kInvalidArgument);
  Result<std::unique_ptr<SqliteDatabase>> negative =
      SqliteDatabase::Open(DbPath(dir_.path()), 1, -1);
  ASSERT_FALSE(negative.has_value());
}

TEST_F(SqliteDatabaseTest, OpenUnderARegularFileIsUnavailable) {
  const std::filesystem::path file = dir_.path() / "not-a-dir";
  std::ofstream(file) << "x";
  Result<std::unique_ptr<SqliteDatabase>> db =
      SqliteDatabase::Open((file / "clockko.db").string(), 1, 100);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().errc, Errc::kUnavailable);
  EXPECT_EQ(db.error().code, "service_unavailable");
}

TEST_F(SqliteDatabaseTest, OpenOfANonDatabaseFileFails) {
  std::filesystem::create_directories(dir_.path() / "data");
  std::ofstream(DbPath(dir_.path())) << std::string(4096, 'x');
  Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(DbPath(dir_.path()), 1, 100);
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().errc, Errc::kInternal);  // SQLITE_NOTADB: not something a retry fixes
}

TEST_F(SqliteDatabaseTest, SchemaVersionTracksMigrations) {
  Result<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(DbPath(dir_.path()), 1, 1000);
  ASSERT_TRUE(db.has_value());
  Result<int> before = (*db)->SchemaVersion();
  ASSERT_TRUE(before.has_value()) << Describe(before.error());
  EXPECT_EQ(*before, 0);
  Result<int> applied = (*db)->Migrate();
  ASSERT_TRUE(applied.has_value()) << Describe(applied.error());
  EXPECT_EQ(*applied, static_cast<int>(sqlite::Migrations().size()));
  Result<int> after = (*db)->SchemaVersion();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(*after, sqlite::Migrations().back().version);
}

TEST(SqliteMigrations, AreNumberedFromOneWithoutGaps) {
  int expected = 1;
  for (const sqlite::Migration& migration : sqlite::Migrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_NE(migration.name, nullptr);
    EXPECT_NE(migration.sql, nullptr);
  }
}

TEST_F(SqliteDatabaseTest, MigrateRefusesASchemaFromANewerBinary) {
  std::unique_ptr<SqliteDatabase> db = OpenMigrated();
  ASSERT_NE(db, nullptr);
  {
    RawConnection raw(DbPath(dir_.path()));
    ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                       "VALUES (9999, '9999_future', 0)"),
              SQLITE_OK);
  }
  Result<int> r = db->Migrate();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kFailedPrecondition);
  EXPECT_EQ(r.error().code, "schema_too_new");
}

TEST_F(SqliteDatabaseTest, ForeignKeysAreEnforced) {
  std::unique_ptr<SqliteDatabase> db = OpenMigrated();
  ASSERT_NE(db, nullptr);
  Result<> r = db->Run(TxMode::kWrite, [](Transaction& tx) {
    return tx.revoked_tokens().Revoke("secret-jti-value", "no-such-user", At(1));
  });
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().errc, Errc::kInternal);
  EXPECT_EQ(r.error().public_message, "Internal server error");
  // The detail names the operation and SQLite's reason, never the bound values.
  EXPECT_NE(r.error().detail.find("revoked_tokens.revoke"), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find("FOREIGN KEY"), std::string::npos) << r.error().detail;
  EXPECT_EQ(r.error().detail.find("secret-jti-value"), std::string::npos);
}

TEST_F(SqliteDatabaseTest, AWriterBusyPastTheTimeoutIsUnavailableAndReadersGoOn) {
  std::unique_ptr<SqliteDatabase> db = OpenMigrated(/*busy_timeout_ms=*/50);
  ASSERT_NE(db, nullptr);
  CLOCKKO_ASSERT_OK(
      db->Run(TxMode::kWrite, [](Transaction& tx) { return tx.users().Insert(MakeUser(1)); }));

  RawConnection other(DbPath(dir_.path()));
  ASSERT_EQ(other.Exec("BEGIN IMMEDIATE"), SQLITE_OK);  // another process holds the write lock

  Result<> write =
      db->Run(TxMode::kWrite, [](Transaction& tx) { return tx.users().Insert(MakeUser(2)); });
  ASSERT_FALSE(write.has_value());
  EXPECT_EQ(write.error().errc, Errc::kUnavailable);
  EXPECT_EQ(write.error().code, "service_unavailable");
  EXPECT_EQ(write.error().public_message, "Service temporarily unavailable");

  // WAL: readers are not blocked by a writer; Ping neither.
  Result<bool> exists = Transact<bool>(
      *db, TxMode::kRead, [](Transaction& tx) { return tx.users().UsernameExists("user1"); });
  ASSERT_TRUE(exists.has_value()) << Describe(exists.error());
  EXPECT_TRUE(*exists);
  CLOCKKO_ASSERT_OK(db->Ping());

  ASSERT_EQ(other.Exec("ROLLBACK"), SQLITE_OK);
  CLOCKKO_ASSERT_OK(
      db->Run(TxMode::kWrite, [](Transaction& tx) { return tx.users().Insert(MakeUser(2)); }));
}

TEST_F(SqliteDatabaseTest, ReadTransactionsSeeASnapshot) {
  std::unique_ptr<SqliteDatabase> db = OpenMigrated();
  ASSERT_NE(db, nullptr);
  CLOCKKO_ASSERT_OK(db->Run(TxMode::kRead, [&](Transaction& tx) -> Result<> {
    Result<bool> first = tx.users().UsernameExists("user1");  // starts the snapshot
    EXPECT_TRUE(first.has_value() && !*first);
    RawConnection other(DbPath(dir_.path()));
    EXPECT_EQ(
        other.Exec("INSERT INTO users (id, username, email, email_lower, full_name, "
                   "created_at, updated_at) VALUES ('x', 'user1', 'a@b.c', 'a@b.c', 'A', 1, 1)"),
        SQLITE_OK);
    Result<bool> second = tx.users().UsernameExists("user1");
    EXPECT_TRUE(second.has_value() && !*second);
    return {};
  }));
  Result<bool> after = Transact<bool>(
      *db, TxMode::kRead, [](Transaction& tx) { return tx.users().UsernameExists("user1"); });
  EXPECT_TRUE(after.has_value() && *after);
}

}  // namespace
}  // namespace clockko::store::testing
