#pragma once
// BcryptHasher: PasswordHasher producing "$2b$<cost>$..." through libxcrypt's crypt_rn (each call
// uses its own stack crypt_data, so it is thread-safe). Verifies $2a$, $2b$ and $2y$ hashes,
// including those written by Python passlib. Passwords over 72 bytes or containing NUL are
// refused (kInvalidArgument "weak_password"), never truncated.
#include <string>
#include <string_view>

#include "core/random.hpp"
#include "crypto/password_hasher.hpp"

namespace clockko::crypto {

class BcryptHasher final : public PasswordHasher {
 public:
  // bcrypt reads at most this many bytes of a password; longer ones are refused.
  static constexpr std::size_t kMaxPasswordBytes = 72;
  static constexpr int kMinCost = 4;
  static constexpr int kMaxCost = 31;

  // Computes DummyHash() (one bcrypt at `cost`). `random` supplies salts and must outlive this
  // object. Startup only: throws std::invalid_argument if cost is outside [4, 31] and
  // std::runtime_error if libxcrypt cannot hash at all.
  BcryptHasher(int cost, clockko::Random& random);
  BcryptHasher(const BcryptHasher&) = delete;
  BcryptHasher& operator=(const BcryptHasher&) = delete;

  Result<std::string> Hash(std::string_view password) override;
  bool Verify(std::string_view password, std::string_view stored_hash) override;
  bool NeedsRehash(std::string_view stored_hash) const override;
  const std::string& DummyHash() const override { return dummy_hash_; }

  int cost() const { return cost_; }

 private:
  int cost_;
  clockko::Random& random_;
  std::string dummy_hash_;
};

}  // namespace clockko::crypto
