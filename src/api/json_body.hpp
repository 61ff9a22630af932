#pragma once
// Strict JSON request bodies (API.md §1.1): Content-Type must be application/json when a body is
// present (415), the body must be valid UTF-8 JSON without duplicate keys and at most 32 levels
// deep (400 malformed_json), and an object (422). An empty body reads as {}.
#include <boost/json/object.hpp>
#include <string_view>

#include "core/result.hpp"
#include "http/application.hpp"

namespace clockko::api {

Result<boost::json::object> ParseJsonObject(const http::Request& request);

// The JSON checks alone, for tests and fuzzing: malformed_json (400) or a non-object (422).
Result<boost::json::object> ParseJsonObjectText(std::string_view text);

}  // namespace clockko::api
