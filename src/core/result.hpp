#pragma once
// The one error type of the project. Every operation that can fail in an expected way returns
// Result<T>; exceptions are for startup, third-party boundaries and bugs (docs/architecture.md §8).
#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace clockko {

// Failure categories shared by all modules, chosen by what the caller should do next, not by
// where it failed. api/error_response.cpp maps each (with the Error's `code`) to one HTTP status.
enum class Errc {
  kInvalidArgument,     // malformed input; retrying unchanged won't help
  kUnauthenticated,     // missing/invalid credentials or token
  kPermissionDenied,    // authenticated, but not allowed
  kNotFound,            // the thing asked for does not exist
  kAlreadyExists,       // a unique key (e.g. email) is taken
  kFailedPrecondition,  // state forbids it: disabled account, code already used
  kResourceExhausted,   // rate limit, lockout, full queue, no disk space
  kUnavailable,         // a dependency is down; the client may retry
  kInternal,            // a bug or an unexpected failure
};

// An expected failure. `code` is the stable snake_case string of API.md §1.2 (e.g.
// "invalid_credentials") when the failure reaches a client; `public_message` is the exact `detail`
// text; `detail` is for logs only and never leaves the process.
struct Error {
  Errc errc = Errc::kInternal;
  std::string code;
  std::string public_message;
  std::string detail;
  int retry_after_seconds = 0;  // for 429/503 answers; 0 = the default
};

template <typename T = void>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using tl::expected<T, Error>::expected;
  Result(tl::expected<T, Error> other)  // NOLINT(google-explicit-constructor)
      : tl::expected<T, Error>(std::move(other)) {}
};

// Fail(Errc::kUnauthenticated, "invalid_credentials", "Incorrect email or password").
inline tl::unexpected<Error> Fail(Errc errc, std::string code, std::string public_message,
                                  std::string detail = {}) {
  return tl::unexpected(Error{errc, std::move(code), std::move(public_message), std::move(detail)});
}

// An internal failure: the client sees only "Internal server error"; `detail` goes to the log.
inline tl::unexpected<Error> Internal(std::string detail) {
  return Fail(Errc::kInternal, "internal_error", "Internal server error", std::move(detail));
}

// A dependency failure (database busy, disk full): 503 for the client.
inline tl::unexpected<Error> Unavailable(std::string detail) {
  return Fail(Errc::kUnavailable, "service_unavailable", "Service temporarily unavailable",
              std::move(detail));
}

inline tl::unexpected<Error> Forward(Error e) { return tl::unexpected(std::move(e)); }

}  // namespace clockko
