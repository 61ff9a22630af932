#include "auth/profile_rules.hpp"

#include "core/encoding.hpp"

namespace clockko::auth {
namespace {

tl::unexpected<Error> Invalid(std::string_view field, std::string_view problem) {
  return Fail(Errc::kInvalidArgument, "validation_error",
              std::string(field) + ": " + std::string(problem));
}

bool IsUrlHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == ':' || c == '[' || c == ']';
}

}  // namespace

Result<std::string> NormalizeName(std::string_view raw, std::string_view field) {
  if (!IsValidUtf8(raw)) {
    return Invalid(field, "must be valid UTF-8");
  }
  const std::string_view name = TrimWhitespace(raw);
  if (name.empty()) {
    return Invalid(field, "must not be empty");
  }
  if (CodePointCount(name) > 100) {
    return Invalid(field, "must be at most 100 characters");
  }
  // Zero-width, bidi and line-separator characters would let a name look like something else
  // (or nothing) in mails and the UI.
  if (HasControlCharacters(name) || HasInvisibleCharacters(name)) {
    return Invalid(field, "must not contain control characters");
  }
  return std::string(name);
}

Result<std::string> NormalizePhone(std::string_view raw, std::string_view field) {
  if (raw.size() > 32) {
    return Invalid(field, "must be at most 32 characters");
  }
  for (char c : raw) {
    const bool ok =
        (c >= '0' && c <= '9') || c == ' ' || c == '+' || c == '-' || c == '(' || c == ')';
    if (!ok) {
      return Invalid(field, "may contain only digits, spaces and + - ( )");
    }
  }
  return std::string(raw);
}

Result<std::string> ValidateAvatarLink(std::string_view raw, std::string_view field) {
  const auto not_allowed = [&] { return Invalid(field, "not an allowed URL"); };
  if (raw.empty() || !IsValidUtf8(raw) || CodePointCount(raw) > 2048 || HasControlCharacters(raw) ||
      HasWhitespace(raw) || raw.find('\\') != std::string_view::npos) {
    return not_allowed();
  }
  if (raw.front() == '/') {
    if (raw.size() > 1 && raw[1] == '/') {
      return not_allowed();
    }
    return std::string(raw);
  }
  constexpr std::string_view kHttps = "https://";
  if (raw.size() <= kHttps.size() || raw.substr(0, kHttps.size()) != kHttps) {
    return not_allowed();
  }
  const std::string_view rest = raw.substr(kHttps.size());
  const auto host_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, host_end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return not_allowed();
  }
  for (char c : authority) {
    if (!IsUrlHostChar(c)) {
      return not_allowed();
    }
  }
  return std::string(raw);
}

}  // namespace clockko::auth
