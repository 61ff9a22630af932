#pragma once
// PasswordPolicy: the rules a new password must meet on register, reset and change (API.md §1.3,
// SECURITY.md "Passwords"): valid UTF-8 without NUL, a minimum length in code points, a maximum in
// bytes (the hasher's limit: never truncate), not a common password, not the user's e-mail or name.
// No composition rules. Immutable; Check() is thread-safe.
#include <cstddef>
#include <string_view>

#include "auth/common_passwords.hpp"
#include "core/result.hpp"

namespace clockko::auth {

struct PasswordPolicyOptions {
  // Minimum length in Unicode code points. Default: 8 (PASSWORD_MIN_LENGTH).
  int min_length = 8;
  // Maximum length in UTF-8 bytes: 72 for bcrypt, 1024 for argon2id. Default: 72.
  std::size_t max_bytes = 72;
};

class PasswordPolicy {
 public:
  // `common` must outlive the policy (usually CommonPasswords::Embedded()).
  PasswordPolicy(PasswordPolicyOptions options, const CommonPasswords& common);

  // Success if `password` meets every rule. Otherwise the first failing rule, in the order above,
  // as kInvalidArgument / "weak_password" / the exact API.md message. `email` and `name` are the
  // account's address and full name (either may be empty); compared ASCII case-insensitively.
  Result<> Check(std::string_view password, std::string_view email, std::string_view name) const;

 private:
  PasswordPolicyOptions options_;
  const CommonPasswords& common_;
};

}  // namespace clockko::auth
