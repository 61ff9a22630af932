#pragma once
// ParseDotenv: the `.env` file format of API.md §14.1. Pure function; thread-safe.
#include <string_view>

#include "config/environment.hpp"
#include "core/result.hpp"

namespace clockko::config {

// Parses `text` line by line:
//   - blank lines and lines starting with `#` are skipped; an optional `export ` prefix is allowed;
//   - `NAME=value` with NAME = [A-Za-z_][A-Za-z0-9_]*, whitespace around `=` trimmed;
//   - 'single quoted' values are literal; "double quoted" values allow \n, \" and \\ escapes;
//     after the closing quote only whitespace or a `# comment` may follow;
//   - unquoted values end at ` #` (inline comment) and have trailing whitespace trimmed.
// A later duplicate NAME wins. CRLF line ends are accepted.
// Errors: kInvalidArgument / "config_invalid" / ".env line <n>: <problem>" for the first malformed
// line. The message never contains the line's value.
Result<Environment> ParseDotenv(std::string_view text);

}  // namespace clockko::config
