#pragma once
// SHA-256 and HMAC-SHA256 (OpenSSL). Used for JWT signatures, key ids and hashing stored
// one-time codes and link tokens. Pure functions; thread-safe. Results are raw bytes unless the
// name says Hex.
#include <string>
#include <string_view>

namespace clockko::crypto {

// HMAC-SHA256(key, data): 32 raw bytes. Any key length is allowed (RFC 2104).
std::string HmacSha256(std::string_view key, std::string_view data);

// SHA-256(data): 32 raw bytes.
std::string Sha256(std::string_view data);

// SHA-256(data) as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

}  // namespace clockko::crypto
