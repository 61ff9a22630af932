#pragma once
// Email: a validated e-mail address (API.md §1.3). Parse() trims, checks the rules and lower-cases
// the domain; the local part is kept as typed. lower() is the lookup/uniqueness key.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace clockko {

class Email {
 public:
  // Errors: kInvalidArgument / "validation_error" / "<field>: not a valid email address".
  static Result<Email> Parse(std::string_view text, std::string_view field = "email");

  const std::string& value() const { return value_; }  // stored form: local part + lower domain
  const std::string& lower() const { return lower_; }  // whole address lower-cased
  std::string_view local_part() const;
  bool operator==(const Email& o) const { return lower_ == o.lower_; }

 private:
  Email(std::string value, std::string lower)
      : value_(std::move(value)), lower_(std::move(lower)) {}
  std::string value_;
  std::string lower_;
};

}  // namespace clockko
