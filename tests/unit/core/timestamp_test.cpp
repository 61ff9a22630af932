#include "core/timestamp.hpp"

#include <gtest/gtest.h>

namespace clockko {
namespace {

TEST(TimestampTest, FormatsIso8601Utc) {
  EXPECT_EQ(Timestamp::FromUnixSeconds(0).ToIso8601(), "1970-01-01T00:00:00Z");
  EXPECT_EQ(Timestamp::FromUnixSeconds(1796312820).ToIso8601(), "2026-12-03T15:47:00Z");
  EXPECT_EQ(Timestamp::FromUnixSeconds(-1).ToIso8601(), "1969-12-31T23:59:59Z");
  EXPECT_EQ(Timestamp::FromUnixSeconds(253402300799).ToIso8601(), "9999-12-31T23:59:59Z");
}

TEST(TimestampTest, ParsesWhatItWrites) {
  for (const std::int64_t s :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{951782400}, std::int64_t{1709210096},
        std::int64_t{1796312820}, std::int64_t{253402300799}}) {
    const Timestamp t = Timestamp::FromUnixSeconds(s);
    const std::optional<Timestamp> parsed = Timestamp::ParseIso8601(t.ToIso8601());
    ASSERT_TRUE(parsed.has_value()) << t.ToIso8601();
    EXPECT_EQ(parsed->unix_seconds(), s);
  }
}

TEST(TimestampTest, LeapDays) {
  EXPECT_EQ(Timestamp::FromUnixSeconds(1709210096).ToIso8601(), "2024-02-29T12:34:56Z");
  EXPECT_EQ(Timestamp::ParseIso8601("2024-02-29T12:34:56Z")->unix_seconds(), 1709210096);
  EXPECT_EQ(Timestamp::ParseIso8601("2000-02-29T00:00:00Z")->unix_seconds(), 951782400);
  EXPECT_EQ(Timestamp::ParseIso8601("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(Timestamp::ParseIso8601("2100-02-29T00:00:00Z"), std::nullopt);  // not a leap year
  // The day after a leap day.
  EXPECT_EQ(Timestamp::FromUnixSeconds(1709210096 + 86400).ToIso8601(), "2024-03-01T12:34:56Z");
}

TEST(TimestampTest, RejectsOtherForms) {
  for (const char* text : {"",
                           "2026-12-03",
                           "2026-12-03T15:47:00",
                           "2026-12-03T15:47:00z",
                           "2026-12-03 15:47:00Z",
                           "2026-12-03T15:47:00.000Z",
                           "2026-12-03T15:47:00+00:00",
                           "2026-12-03T15:47Z",
                           "2026-13-03T15:47:00Z",
                           "2026-00-03T15:47:00Z",
                           "2026-12-32T15:47:00Z",
                           "2026-12-00T15:47:00Z",
                           "2026-04-31T00:00:00Z",
                           "2026-12-03T24:00:00Z",
                           "2026-12-03T15:60:00Z",
                           "2026-12-03T15:47:60Z",
                           "2026/12/03T15:47:00Z",
                           "+026-12-03T15:47:00Z",
                           "2026-1a-03T15:47:00Z",
                           " 2026-12-03T15:47:00Z",
                           "2026-12-03T15:47:00Z "}) {
    EXPECT_EQ(Timestamp::ParseIso8601(text), std::nullopt) << text;
  }
}

TEST(TimestampTest, ArithmeticAndOrdering) {
  const Timestamp t = Timestamp::FromUnixSeconds(100);
  EXPECT_EQ(t.PlusSeconds(60).unix_seconds(), 160);
  EXPECT_EQ(t.PlusSeconds(-100).unix_seconds(), 0);
  EXPECT_LT(t, t.PlusSeconds(1));
  EXPECT_EQ(t, Timestamp::FromUnixSeconds(100));
  EXPECT_EQ(Timestamp().unix_seconds(), 0);
}

}  // namespace
}  // namespace clockko
