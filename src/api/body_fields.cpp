#include "api/body_fields.hpp"

#include "core/encoding.hpp"

namespace clockko::api {

tl::unexpected<Error> FieldError(std::string_view field, std::string_view problem) {
  return Fail(Errc::kInvalidArgument, "validation_error",
              std::string(field) + ": " + std::string(problem));
}

Result<Email> RequiredEmail(const BodyFields& fields, std::string_view name) {
  Result<std::string> text = fields.RequiredString(name);
  if (!text) {
    return Forward(std::move(text.error()));
  }
  return Email::Parse(*text, name);
}

Result<std::string> BodyFields::RequiredString(std::string_view name, std::size_t max_chars) const {
  Result<FieldValue<std::string>> field = String(name, max_chars);
  if (!field) {
    return Forward(std::move(field.error()));
  }
  if (!field->set()) {
    return FieldError(name, "field required");
  }
  return std::move(field->value);
}

Result<FieldValue<std::string>> BodyFields::String(std::string_view name,
                                                   std::size_t max_chars) const {
  FieldValue<std::string> out;
  const boost::json::value* v = object_.if_contains(name);
  if (v == nullptr) {
    return out;
  }
  if (v->is_null()) {
    out.state = FieldValue<std::string>::State::kNull;
    return out;
  }
  if (!v->is_string()) {
    return FieldError(name, "must be a string");
  }
  const boost::json::string& s = v->get_string();
  const std::string_view text(s.data(), s.size());
  // Boost.JSON has already rejected invalid UTF-8; the check stays as a cheap invariant.
  if (!IsValidUtf8(text)) {
    return FieldError(name, "must be valid UTF-8");
  }
  if (CodePointCount(text) > max_chars) {
    return FieldError(name, "must be at most " + std::to_string(max_chars) + " characters");
  }
  out.state = FieldValue<std::string>::State::kSet;
  out.value = std::string(text);
  return out;
}

Result<FieldValue<std::int64_t>> BodyFields::Integer(std::string_view name) const {
  FieldValue<std::int64_t> out;
  const boost::json::value* v = object_.if_contains(name);
  if (v == nullptr) {
    return out;
  }
  if (v->is_null()) {
    out.state = FieldValue<std::int64_t>::State::kNull;
    return out;
  }
  if (v->is_int64()) {
    out.value = v->get_int64();
  } else if (v->is_uint64()) {
    return FieldError(name, "must be an integer in range");
  } else {
    return FieldError(name, "must be an integer");
  }
  out.state = FieldValue<std::int64_t>::State::kSet;
  return out;
}

Result<FieldValue<bool>> BodyFields::Boolean(std::string_view name) const {
  FieldValue<bool> out;
  const boost::json::value* v = object_.if_contains(name);
  if (v == nullptr) {
    return out;
  }
  if (v->is_null()) {
    out.state = FieldValue<bool>::State::kNull;
    return out;
  }
  if (!v->is_bool()) {
    return FieldError(name, "must be a boolean");
  }
  out.state = FieldValue<bool>::State::kSet;
  out.value = v->get_bool();
  return out;
}

}  // namespace clockko::api
