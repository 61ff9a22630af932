#pragma once
// Pending one-time codes (API.md §1.11): at most one per (user, purpose), stored only as an HMAC,
// with a count of wrong guesses. Use is an atomic compare-and-delete (Consume), so a code works at
// most once even under concurrency. Reached through a store::Transaction (not thread-safe itself).
// Errors: kUnavailable, kInternal (including a user_id that names no user: a caller bug).
#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::store {

struct OneTimeCode {
  std::string user_id;
  std::string purpose;    // "verify_email", "reset_password", "change_email"
  std::string code_hmac;  // hex HMAC-SHA256; the code itself is never stored
  std::string target;     // the new address for change_email, else ""
  Timestamp expires_at;
  std::int32_t attempts = 0;  // wrong guesses so far
  Timestamp created_at;
};

class OneTimeCodeRepository {
 public:
  virtual ~OneTimeCodeRepository() = default;
  // Inserts, replacing any code of the same (user_id, purpose) (attempts reset).
  virtual Result<> Put(const OneTimeCode& code) = 0;
  virtual Result<std::optional<OneTimeCode>> Find(const std::string& user_id,
                                                  const std::string& purpose) = 0;
  // attempts + 1 for the (user_id, purpose) row; returns the new count (0 if there is no row).
  virtual Result<std::int32_t> RecordFailedAttempt(const std::string& user_id,
                                                   const std::string& purpose) = 0;
  // Atomic compare-and-delete: deletes the row only if its code_hmac equals `code_hmac`; true iff
  // a row was deleted. Two concurrent calls with the same code: exactly one gets true.
  virtual Result<bool> Consume(const std::string& user_id, const std::string& purpose,
                               const std::string& code_hmac) = 0;
  // Idempotent.
  virtual Result<> Delete(const std::string& user_id, const std::string& purpose) = 0;
  // Every purpose; idempotent.
  virtual Result<> DeleteAllForUser(const std::string& user_id) = 0;
  // Removes codes whose expires_at is before `now`; returns how many.
  virtual Result<std::int64_t> PurgeExpired(Timestamp now) = 0;
};

}  // namespace clockko::store
