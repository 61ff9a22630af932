#pragma once
// Username derivation for new accounts (API.md §2.1), as the original Python service did it:
// a base from the full name, then candidates with suffixes until one is free. Pure functions apart
// from the injected Random; thread-safe as far as `random` is. They never fail.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/random.hpp"

namespace clockko::auth {

// Runs of non-word characters (and `_`) become one `_`, leading/trailing `_` are dropped, letters
// are lower-cased ("Ann Lee" -> "ann_lee", as in API.md §10.1), the result is cut to 50 code
// points (never inside a UTF-8 sequence, no trailing `_`) and "user" replaces an empty result.
// Word characters are ASCII letters and digits plus non-ASCII code points except common Unicode
// punctuation, spaces and symbols (an approximation of Python's \w, so names in any script are
// kept). Lower-casing covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other scripts
// are kept as typed. Invalid UTF-8 bytes count as non-word.
std::string UsernameBaseFromName(std::string_view name);

// The candidate for try number `attempt` (0-based): attempt 0 -> `base`; 1-6 ->
// `base_<epoch_seconds mod 100000><100-999>`; later -> `base_<8 random hex digits>`.
std::string UsernameCandidate(std::string_view base, int attempt, std::int64_t epoch_seconds,
                              Random& random);

}  // namespace clockko::auth
