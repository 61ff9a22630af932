#pragma once
// Helpers that make values safe to log (API.md §1.12): e-mail addresses masked, control
// characters escaped. Logging itself goes through spdlog's default logger, configured once at
// startup and immutable afterwards.
#include <string>
#include <string_view>

namespace clockko {

// "ann@example.com" -> "a***@example.com"; anything without '@' -> "***".
std::string MaskEmail(std::string_view address);
// Escapes control characters, backslash and quotes as \xNN so a value cannot forge a log line.
std::string EscapeForLog(std::string_view text);

}  // namespace clockko
