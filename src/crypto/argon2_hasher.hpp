#pragma once
// Argon2Hasher: PasswordHasher producing libsodium's "$argon2id$v=19$m=...,t=...,p=1$salt$hash"
// strings (the format of crypto_pwhash_str; the salt comes from clockko::Random) and verifying
// them with crypto_pwhash_argon2id_str_verify. Thread-safe (libsodium keeps no shared state after
// sodium_init). Passwords over 1,024 bytes or containing NUL are refused (kInvalidArgument
// "weak_password"); a malformed or non-argon2id hash never verifies.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "crypto/password_hasher.hpp"

namespace clockko::crypto {

class Argon2Hasher final : public PasswordHasher {
 public:
  // API.md §1.3: argon2id accepts passwords up to this many bytes.
  static constexpr std::size_t kMaxPasswordBytes = 1024;
  // libsodium's crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (2 passes, 64 MiB).
  static constexpr unsigned long long kInteractiveOpsLimit = 2;
  static constexpr std::size_t kInteractiveMemLimit = 64 * 1024 * 1024;

  // Calls sodium_init (once per process) and computes DummyHash(). `random` supplies salts and must
  // outlive this object. The limits exist for tests; production uses the interactive defaults.
  // Startup only: throws std::invalid_argument if a limit is below libsodium's minimum (1 pass,
  // 8 KiB) and std::runtime_error if libsodium cannot initialise or hash.
  explicit Argon2Hasher(clockko::Random& random,
                        unsigned long long ops_limit = kInteractiveOpsLimit,
                        std::size_t mem_limit = kInteractiveMemLimit);
  Argon2Hasher(const Argon2Hasher&) = delete;
  Argon2Hasher& operator=(const Argon2Hasher&) = delete;

  Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string_view password, std::string_view stored_hash) override;
  bool NeedsRehash(std::string_view stored_hash) const override;
  const std::string& DummyHash() const override { return dummy_hash_; }

 private:
  unsigned long long ops_limit_;
  std::size_t mem_limit_;
  clockko::Random& random_;
  std::string dummy_hash_;
};

}  // namespace clockko::crypto
