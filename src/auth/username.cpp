#include "auth/username.hpp"

#include <array>
#include <optional>
#include <utility>

namespace clockko::auth {
namespace {

constexpr std::size_t kMaxCodePoints = 50;
constexpr std::string_view kEmptyFallback = "user";
constexpr int kTimestampAttempts = 6;

// Non-ASCII ranges treated as non-word: punctuation, spaces, symbols and emoji that Python's \w
// does not match either. Everything else non-ASCII (letters of every script, digits, marks) is a
// word character. Inclusive bounds, sorted.
constexpr std::array<std::pair<char32_t, char32_t>, 26> kNonWordRanges = {{
    {0x0080, 0x00A9},    // C1 controls, NBSP, ¡¢£¤¥¦§¨©
    {0x00AB, 0x00B1},    // «¬ SHY ®¯°±
    {0x00B4, 0x00B4},    // ´
    {0x00B6, 0x00B8},    // ¶·¸
    {0x00BB, 0x00BB},    // »
    {0x00BF, 0x00BF},    // ¿
    {0x00D7, 0x00D7},    // ×
    {0x00F7, 0x00F7},    // ÷
    {0x2000, 0x206F},    // General Punctuation: spaces, dashes, quotes, ZW* characters
    {0x20A0, 0x20CF},    // currency symbols
    {0x2190, 0x23FF},    // arrows, mathematical operators, technical symbols
    {0x2500, 0x2775},    // box drawing, shapes, miscellaneous symbols, dingbats
    {0x2794, 0x27BF},    // dingbat arrows
    {0x3000, 0x3004},    // ideographic space and punctuation
    {0x3008, 0x3020},    // CJK brackets and marks
    {0xFE10, 0xFE1F},    // vertical forms
    {0xFE30, 0xFE4F},    // CJK compatibility forms
    {0xFEFF, 0xFEFF},    // BOM / ZWNBSP
    {0xFF01, 0xFF0F},    // fullwidth punctuation
    {0xFF1A, 0xFF20},    // fullwidth :;<=>?@
    {0xFF3B, 0xFF40},    // fullwidth [\]^_`
    {0xFF5B, 0xFF65},    // fullwidth {|}~ and halfwidth CJK punctuation
    {0x1F000, 0x1F0FF},  // mahjong, domino, playing cards
    {0x1F10D, 0x1FAFF},  // enclosed symbols, emoji, pictographs
    {0xE0000, 0xE007F},  // tags
    {0xE0100, 0xE01EF},  // variation selectors supplement
}};

// Decodes the code point starting at text[i]; nullopt (and length 1) for an invalid sequence.
std::optional<char32_t> DecodeAt(std::string_view text, std::size_t i, std::size_t& length) {
  const auto c = static_cast<unsigned char>(text[i]);
  length = 1;
  if (c < 0x80) {
    return c;
  }
  std::size_t n = 0;
  char32_t cp = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    cp = c & 0x1Fu;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    cp = c & 0x0Fu;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    cp = c & 0x07u;
  } else {
    return std::nullopt;
  }
  if (i + n > text.size()) {
    return std::nullopt;
  }
  for (std::size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(text[i + k]);
    if ((cc & 0xC0) != 0x80) {
      return std::nullopt;
    }
    cp = (cp << 6) | (cc & 0x3Fu);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return std::nullopt;
  }
  length = n;
  return cp;
}

bool IsWordCodePoint(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
           cp == '_';
  }
  for (const auto& [low, high] : kNonWordRanges) {
    if (cp >= low && cp <= high) {
      return false;
    }
  }
  return true;
}

// Simple one-to-one lower-casing for ASCII and the common European alphabets (Latin-1, Latin
// Extended-A, Greek, Cyrillic), like Python's str.lower() on those letters. Other scripts are kept.
char32_t SimpleLower(char32_t cp) {
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
      (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F)) {
    return cp + 0x20;
  }
  if (cp >= 0x400 && cp <= 0x40F) {
    return cp + 0x50;
  }
  // Latin Extended-A pairs; U+0130 (dotted I) lower-cases to two code points, so it is kept.
  if (((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
       (cp >= 0x14A && cp <= 0x177)) &&
      cp % 2 == 0) {
    return cp + 1;
  }
  if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1) {
    return cp + 1;
  }
  if (cp == 0x178) {
    return 0xFF;
  }
  return cp;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string UsernameBaseFromName(std::string_view name) {
  std::string out;
  std::size_t code_points = 0;
  bool pending_separator = false;  // a non-word run seen since the last word character
  for (std::size_t i = 0; i < name.size() && code_points < kMaxCodePoints;) {
    std::size_t length = 1;
    const std::optional<char32_t> cp = DecodeAt(name, i, length);
    if (!cp || !IsWordCodePoint(*cp) || *cp == '_') {
      // `_` is a word character in \w, but the original collapsed and trimmed it like a separator
      // once runs became `_`, so treat it as one here ("a__b", "_a_" -> "a_b", "a").
      pending_separator = true;
      i += length;
      continue;
    }
    if (pending_separator && !out.empty()) {
      if (code_points + 2 > kMaxCodePoints) {
        break;  // the separator would be the last character and get trimmed anyway
      }
      out += '_';
      ++code_points;
    }
    pending_separator = false;
    AppendUtf8(SimpleLower(*cp), out);
    ++code_points;
    i += length;
  }
  if (out.empty()) {
    return std::string(kEmptyFallback);
  }
  return out;
}

std::string UsernameCandidate(std::string_view base, int attempt, std::int64_t epoch_seconds,
                              Random& random) {
  std::string candidate(base);
  if (attempt <= 0) {
    return candidate;
  }
  candidate += '_';
  if (attempt <= kTimestampAttempts) {
    const std::int64_t tail = ((epoch_seconds % 100000) + 100000) % 100000;
    candidate += std::to_string(tail);
    candidate += std::to_string(100 + random.Uniform(900));
  } else {
    candidate += random.Hex(4);
  }
  return candidate;
}

}  // namespace clockko::auth
