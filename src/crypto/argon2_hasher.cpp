#include "crypto/argon2_hasher.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <stdexcept>

namespace clockko::crypto {
namespace {

constexpr std::string_view kPrefix = crypto_pwhash_argon2id_STRPREFIX;  // "$argon2id$"
constexpr std::size_t kSaltBytes = crypto_pwhash_argon2id_SALTBYTES;    // 16
// crypto_pwhash_str's tag length; keeps our strings identical in shape to libsodium's own.
constexpr std::size_t kTagBytes = 32;

static_assert(Argon2Hasher::kInteractiveOpsLimit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(Argon2Hasher::kInteractiveMemLimit == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);

void InitSodiumOnce() {
  // sodium_init is idempotent and thread-safe; the static makes the check run once.
  static const int rc = sodium_init();
  if (rc < 0) {
    throw std::runtime_error("libsodium: sodium_init failed");
  }
}

bool PasswordFits(std::string_view password) {
  return password.size() <= Argon2Hasher::kMaxPasswordBytes &&
         password.find('\0') == std::string_view::npos;
}

// libsodium reads C strings: anything not starting with the argon2id prefix, holding an inner
// NUL or longer than its own buffer size is refused before it gets there.
bool LooksLikeArgon2id(std::string_view hash) {
  return hash.starts_with(kPrefix) && hash.size() < crypto_pwhash_argon2id_STRBYTES &&
         hash.find('\0') == std::string_view::npos;
}

std::string Base64NoPadding(const std::uint8_t* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  out.resize(out.find('\0'));  // the encoded length counts the terminator
  return out;
}

}  // namespace

Argon2Hasher::Argon2Hasher(clockko::Random& random, unsigned long long ops_limit,
                           std::size_t mem_limit)
    : ops_limit_(ops_limit), mem_limit_(mem_limit), random_(random) {
  if (ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      mem_limit < crypto_pwhash_argon2id_MEMLIMIT_MIN) {
    throw std::invalid_argument("argon2id limits below libsodium's minimum");
  }
  InitSodiumOnce();
  // The dummy password is random and discarded so nobody can ever match the dummy hash.
  auto hash = Hash(random_.Hex(16));
  if (!hash) {
    throw std::runtime_error("argon2id: cannot compute the dummy hash: " + hash.error().detail);
  }
  dummy_hash_ = std::move(*hash);
}

Result<std::string> Argon2Hasher::Hash(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Fail(Errc::kInvalidArgument, "weak_password", "Password must be at most 1024 bytes");
  }
  if (password.find('\0') != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, "weak_password", "Password contains invalid characters");
  }
  std::array<std::uint8_t, kSaltBytes> salt{};
  random_.Fill(salt);
  std::array<std::uint8_t, kTagBytes> tag{};
  if (crypto_pwhash_argon2id(tag.data(), tag.size(), password.data(), password.size(), salt.data(),
                             ops_limit_, mem_limit_, crypto_pwhash_argon2id_ALG_ARGON2ID13) != 0) {
    return Internal("crypto_pwhash_argon2id failed (out of memory?)");
  }
  // The encoding of libsodium's crypto_pwhash_str (m in KiB, one lane).
  std::string out = std::string(kPrefix) + "v=19$m=" + std::to_string(mem_limit_ / 1024) +
                    ",t=" + std::to_string(ops_limit_) + ",p=1$" +
                    Base64NoPadding(salt.data(), salt.size()) + "$" +
                    Base64NoPadding(tag.data(), tag.size());
  sodium_memzero(tag.data(), tag.size());
  return out;
}

bool Argon2Hasher::Verify(std::string_view password, std::string_view stored_hash) {
  if (!PasswordFits(password) || !LooksLikeArgon2id(stored_hash)) {
    return false;
  }
  const std::string hash_z(stored_hash);
  // Recomputes with the parameters in the string and compares in constant time.
  return crypto_pwhash_argon2id_str_verify(hash_z.c_str(), password.data(), password.size()) == 0;
}

bool Argon2Hasher::NeedsRehash(std::string_view stored_hash) const {
  if (!LooksLikeArgon2id(stored_hash)) {
    return true;
  }
  const std::string hash_z(stored_hash);
  // 0: same parameters; 1: other parameters; -1: not a valid argon2id string.
  return crypto_pwhash_argon2id_str_needs_rehash(hash_z.c_str(), ops_limit_, mem_limit_) != 0;
}

}  // namespace clockko::crypto
