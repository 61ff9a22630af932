#pragma once
// The store contract suite: one parameterised fixture (StoreContract) that every store::Database
// implementation must pass. A backend joins with one INSTANTIATE_TEST_SUITE_P line giving a
// StoreBackend (see sqlite_database_test.cpp). Each test gets a fresh, migrated store.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>

#include "core/result.hpp"
#include "core/timestamp.hpp"
#include "store/database.hpp"

namespace clockko::store::testing {

struct StoreBackend {
  std::string name;  // test-name suffix, e.g. "Sqlite"
  // Opens, without migrating, the store kept under `dir` (reopening the same dir gives the same
  // data). Busy timeouts must be generous: the concurrency tests queue writers on them.
  std::function<Result<std::unique_ptr<Database>>(const std::filesystem::path& dir, int pool_size)>
      open;
  // Applies pending migrations; returns how many.
  std::function<Result<int>(Database& db)> migrate;
};

inline void PrintTo(const StoreBackend& backend, std::ostream* os) { *os << backend.name; }

// A directory removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class StoreContract : public ::testing::TestWithParam<StoreBackend> {
 protected:
  static constexpr int kPoolSize = 4;

  void SetUp() override;
  void TearDown() override;

  // Opens and migrates the store in this test's directory.
  std::unique_ptr<Database> OpenMigrated(int pool_size);
  void Reopen();

  // Runs `work` in a write / read transaction.
  Result<> Write(const std::function<Result<>(Transaction&)>& work) {
    return db_->Run(TxMode::kWrite, work);
  }
  Result<> Read(const std::function<Result<>(Transaction&)>& work) {
    return db_->Run(TxMode::kRead, work);
  }

  // Shorthands that fail the test on an error.
  void InsertUser(const UserRecord& user);
  std::optional<UserRecord> FindUser(const std::string& id);

  TempDir dir_;
  std::unique_ptr<Database> db_;
  int first_migration_count_ = -1;
};

// A complete, valid user: id "00000000-0000-4000-8000-00000000000<n>" style, username "user<n>",
// email "User<n>@Example.com" / "user<n>@example.com".
UserRecord MakeUser(int n);
OutboxMail MakeMail(const std::string& kind, Timestamp next_attempt_at,
                    std::optional<std::string> user_id);
inline Timestamp At(std::int64_t seconds) { return Timestamp::FromUnixSeconds(seconds); }

// Short messages for failed Results.
std::string Describe(const Error& error);

}  // namespace clockko::store::testing

#define CLOCKKO_ASSERT_OK(expr)                                                                  \
  do {                                                                                           \
    auto&& clockko_result_ = (expr);                                                             \
    ASSERT_TRUE(clockko_result_.has_value())                                                     \
        << #expr << " failed: " << ::clockko::store::testing::Describe(clockko_result_.error()); \
  } while (false)
