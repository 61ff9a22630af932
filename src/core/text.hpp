#pragma once
// Small ASCII text helpers shared by parsers (headers, config lists, addresses). Pure functions.
// For Unicode whitespace see TrimWhitespace in core/encoding.hpp.
#include <string>
#include <string_view>
#include <vector>

namespace clockko {

// Strips spaces, tabs, CR and LF from both ends.
std::string_view TrimAscii(std::string_view text);
// "a" + separator + "b" + ...
std::string JoinStrings(const std::vector<std::string>& items, std::string_view separator);
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);
std::string ToLowerAscii(std::string_view text);

}  // namespace clockko
