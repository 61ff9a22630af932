#pragma once
// gmock matchers for clockko::Result<T>, modelled on abseil's StatusIs / IsOkAndHolds:
//   EXPECT_THAT(r, Succeeds());                       // has a value (works for Result<>)
//   EXPECT_THAT(r, HoldsValue(Field(&User::id, "x")));  // has a value matching the matcher
//   EXPECT_THAT(r, FailsWith(Errc::kNotFound));       // an Error with that category
//   EXPECT_THAT(r, FailsWithCode("email_taken"));     // an Error with that API code
//   EXPECT_THAT(r, FailsWith(Errc::kAlreadyExists, "email_taken"));
// Also teaches GoogleTest to print Errc, Error and Result<T> readably in failure messages.
// Test-only; header-only.
#include <gmock/gmock.h>

#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/result.hpp"

namespace clockko {

inline std::string_view ErrcName(Errc errc) {
  switch (errc) {
    case Errc::kInvalidArgument:
      return "kInvalidArgument";
    case Errc::kUnauthenticated:
      return "kUnauthenticated";
    case Errc::kPermissionDenied:
      return "kPermissionDenied";
    case Errc::kNotFound:
      return "kNotFound";
    case Errc::kAlreadyExists:
      return "kAlreadyExists";
    case Errc::kFailedPrecondition:
      return "kFailedPrecondition";
    case Errc::kResourceExhausted:
      return "kResourceExhausted";
    case Errc::kUnavailable:
      return "kUnavailable";
    case Errc::kInternal:
      return "kInternal";
  }
  return "Errc(?)";
}

// Found by ADL from GoogleTest's universal printer.
inline void PrintTo(Errc errc, std::ostream* os) { *os << ErrcName(errc); }

inline void PrintTo(const Error& e, std::ostream* os) {
  *os << "Error{" << ErrcName(e.errc) << ", code=\"" << e.code << "\", public_message=\""
      << e.public_message << "\", detail=\"" << e.detail << "\"";
  if (e.retry_after_seconds != 0) {
    *os << ", retry_after_seconds=" << e.retry_after_seconds;
  }
  *os << "}";
}

template <typename T>
void PrintTo(const Result<T>& r, std::ostream* os) {
  if (r.has_value()) {
    if constexpr (std::is_void_v<T>) {
      *os << "Result<>{ok}";
    } else {
      *os << "Result{value=" << ::testing::PrintToString(*r) << "}";
    }
  } else {
    *os << "Result{";
    PrintTo(r.error(), os);
    *os << "}";
  }
}

namespace testing {

// Matches a Result that holds a value (any T, including void).
MATCHER(Succeeds, "succeeds") {
  if (!arg.has_value()) {
    if (result_listener->stream() != nullptr) {
      *result_listener << "which failed with ";
      PrintTo(arg.error(), result_listener->stream());
    }
    return false;
  }
  return true;
}

namespace internal {

template <typename ResultT>
class HoldsValueImpl final : public ::testing::MatcherInterface<ResultT> {
 public:
  using Value = typename std::remove_cv_t<std::remove_reference_t<ResultT>>::value_type;

  template <typename M>
  explicit HoldsValueImpl(const M& inner)
      : inner_(::testing::SafeMatcherCast<const Value&>(inner)) {}

  void DescribeTo(std::ostream* os) const override {
    *os << "holds a value that ";
    inner_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const override {
    *os << "fails, or holds a value that ";
    inner_.DescribeNegationTo(os);
  }
  bool MatchAndExplain(ResultT r, ::testing::MatchResultListener* listener) const override {
    if (!r.has_value()) {
      if (listener->stream() != nullptr) {
        *listener << "which failed with ";
        PrintTo(r.error(), listener->stream());
      }
      return false;
    }
    return inner_.MatchAndExplain(*r, listener);
  }

 private:
  ::testing::Matcher<const Value&> inner_;
};

template <typename M>
class HoldsValueMatcher {
 public:
  explicit HoldsValueMatcher(M inner) : inner_(std::move(inner)) {}
  template <typename ResultT>
  operator ::testing::Matcher<ResultT>() const {  // NOLINT(google-explicit-constructor)
    return ::testing::Matcher<ResultT>(new HoldsValueImpl<ResultT>(inner_));
  }

 private:
  M inner_;
};

}  // namespace internal

// Matches a Result that holds a value matching `inner` (a matcher or a plain value).
template <typename M>
internal::HoldsValueMatcher<M> HoldsValue(M inner) {
  return internal::HoldsValueMatcher<M>(std::move(inner));
}

// Matches a failed Result whose Error has category `errc`.
MATCHER_P(FailsWith, errc,
          std::string(negation ? "does not fail" : "fails") + " with " +
              std::string(::clockko::ErrcName(errc))) {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  if (arg.error().errc != errc) {
    if (result_listener->stream() != nullptr) {
      *result_listener << "which failed with ";
      PrintTo(arg.error(), result_listener->stream());
    }
    return false;
  }
  return true;
}

// Matches a failed Result whose Error has category `errc` and API code `code`.
MATCHER_P2(FailsWith, errc, code,
           std::string(negation ? "does not fail" : "fails") + " with " +
               std::string(::clockko::ErrcName(errc)) + " \"" + std::string(code) + "\"") {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  if (arg.error().errc != errc || arg.error().code != std::string_view(code)) {
    if (result_listener->stream() != nullptr) {
      *result_listener << "which failed with ";
      PrintTo(arg.error(), result_listener->stream());
    }
    return false;
  }
  return true;
}

// Matches a failed Result whose Error has the stable API code `code` ("email_taken").
MATCHER_P(FailsWithCode, code,
          std::string(negation ? "does not fail" : "fails") + " with code \"" + std::string(code) +
              "\"") {
  if (arg.has_value()) {
    *result_listener << "which succeeded";
    return false;
  }
  if (arg.error().code != std::string_view(code)) {
    if (result_listener->stream() != nullptr) {
      *result_listener << "which failed with ";
      PrintTo(arg.error(), result_listener->stream());
    }
    return false;
  }
  return true;
}

}  // namespace testing
}  // namespace clockko
