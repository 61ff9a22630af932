#pragma once
// HS256 access tokens exactly as API.md §1.8: header {"alg":"HS256","typ":"JWT","kid":...},
// claims sub, iat, exp, jti, ver; ASCII-only payload. The key ring holds the current key (signs
// and verifies) and former keys (verify only); kid = first 16 hex chars of SHA-256(key).
// Thread-safe: a JwtCodec is immutable after construction (rotation swaps the whole codec).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/timestamp.hpp"

namespace clockko::crypto {

struct AccessClaims {
  std::string sub;  // user id (UUID)
  std::int64_t iat = 0;
  std::int64_t exp = 0;
  std::string jti;  // 32 lower-case hex characters
  std::int64_t ver = 0;
};

// "kid" of a key: first 16 hex characters of SHA-256(key).
std::string KeyId(std::string_view key);

class JwtCodec {
 public:
  // REQUIRES: current_key not empty. Empty entries in previous_keys are ignored.
  JwtCodec(std::string current_key, std::vector<std::string> previous_keys,
           std::int64_t leeway_seconds);

  // Signs with the current key.
  std::string Sign(const AccessClaims& claims) const;

  // Checks steps 1–4 of API.md §1.8 (shape, alg, kid + MAC, exp/iat with leeway) and that sub is a
  // canonical UUID, jti is present and ver is an integer. Does NOT check the user, ver or
  // revocation (step 5 needs the store). Errors: kUnauthenticated with code "invalid_token", or
  // "token_expired" when only exp failed; public message always "Invalid credentials"; `detail`
  // says which check failed (for the log).
  Result<AccessClaims> Verify(std::string_view token, Timestamp now) const;

  const std::string& current_kid() const { return keys_.front().kid; }
  std::vector<std::string> kids() const;

 private:
  struct Key {
    std::string secret;
    std::string kid;
  };
  std::vector<Key> keys_;  // front() is the current key
  std::int64_t leeway_seconds_;
};

}  // namespace clockko::crypto
