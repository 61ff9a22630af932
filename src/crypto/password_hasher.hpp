#pragma once
// PasswordHasher: one-way password hashing (bcrypt via libxcrypt in BcryptHasher). Deliberately
// slow: call only from worker threads. Thread-safe.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace clockko::crypto {

class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;

  // A new salted hash in modular crypt format ("$2b$12$...").
  // Errors: kInvalidArgument "weak_password" when the password cannot be hashed without change
  // (over 72 bytes for bcrypt, contains NUL); kInternal when the library fails.
  virtual Result<std::string> Hash(std::string_view password) = 0;

  // True iff `password` matches `stored_hash`. A malformed or unsupported hash is simply false.
  // Takes the same time for a wrong password as for a right one.
  virtual bool Verify(std::string_view password, std::string_view stored_hash) = 0;

  // True when `stored_hash` uses another algorithm or cost than new hashes would (rehash on
  // login, API.md §2.2 step 6).
  virtual bool NeedsRehash(std::string_view stored_hash) const = 0;

  // A valid hash of a random password at the configured cost, for the dummy verification that
  // makes an unknown address cost the same as a wrong password.
  virtual const std::string& DummyHash() const = 0;
};

}  // namespace clockko::crypto
