#include "auth/minimum_duration.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace clockko::auth {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(MinimumDurationTest, AScopeLastsAtLeastTheFloor) {
  const auto start = steady_clock::now();
  { const MinimumDuration floor(milliseconds(20)); }
  EXPECT_GE(steady_clock::now() - start, milliseconds(20));
}

TEST(MinimumDurationTest, AZeroFloorDoesNotWait) {
  const auto start = steady_clock::now();
  { const MinimumDuration floor(milliseconds(0)); }
  EXPECT_LT(steady_clock::now() - start, milliseconds(20));
}

}  // namespace
}  // namespace clockko::auth
