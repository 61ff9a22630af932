#pragma once
// BodyFields: typed, strict access to the fields of a JSON request object (API.md §1.1, §1.3).
// Types are strict (no "5" for 5); a string with no stated limit is capped at 1,024 characters.
// Errors: kInvalidArgument "validation_error" with "<field>: <problem>".
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/email.hpp"
#include "core/result.hpp"

namespace clockko::api {

// A field that may be absent, explicitly null, or set. PUT endpoints tell these apart.
template <typename T>
struct FieldValue {
  enum class State { kAbsent, kNull, kSet };
  State state = State::kAbsent;
  T value{};

  bool absent() const { return state == State::kAbsent; }
  bool is_null() const { return state == State::kNull; }
  bool set() const { return state == State::kSet; }
};

inline constexpr std::size_t kDefaultMaxChars = 1024;

class BodyFields {
 public:
  explicit BodyFields(const boost::json::object& object) : object_(object) {}

  // Present, a string, at most `max_chars` code points, valid UTF-8.
  Result<std::string> RequiredString(std::string_view name,
                                     std::size_t max_chars = kDefaultMaxChars) const;
  Result<FieldValue<std::string>> String(std::string_view name,
                                         std::size_t max_chars = kDefaultMaxChars) const;
  Result<FieldValue<std::int64_t>> Integer(std::string_view name) const;
  Result<FieldValue<bool>> Boolean(std::string_view name) const;

 private:
  const boost::json::object& object_;
};

// A required string field holding an e-mail address (API.md §1.3 rules; errors name the field).
Result<Email> RequiredEmail(const BodyFields& fields, std::string_view name = "email");

// "<field>: <problem>" as a validation_error.
tl::unexpected<Error> FieldError(std::string_view field, std::string_view problem);

}  // namespace clockko::api
