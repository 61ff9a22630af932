#pragma once
// Reading what a queued mail carries, for service tests: the 6-digit code and the link token in
// its text part, the way a user reads them. Test-only; header-only.
#include <optional>
#include <regex>
#include <string>

#include "store/outbox_repository.hpp"

namespace clockko::testing {

// The 6-digit code in a mail's text part ("...code: 123456").
inline std::optional<std::string> CodeIn(const store::OutboxMail& mail) {
  static const std::regex kCode(R"(code: (\d{6})\n)");
  std::smatch m;
  if (std::regex_search(mail.text_body, m, kCode)) {
    return m[1].str();
  }
  return std::nullopt;
}

// The link token (token=<43 base64url characters>) in a mail's text part.
inline std::optional<std::string> TokenIn(const store::OutboxMail& mail) {
  static const std::regex kToken(R"(token=([A-Za-z0-9_-]{43}))");
  std::smatch m;
  if (std::regex_search(mail.text_body, m, kToken)) {
    return m[1].str();
  }
  return std::nullopt;
}

// A well-formed code that is not `code`.
inline std::string OtherCode(const std::string& code) {
  return code == "000001" ? "000002" : "000001";
}

}  // namespace clockko::testing
