#include "auth/common_passwords.hpp"

#include <algorithm>

// Generated from resources/common-passwords.txt by cmake/EmbedTextFile.cmake (global scope).
extern const char kCommonPasswordsData[];
extern const std::size_t kCommonPasswordsDataSize;

namespace clockko::auth {
namespace {

// ASCII only, on purpose: locale-independent, and the list itself was lower-cased the same way.
std::string AsciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

}  // namespace

CommonPasswords::CommonPasswords(std::string_view text) {
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (!line.empty()) {
      entries_.insert(AsciiLower(line));
    }
  }
}

const CommonPasswords& CommonPasswords::Embedded() {
  // Immutable data built once; C++ guarantees thread-safe initialisation of local statics.
  static const CommonPasswords kEmbedded(
      std::string_view(kCommonPasswordsData, kCommonPasswordsDataSize));
  return kEmbedded;
}

bool CommonPasswords::Contains(std::string_view password) const {
  return entries_.contains(AsciiLower(password));
}

}  // namespace clockko::auth
