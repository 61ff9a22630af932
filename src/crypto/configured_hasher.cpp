#include "crypto/configured_hasher.hpp"

#include <stdexcept>
#include <utility>

namespace clockko::crypto {
namespace {

enum class Kind { kBcrypt, kArgon2id, kUnknown };

// Which hasher wrote `hash`, by its modular-crypt prefix. The inner hasher checks the rest.
Kind KindOf(std::string_view hash) {
  if (hash.starts_with("$2a$") || hash.starts_with("$2b$") || hash.starts_with("$2y$")) {
    return Kind::kBcrypt;
  }
  if (hash.starts_with("$argon2id$")) {
    return Kind::kArgon2id;
  }
  return Kind::kUnknown;
}

bool UsesArgon2(const std::string& algorithm) {
  if (algorithm == "argon2id") {
    return true;
  }
  if (algorithm == "bcrypt") {
    return false;
  }
  throw std::invalid_argument("password hash algorithm must be bcrypt or argon2id");
}

}  // namespace

ConfiguredHasher::ConfiguredHasher(std::string algorithm, int bcrypt_cost, clockko::Random& random,
                                   unsigned long long argon2_ops_limit,
                                   std::size_t argon2_mem_limit)
    : algorithm_(std::move(algorithm)),
      use_argon2_(UsesArgon2(algorithm_)),
      bcrypt_(bcrypt_cost, random),
      argon2_(random, argon2_ops_limit, argon2_mem_limit) {}

Result<std::string> ConfiguredHasher::Hash(std::string_view password) {
  return use_argon2_ ? argon2_.Hash(password) : bcrypt_.Hash(password);
}

bool ConfiguredHasher::Verify(std::string_view password, std::string_view stored_hash) {
  switch (KindOf(stored_hash)) {
    case Kind::kBcrypt:
      return bcrypt_.Verify(password, stored_hash);
    case Kind::kArgon2id:
      return argon2_.Verify(password, stored_hash);
    case Kind::kUnknown:
      break;
  }
  return false;
}

bool ConfiguredHasher::NeedsRehash(std::string_view stored_hash) const {
  const Kind kind = KindOf(stored_hash);
  if (kind == Kind::kUnknown || (kind == Kind::kArgon2id) != use_argon2_) {
    return true;
  }
  return use_argon2_ ? argon2_.NeedsRehash(stored_hash) : bcrypt_.NeedsRehash(stored_hash);
}

const std::string& ConfiguredHasher::DummyHash() const {
  return use_argon2_ ? argon2_.DummyHash() : bcrypt_.DummyHash();
}

std::size_t ConfiguredHasher::max_password_bytes() const {
  return use_argon2_ ? Argon2Hasher::kMaxPasswordBytes : BcryptHasher::kMaxPasswordBytes;
}

}  // namespace clockko::crypto
