#include "auth/password_policy.hpp"

#include <string>

#include "core/encoding.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> Weak(std::string message) {
  return Fail(Errc::kInvalidArgument, "weak_password", std::move(message));
}

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) {
      return false;
    }
  }
  return true;
}

std::string_view TrimSpaces(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t begin = s.find_first_not_of(kSpace);
  if (begin == std::string_view::npos) {
    return {};
  }
  return s.substr(begin, s.find_last_not_of(kSpace) - begin + 1);
}

// True if `password` equals (case-insensitively) a non-empty `candidate`.
bool Matches(std::string_view password, std::string_view candidate) {
  candidate = TrimSpaces(candidate);
  return !candidate.empty() && EqualsIgnoringAsciiCase(password, candidate);
}

}  // namespace

PasswordPolicy::PasswordPolicy(PasswordPolicyOptions options, const CommonPasswords& common)
    : options_(options), common_(common) {}

Result<> PasswordPolicy::Check(std::string_view password, std::string_view email,
                               std::string_view name) const {
  if (!IsValidUtf8(password) || password.find('\0') != std::string_view::npos) {
    return Weak("Password contains invalid characters");
  }
  if (options_.min_length > 0 &&
      CodePointCount(password) < static_cast<std::size_t>(options_.min_length)) {
    return Weak("Password must be at least " + std::to_string(options_.min_length) +
                " characters long");
  }
  // Rejected rather than truncated: bcrypt silently ignores bytes past 72.
  if (password.size() > options_.max_bytes) {
    return Weak("Password must be at most " + std::to_string(options_.max_bytes) + " bytes");
  }
  if (common_.Contains(password)) {
    return Weak("This password is too common; choose a different one");
  }
  const std::string_view trimmed_email = TrimSpaces(email);
  const std::size_t at = trimmed_email.rfind('@');
  const std::string_view local_part =
      at == std::string_view::npos ? std::string_view() : trimmed_email.substr(0, at);
  if (Matches(password, trimmed_email) || Matches(password, local_part) ||
      Matches(password, name)) {
    return Weak("Password must not be your email address or name");
  }
  return {};
}

}  // namespace clockko::auth
