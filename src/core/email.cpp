#include "core/email.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace clockko {
namespace {

constexpr std::string_view kLocalSpecials = "!#$%&'*+-/=?^_`{|}~.";

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool ValidLocal(std::string_view local) {
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') {
    return false;
  }
  char prev = 0;
  for (char c : local) {
    if (!IsAsciiAlnum(c) && kLocalSpecials.find(c) == std::string_view::npos) {
      return false;
    }
    if (c == '.' && prev == '.') {
      return false;
    }
    prev = c;
  }
  return true;
}

bool ValidDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) {
    return false;
  }
  int labels = 0;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) {
      dot = domain.size();
    }
    const std::string_view label = domain.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsAsciiAlnum(c) && c != '-') {
        return false;
      }
    }
    ++labels;
    start = dot + 1;
    if (dot == domain.size()) {
      break;
    }
  }
  return labels >= 2;
}

}  // namespace

Result<Email> Email::Parse(std::string_view text, std::string_view field) {
  const std::string_view trimmed = TrimAscii(text);
  const auto invalid = [&] {
    return Fail(Errc::kInvalidArgument, "validation_error",
                std::string(field) + ": not a valid email address");
  };
  if (trimmed.empty() || trimmed.size() > 254) {
    return invalid();
  }
  const auto at = trimmed.find('@');
  if (at == std::string_view::npos || trimmed.find('@', at + 1) != std::string_view::npos) {
    return invalid();
  }
  const std::string_view local = trimmed.substr(0, at);
  const std::string_view domain = trimmed.substr(at + 1);
  if (!ValidLocal(local) || !ValidDomain(domain)) {
    return invalid();
  }
  std::string value = std::string(local) + "@" + ToLowerAscii(domain);
  std::string lower = ToLowerAscii(value);
  return Email(std::move(value), std::move(lower));
}

std::string_view Email::local_part() const {
  return std::string_view(value_).substr(0, value_.find('@'));
}

}  // namespace clockko
