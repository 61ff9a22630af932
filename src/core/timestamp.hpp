#pragma once
// Timestamp: whole Unix seconds, UTC. Rendered as ISO 8601 with a trailing Z (API.md §1.4).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clockko {

class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromUnixSeconds(std::int64_t s) { return Timestamp(s); }
  constexpr std::int64_t unix_seconds() const { return seconds_; }
  constexpr Timestamp PlusSeconds(std::int64_t s) const { return Timestamp(seconds_ + s); }
  constexpr auto operator<=>(const Timestamp&) const = default;

  // "2026-12-03T15:47:00Z".
  std::string ToIso8601() const;
  // Accepts exactly the form ToIso8601 writes; nullopt otherwise.
  static std::optional<Timestamp> ParseIso8601(std::string_view text);

 private:
  constexpr explicit Timestamp(std::int64_t s) : seconds_(s) {}
  std::int64_t seconds_ = 0;
};

}  // namespace clockko
