#pragma once
// Secret: a string that never prints. Use value() only where the secret is consumed (signing,
// connecting); everything that formats a Secret for people gets "***".
#include <ostream>
#include <string>
#include <utility>

namespace clockko {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  const std::string& value() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::string Redacted() const { return value_.empty() ? "" : "***"; }
  bool operator==(const Secret&) const = default;

 private:
  std::string value_;
};

inline std::ostream& operator<<(std::ostream& os, const Secret& s) { return os << s.Redacted(); }

}  // namespace clockko
