#pragma once
// Query-string access for the few GET endpoints that take parameters (check-email, the verify
// and delete-confirm links). Percent-decoding and '+' handling by Boost.URL.
#include <optional>
#include <string>
#include <string_view>

namespace clockko::api {

// The decoded value of the first `name` parameter in `query` (the part after '?'); empty when
// absent or when the query string is malformed.
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

}  // namespace clockko::api
