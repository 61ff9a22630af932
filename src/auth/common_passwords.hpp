#pragma once
// CommonPasswords: the bundled list of common passwords (resources/common-passwords.txt, embedded
// at build time) as a hash set, for the password policy (API.md §1.3, SECURITY.md "Passwords").
// Immutable after construction, so concurrent Contains() calls are safe. Cannot fail.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

namespace clockko::auth {

class CommonPasswords {
 public:
  // One entry per line; CR, blank lines and duplicates are ignored; entries are ASCII lower-cased.
  explicit CommonPasswords(std::string_view text);
  CommonPasswords(const CommonPasswords&) = delete;
  CommonPasswords& operator=(const CommonPasswords&) = delete;
  CommonPasswords(CommonPasswords&&) = default;
  CommonPasswords& operator=(CommonPasswords&&) = default;

  // The list compiled into the binary, parsed on first use (thread-safe function-local static).
  static const CommonPasswords& Embedded();

  // True if `password`, ASCII lower-cased, is on the list. Non-ASCII letters compare exactly.
  bool Contains(std::string_view password) const;
  std::size_t size() const { return entries_.size(); }

 private:
  std::unordered_set<std::string> entries_;
};

}  // namespace clockko::auth
