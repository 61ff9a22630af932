#pragma once
// OneTimeCodes: the 6-digit codes and 256-bit link tokens of API.md §1.11. Codes come from the
// CSPRNG by rejection sampling, are bound to (user, purpose[, target address]) and stored only as
// HMAC-SHA256 of "purpose|user_id|code" under a key derived from the JWT signing key (former keys
// still verify after a rotation). Link tokens are stored as SHA-256. Use is an atomic
// compare-and-delete, so a code works once even under concurrent requests.
// Every method works inside the caller's transaction. Thread-safe (immutable after construction).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/random.hpp"
#include "store/database.hpp"

namespace clockko::auth {

inline constexpr std::string_view kPurposeVerifyEmail = "verify_email";
inline constexpr std::string_view kPurposeResetPassword = "reset_password";
inline constexpr std::string_view kPurposeChangeEmail = "change_email";
inline constexpr std::string_view kPurposeDeleteAccount = "delete_account";

struct OneTimeCodeOptions {
  int expire_minutes = 5;  // OTP_EXPIRE_MINUTES
  int max_attempts = 5;    // OTP_MAX_ATTEMPTS: wrong guesses before the code is void
};

// What a code check found. Only kValid lets the caller go on to Consume().
enum class CodeStatus {
  kValid,
  kWrong,     // counted as a guess (attempts + 1)
  kNowVoid,   // counted, and it used up the last attempt: later checks report kLocked
  kLocked,    // the code had already used up its attempts (void until a new one is issued)
  kExpired,   // the right code, too late: deleted
  kMissing,   // no pending code of this purpose
  kMalformed  // not exactly 6 ASCII digits: not counted as a guess
};

struct CodeCheck {
  CodeStatus status = CodeStatus::kMissing;
  std::string target;  // the pending code's target (change_email: the new address)
};

class OneTimeCodes {
 public:
  // `signing_keys`: the current JWT key first, then former keys. REQUIRES: not empty.
  OneTimeCodes(const std::vector<std::string>& signing_keys, Random& random, const Clock& clock,
               OneTimeCodeOptions options);
  OneTimeCodes(const OneTimeCodes&) = delete;
  OneTimeCodes& operator=(const OneTimeCodes&) = delete;

  // A new code for (user, purpose), replacing any pending one. Returns the plain code (for the
  // mail only; never stored or logged).
  Result<std::string> Issue(store::Transaction& tx, const std::string& user_id,
                            std::string_view purpose, std::string_view target = {});

  // Checks `code` (trimmed) against the pending code without consuming it. A wrong guess is
  // recorded in `tx`, so the caller must COMMIT even when the status is not kValid.
  Result<CodeCheck> Check(store::Transaction& tx, const std::string& user_id,
                          std::string_view purpose, std::string_view code);

  // Atomically deletes the pending code if it is `code`; false if someone else used it first.
  Result<bool> Consume(store::Transaction& tx, const std::string& user_id, std::string_view purpose,
                       std::string_view code);

  // A new 256-bit link token for (user, purpose) living `lifetime_seconds`, replacing the user's
  // earlier one. Returns the token (base64url, 43 characters).
  Result<std::string> IssueLink(store::Transaction& tx, const std::string& user_id,
                                std::string_view purpose, std::int64_t lifetime_seconds);

  // The pending link of `token` if it exists and has `purpose` (expired ones included: the
  // caller tells "expired" from "invalid"). Malformed tokens simply find nothing.
  Result<std::optional<store::LinkToken>> FindLink(store::Transaction& tx, std::string_view token,
                                                   std::string_view purpose);
  // Deletes the link; false if it was already used.
  Result<bool> ConsumeLink(store::Transaction& tx, std::string_view token);

  int expire_minutes() const { return options_.expire_minutes; }

 private:
  std::string CodeHmac(const std::string& key, std::string_view purpose, const std::string& user_id,
                       std::string_view code) const;

  std::vector<std::string> hmac_keys_;  // derived from the signing keys, current first
  Random& random_;
  const Clock& clock_;
  OneTimeCodeOptions options_;
};

// "123456" after trimming ASCII blanks: exactly six ASCII digits. Anything else is answered like a
// wrong code but not counted as a guess (API.md §1.3 "Codes").
std::optional<std::string> NormalizeCode(std::string_view input);

}  // namespace clockko::auth
