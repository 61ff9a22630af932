#pragma once
// Byte/text encodings used across modules: hex, base64url (RFC 4648 §5, unpadded), standard
// base64, UTF-8 validation. Pure functions; thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace clockko {

std::string HexEncode(std::span<const std::uint8_t> bytes);
std::string HexEncode(std::string_view bytes);
std::optional<std::string> HexDecode(std::string_view hex);

// Unpadded base64url. Decode rejects padding, characters outside the alphabet, and non-canonical
// trailing bits, so every token has exactly one encoding.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Standard base64 with padding (data: URLs, keys in config).
std::string Base64Encode(std::string_view bytes);
std::optional<std::string> Base64Decode(std::string_view text);

// Strict UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool IsValidUtf8(std::string_view text);
// Number of code points. REQUIRES: IsValidUtf8(text).
std::size_t CodePointCount(std::string_view text);
// True if `text` contains C0 controls, DEL or C1 controls (U+0080–U+009F).
bool HasControlCharacters(std::string_view text);

// Invisible or reordering characters that have no place in a display name: soft hyphen, zero-width
// and bidi controls (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069), line/paragraph separators,
// word joiners and invisible operators (U+2060–U+2064), U+061C, U+180E, U+FEFF, U+FFF9–U+FFFB.
// REQUIRES: IsValidUtf8(text).
bool HasInvisibleCharacters(std::string_view text);

// Unicode White_Space (the set Python's str.isspace() uses): ASCII whitespace, U+001C–U+001F,
// U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
// REQUIRES for both: IsValidUtf8(text).
std::string_view TrimWhitespace(std::string_view text);
bool HasWhitespace(std::string_view text);

// A lower-case canonical UUID (8-4-4-4-12 hex).
bool IsCanonicalUuid(std::string_view text);

}  // namespace clockko
