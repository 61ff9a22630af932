#include "core/log_safe.hpp"

#include <cstdio>

namespace clockko {

std::string MaskEmail(std::string_view address) {
  const auto at = address.rfind('@');
  if (at == std::string_view::npos || at == 0) {
    return "***";
  }
  std::string out;
  out += address.front();
  out += "***";
  out += address.substr(at);
  return EscapeForLog(out);
}

std::string EscapeForLog(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || ch == '\\' || ch == '"') {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace clockko
