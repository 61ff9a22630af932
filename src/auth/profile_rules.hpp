#pragma once
// Validation of the user-editable profile fields (API.md §1.3 "Name", §2.4). Pure functions.
// Failures: kInvalidArgument "validation_error" with "<field>: <problem>".
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace clockko::auth {

// Trimmed, 1–100 code points, no control characters. Returns the trimmed name.
Result<std::string> NormalizeName(std::string_view raw, std::string_view field = "name");

// ≤ 32 characters of digits, spaces, + - ( ). "" is allowed (it clears the number).
Result<std::string> NormalizePhone(std::string_view raw, std::string_view field = "phone_number");

// A path starting with one "/" (not "//", no backslash or control characters) or an https:// URL
// with a host, no user-info and no whitespace; ≤ 2,048 characters.
Result<std::string> ValidateAvatarLink(std::string_view raw, std::string_view field = "avatar_url");

}  // namespace clockko::auth
