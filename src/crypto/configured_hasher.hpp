#pragma once
// ConfiguredHasher: the PasswordHasher the server uses (PASSWORD_HASH, API.md §14.2). New hashes
// use the configured algorithm ("bcrypt" or "argon2id"); Verify accepts both kinds by the stored
// string's prefix, so switching the setting never locks anybody out, and NeedsRehash flags the
// other algorithm so logins migrate (§2.2 step 6). Thread-safe; errors as PasswordHasher.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "crypto/argon2_hasher.hpp"
#include "crypto/bcrypt_hasher.hpp"
#include "crypto/password_hasher.hpp"

namespace clockko::crypto {

class ConfiguredHasher final : public PasswordHasher {
 public:
  // `algorithm` is "bcrypt" or "argon2id"; `bcrypt_cost` applies to new bcrypt hashes and to
  // NeedsRehash of existing ones; the argon2 limits default to libsodium's interactive ones (only
  // tests pass others). `random` must outlive this object. Startup only (computes both dummy
  // hashes): throws std::invalid_argument for an unknown algorithm, a bcrypt cost outside [4, 31]
  // or argon2 limits below libsodium's minimum; std::runtime_error if a library cannot hash.
  ConfiguredHasher(std::string algorithm, int bcrypt_cost, clockko::Random& random,
                   unsigned long long argon2_ops_limit = Argon2Hasher::kInteractiveOpsLimit,
                   std::size_t argon2_mem_limit = Argon2Hasher::kInteractiveMemLimit);
  ConfiguredHasher(const ConfiguredHasher&) = delete;
  ConfiguredHasher& operator=(const ConfiguredHasher&) = delete;

  Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string_view password, std::string_view stored_hash) override;
  bool NeedsRehash(std::string_view stored_hash) const override;
  const std::string& DummyHash() const override;

  // The longest password (in bytes) Hash accepts: 72 for bcrypt, 1024 for argon2id.
  std::size_t max_password_bytes() const;
  const std::string& algorithm() const { return algorithm_; }

 private:
  std::string algorithm_;
  bool use_argon2_;
  BcryptHasher bcrypt_;
  Argon2Hasher argon2_;
};

}  // namespace clockko::crypto
