#pragma once
// Comparison of secrets (MACs, hashes, token digests) whose timing does not depend on where the
// first difference is. Pure function; thread-safe.
#include <openssl/crypto.h>

#include <string_view>

namespace clockko::crypto {

// True iff `a` and `b` are byte-for-byte equal. Strings of different lengths are unequal; only the
// lengths (never the contents) influence the time taken.
inline bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  if (a.empty()) {
    return true;
  }
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace clockko::crypto
