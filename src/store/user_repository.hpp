#pragma once
// Durable account storage (the `users` table, ARCHITECTURE.md §4). Implemented by
// SqliteUserRepository (and later PgUserRepository); reached through a store::Transaction so that
// several writes commit together. Not thread-safe on its own: a Transaction belongs to one thread.
// Errors: kAlreadyExists (code "email_taken" or "username_taken"), kUnavailable (database busy,
// disk full, unreachable); anything else is kInternal.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct UserRecord {
  std::string id;           // lower-case canonical UUID
  std::string username;     // unique
  std::string email;        // stored form (local part as typed, domain lower-cased)
  std::string email_lower;  // unique lookup key
  std::string full_name;
  std::optional<std::string> phone_number;
  std::optional<std::string> avatar_url;
  std::optional<std::string> password_hash;  // absent for Google-only accounts
  bool is_active = true;
  bool is_verified = false;
  bool otp_verified = false;
  bool onboarding_completed = false;
  bool two_factor_enabled = false;
  std::int64_t token_version = 0;
  Timestamp created_at;
  Timestamp updated_at;
  std::optional<Timestamp> password_changed_at;
};

class UserRepository {
 public:
  virtual ~UserRepository() = default;

  // Inserts a new row. kAlreadyExists "email_taken" when email_lower is taken (also when a
  // concurrent insert won the race), "username_taken" when the username is.
  virtual Result<> Insert(const UserRecord& user) = 0;

  // An unknown id or address is not an error: an empty optional.
  virtual Result<std::optional<UserRecord>> FindById(const std::string& id) = 0;
  virtual Result<std::optional<UserRecord>> FindByEmailLower(const std::string& email_lower) = 0;
  virtual Result<bool> UsernameExists(const std::string& username) = 0;

  // Writes every mutable column of `user` (all but id and created_at). kNotFound if the row is
  // gone. kAlreadyExists "email_taken" if a changed address collides.
  virtual Result<> Update(const UserRecord& user) = 0;

  // Increments token_version and returns the new value. kNotFound if the row is gone.
  virtual Result<std::int64_t> BumpTokenVersion(const std::string& id) = 0;

  // Ordered by created_at, then id.
  virtual Result<std::vector<UserRecord>> List(std::int64_t limit, std::int64_t offset) = 0;

  // Deletes the row (dependent rows go with it). False if there was none.
  virtual Result<bool> Delete(const std::string& id) = 0;
};

}  // namespace clockko::store
