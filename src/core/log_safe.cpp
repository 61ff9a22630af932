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
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    const auto c = static_cast<unsigned char>(ch);
    // C1 controls (U+0080–U+009F, UTF-8 C2 80–C2 9F) are escaped as a whole sequence.
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      char buf[9];
      std::snprintf(buf, sizeof buf, "\\xc2\\x%02x", static_cast<unsigned char>(text[i + 1]));
      out += buf;
      ++i;
      continue;
    }
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
