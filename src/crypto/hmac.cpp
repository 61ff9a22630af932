#include "crypto/hmac.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <cstdio>
#include <cstdlib>

#include "core/encoding.hpp"

namespace clockko::crypto {
namespace {

// These one-shot calls only fail on allocation failure or a broken OpenSSL install; both are
// unrecoverable, so abort instead of returning an empty MAC that could compare equal to another.
[[noreturn]] void Die(const char* what) {
  std::fprintf(stderr, "clockko: %s failed; aborting\n", what);
  std::abort();
}

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  // OpenSSL wants a non-null key pointer even for an empty key.
  static constexpr unsigned char kEmpty[1] = {0};
  const void* key_ptr = key.empty() ? static_cast<const void*>(kEmpty) : key.data();
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), Bytes(data), data.size(), out,
           &len) == nullptr ||
      len != SHA256_DIGEST_LENGTH) {
    Die("HMAC-SHA256");
  }
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string Sha256(std::string_view data) {
  unsigned char out[SHA256_DIGEST_LENGTH];
  if (SHA256(Bytes(data), data.size(), out) == nullptr) {
    Die("SHA-256");
  }
  return std::string(reinterpret_cast<const char*>(out), sizeof out);
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

}  // namespace clockko::crypto
