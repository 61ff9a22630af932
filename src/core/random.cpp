#include "core/random.hpp"

#include <array>
#include <cstdio>
#include <vector>

#include "core/encoding.hpp"

namespace clockko {

std::uint32_t Random::Uniform(std::uint32_t bound) {
  // Reject the top partial range of 2^32 so every residue is equally likely.
  const std::uint32_t limit = UINT32_MAX - (UINT32_MAX % bound);
  for (;;) {
    std::array<std::uint8_t, 4> b{};
    Fill(b);
    const std::uint32_t v = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                            (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
    if (v < limit) {
      return v % bound;
    }
  }
}

std::string Random::Hex(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  Fill(bytes);
  return HexEncode(bytes);
}

std::string Random::Base64Url(std::size_t n) {
  std::vector<std::uint8_t> bytes(n);
  Fill(bytes);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(bytes.data()), n));
}

std::string Random::UuidV4() {
  std::array<std::uint8_t, 16> b{};
  Fill(b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);
  const std::string hex = HexEncode(b);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

}  // namespace clockko
