#include "ratelimit/memory_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace clockko::ratelimit {
namespace {

constexpr std::int64_t kT0 = 1'700'000'000;

Timestamp At(std::int64_t offset) { return Timestamp::FromUnixSeconds(kT0 + offset); }

void ExpectDecision(const LimitDecision& d, bool allowed, std::int64_t retry_after,
                    std::int64_t count) {
  EXPECT_EQ(d.allowed, allowed);
  EXPECT_EQ(d.retry_after_seconds, retry_after);
  EXPECT_EQ(d.count, count);
}

TEST(MemoryRateLimiterTest, RefusesAtTheLimitWithExactRetryAfter) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"login_ip", 3, 60};
  ExpectDecision(limiter.Hit(rule, "1.2.3.4", At(0)), true, 0, 1);
  ExpectDecision(limiter.Hit(rule, "1.2.3.4", At(10)), true, 0, 2);
  ExpectDecision(limiter.Hit(rule, "1.2.3.4", At(20)), true, 0, 3);
  // The oldest counted event (at 0) leaves the window at 60.
  ExpectDecision(limiter.Hit(rule, "1.2.3.4", At(30)), false, 30, 3);
  ExpectDecision(limiter.Hit(rule, "1.2.3.4", At(59)), false, 1, 3);
}

TEST(MemoryRateLimiterTest, RefusedHitsAreNotCounted) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"r", 2, 100};
  limiter.Hit(rule, "k", At(0));
  limiter.Hit(rule, "k", At(0));
  for (int i = 1; i < 50; ++i) EXPECT_FALSE(limiter.Hit(rule, "k", At(i)).allowed);
  // Had the refused hits counted, the window would still be full at 100.
  ExpectDecision(limiter.Hit(rule, "k", At(100)), true, 0, 1);
}

TEST(MemoryRateLimiterTest, WindowSlides) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"slide", 2, 60};
  ASSERT_TRUE(limiter.Hit(rule, "k", At(0)).allowed);
  ASSERT_TRUE(limiter.Hit(rule, "k", At(30)).allowed);
  ExpectDecision(limiter.Hit(rule, "k", At(59)), false, 1, 2);
  // At 60 the event from 0 has left; the one from 30 is still in.
  ExpectDecision(limiter.Hit(rule, "k", At(60)), true, 0, 2);
  ExpectDecision(limiter.Hit(rule, "k", At(61)), false, 29, 2);
  ExpectDecision(limiter.Hit(rule, "k", At(90)), true, 0, 2);
  // Long after everything: a fresh window.
  ExpectDecision(limiter.Hit(rule, "k", At(1000)), true, 0, 1);
}

TEST(MemoryRateLimiterTest, CooldownOfOnePerWindow) {
  MemoryRateLimiter limiter;
  const LimitRule resend{"mail_resend", 1, 60};
  ExpectDecision(limiter.Hit(resend, "ann@example.com|verify_email", At(0)), true, 0, 1);
  ExpectDecision(limiter.Hit(resend, "ann@example.com|verify_email", At(1)), false, 59, 1);
  ExpectDecision(limiter.Hit(resend, "ann@example.com|verify_email", At(60)), true, 0, 1);
}

TEST(MemoryRateLimiterTest, PeekDoesNotCount) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"peek", 2, 60};
  for (int i = 0; i < 10; ++i) ExpectDecision(limiter.Peek(rule, "k", At(0)), true, 0, 0);
  EXPECT_EQ(limiter.KeyCount(), 0u);  // peeking an unknown key stores nothing
  ExpectDecision(limiter.Hit(rule, "k", At(0)), true, 0, 1);
  ExpectDecision(limiter.Peek(rule, "k", At(5)), true, 0, 1);
  ExpectDecision(limiter.Peek(rule, "k", At(5)), true, 0, 1);
  ExpectDecision(limiter.Hit(rule, "k", At(10)), true, 0, 2);
  // Peek reports exactly what Hit would decide.
  ExpectDecision(limiter.Peek(rule, "k", At(20)), false, 40, 2);
  ExpectDecision(limiter.Hit(rule, "k", At(20)), false, 40, 2);
  ExpectDecision(limiter.Peek(rule, "k", At(60)), true, 0, 1);
}

TEST(MemoryRateLimiterTest, RecordCountsOverTheLimit) {
  MemoryRateLimiter limiter;
  const LimitRule wrong{"code_wrong_account", 2, 60};
  ExpectDecision(limiter.Record(wrong, "u1", At(0)), true, 0, 1);
  ExpectDecision(limiter.Record(wrong, "u1", At(1)), true, 0, 2);
  // Over the limit: still counted; the next event waits for the second-newest (at 1) to leave.
  ExpectDecision(limiter.Record(wrong, "u1", At(2)), false, 59, 2);
  ExpectDecision(limiter.Peek(wrong, "u1", At(2)), false, 59, 2);
  // Without the third record the window would have reopened at 60.
  ExpectDecision(limiter.Hit(wrong, "u1", At(60)), false, 1, 2);
  ExpectDecision(limiter.Peek(wrong, "u1", At(61)), true, 0, 1);
}

TEST(MemoryRateLimiterTest, RecordOverTheLimitPushesTheRetryOut) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"pw", 3, 900};
  for (int i = 0; i < 3; ++i) limiter.Record(rule, "u", At(i));
  EXPECT_EQ(limiter.Peek(rule, "u", At(100)).retry_after_seconds, 800);
  EXPECT_EQ(limiter.Record(rule, "u", At(100)).retry_after_seconds, 801);  // (1 + 900) - 100
  EXPECT_EQ(limiter.Record(rule, "u", At(200)).retry_after_seconds, 702);  // (2 + 900) - 200
  EXPECT_EQ(limiter.Record(rule, "u", At(300)).retry_after_seconds, 700);  // (100 + 900) - 300
}

TEST(MemoryRateLimiterTest, ResetForgetsOnlyThatKeyAndRule) {
  MemoryRateLimiter limiter;
  const LimitRule a{"a", 1, 3600};
  const LimitRule b{"b", 1, 3600};
  limiter.Hit(a, "k", At(0));
  limiter.Hit(a, "other", At(0));
  limiter.Hit(b, "k", At(0));
  limiter.Reset(a, "k");
  ExpectDecision(limiter.Peek(a, "k", At(1)), true, 0, 0);
  EXPECT_FALSE(limiter.Peek(a, "other", At(1)).allowed);
  EXPECT_FALSE(limiter.Peek(b, "k", At(1)).allowed);
  ExpectDecision(limiter.Hit(a, "k", At(1)), true, 0, 1);
  limiter.Reset(a, "never-seen");  // harmless
  EXPECT_EQ(limiter.KeyCount(), 3u);
}

TEST(MemoryRateLimiterTest, KeysAndRulesAreIndependent) {
  MemoryRateLimiter limiter;
  const LimitRule a{"a", 1, 60};
  const LimitRule b{"b", 1, 60};
  EXPECT_TRUE(limiter.Hit(a, "k1", At(0)).allowed);
  EXPECT_TRUE(limiter.Hit(a, "k2", At(0)).allowed);
  EXPECT_TRUE(limiter.Hit(b, "k1", At(0)).allowed);
  EXPECT_FALSE(limiter.Hit(a, "k1", At(0)).allowed);
  EXPECT_FALSE(limiter.Hit(b, "k1", At(0)).allowed);
  // The rule name and the key cannot run into each other.
  const LimitRule ab{"ab", 1, 60};
  EXPECT_TRUE(limiter.Hit(ab, "c", At(0)).allowed);
  EXPECT_TRUE(limiter.Hit(a, "bc", At(0)).allowed);
  // Keys are compared byte for byte: case, embedded NULs and the empty key are distinct keys.
  EXPECT_TRUE(limiter.Hit(a, "K1", At(0)).allowed);
  EXPECT_TRUE(limiter.Hit(a, std::string_view("k1\0x", 4), At(0)).allowed);
  EXPECT_TRUE(limiter.Hit(a, "", At(0)).allowed);
  EXPECT_FALSE(limiter.Hit(a, "", At(0)).allowed);
}

TEST(MemoryRateLimiterTest, WorksThroughTheInterface) {
  MemoryRateLimiter memory;
  RateLimiter& limiter = memory;
  const LimitRule rule{"iface", 1, 10};
  EXPECT_TRUE(limiter.Hit(rule, "k", At(0)).allowed);
  EXPECT_EQ(limiter.Peek(rule, "k", At(0)).retry_after_seconds, 10);
}

TEST(MemoryRateLimiterTest, LimitBelowOneRefusesEverything) {
  MemoryRateLimiter limiter;
  for (const std::int64_t limit : {std::int64_t{0}, std::int64_t{-5}}) {
    const LimitRule rule{"zero", limit, 30};
    ExpectDecision(limiter.Hit(rule, "k", At(0)), false, 30, 0);
    ExpectDecision(limiter.Peek(rule, "k", At(0)), false, 30, 0);
    ExpectDecision(limiter.Record(rule, "k", At(0)), false, 30, 0);
  }
  EXPECT_EQ(limiter.KeyCount(), 0u);
}

TEST(MemoryRateLimiterTest, WindowIsClampedToAtLeastOneSecond) {
  MemoryRateLimiter limiter;
  for (const std::int64_t window : {std::int64_t{0}, std::int64_t{-60}}) {
    const LimitRule rule{"w" + std::to_string(window), 1, window};
    ExpectDecision(limiter.Hit(rule, "k", At(0)), true, 0, 1);
    ExpectDecision(limiter.Hit(rule, "k", At(0)), false, 1, 1);
    ExpectDecision(limiter.Hit(rule, "k", At(1)), true, 0, 1);
  }
}

TEST(MemoryRateLimiterTest, HugeWindowDoesNotOverflow) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"huge", 1, std::numeric_limits<std::int64_t>::max()};
  ExpectDecision(limiter.Hit(rule, "k", At(0)), true, 0, 1);
  ExpectDecision(limiter.Hit(rule, "k", At(1)), false, MemoryRateLimiter::kMaxWindowSeconds - 1, 1);
}

TEST(MemoryRateLimiterTest, ClockGoingBackwardsStillRefusesWithPositiveRetry) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"back", 1, 60};
  ASSERT_TRUE(limiter.Hit(rule, "k", At(100)).allowed);
  // An event "from the future" still counts; the retry is measured from the caller's now.
  ExpectDecision(limiter.Hit(rule, "k", At(0)), false, 160, 1);
}

TEST(MemoryRateLimiterTest, LoweringARuleLimitAppliesToStoredEvents) {
  MemoryRateLimiter limiter;
  const LimitRule loose{"same", 5, 60};
  const LimitRule tight{"same", 2, 60};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter.Hit(loose, "k", At(i)).allowed);
  // Only the newest two events matter for a limit of 2: the one at 1 leaves at 61.
  ExpectDecision(limiter.Peek(tight, "k", At(10)), false, 51, 2);
  EXPECT_TRUE(limiter.Hit(loose, "k", At(10)).allowed);
}

TEST(MemoryRateLimiterTest, KeyCountIsBoundedByTheCap) {
  constexpr std::size_t kCap = 160;
  MemoryRateLimiter limiter(kCap);
  const LimitRule rule{"flood", 1, 3600};
  for (std::size_t i = 0; i < 10 * kCap; ++i) {
    ASSERT_TRUE(limiter.Hit(rule, "key" + std::to_string(i), At(0)).allowed);
    ASSERT_LE(limiter.KeyCount(), kCap);
  }
  EXPECT_GT(limiter.KeyCount(), kCap / 2);  // the cap is used, not collapsed
  // The most recent key is still limited; the very first one was evicted, which only made its
  // limit more lenient.
  EXPECT_FALSE(limiter.Hit(rule, "key" + std::to_string(10 * kCap - 1), At(1)).allowed);
  EXPECT_TRUE(limiter.Hit(rule, "key0", At(1)).allowed);
}

TEST(MemoryRateLimiterTest, EvictsLeastRecentlyCountedKeyFirst) {
  MemoryRateLimiter limiter(1);  // one shard, one key
  const LimitRule rule{"lru", 1, 3600};
  ASSERT_TRUE(limiter.Hit(rule, "a", At(0)).allowed);
  ASSERT_TRUE(limiter.Hit(rule, "b", At(0)).allowed);  // evicts "a"
  EXPECT_EQ(limiter.KeyCount(), 1u);
  EXPECT_FALSE(limiter.Peek(rule, "b", At(0)).allowed);
  EXPECT_TRUE(limiter.Peek(rule, "a", At(0)).allowed);
}

TEST(MemoryRateLimiterTest, CapZeroMeansOneKey) {
  MemoryRateLimiter limiter(0);
  const LimitRule rule{"c", 1, 60};
  EXPECT_TRUE(limiter.Hit(rule, "a", At(0)).allowed);
  EXPECT_FALSE(limiter.Hit(rule, "a", At(0)).allowed);
  EXPECT_EQ(limiter.KeyCount(), 1u);
}

TEST(MemoryRateLimiterTest, ExpiredKeysAreSweptExplicitly) {
  MemoryRateLimiter limiter;
  const LimitRule short_rule{"short", 1, 10};
  const LimitRule long_rule{"long", 1, 3600};
  for (int i = 0; i < 100; ++i) limiter.Hit(short_rule, "s" + std::to_string(i), At(0));
  for (int i = 0; i < 5; ++i) limiter.Hit(long_rule, "l" + std::to_string(i), At(0));
  EXPECT_EQ(limiter.KeyCount(), 105u);
  limiter.SweepExpired(At(9));
  EXPECT_EQ(limiter.KeyCount(), 105u);  // nothing has expired yet
  limiter.SweepExpired(At(10));
  EXPECT_EQ(limiter.KeyCount(), 5u);
  EXPECT_FALSE(limiter.Peek(long_rule, "l0", At(10)).allowed);
}

TEST(MemoryRateLimiterTest, ExpiredKeysAreSweptAutomatically) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"auto", 1, 1};
  // Each key is counted once and expires a second later; only unswept ones remain.
  constexpr int kHits = 20'000;
  for (int i = 0; i < kHits; ++i) limiter.Hit(rule, "k" + std::to_string(i), At(i));
  EXPECT_LE(limiter.KeyCount(), MemoryRateLimiter::kMaxShards * MemoryRateLimiter::kSweepInterval);
}

TEST(MemoryRateLimiterTest, ConcurrentHitsOnOneKeyAllowExactlyTheLimit) {
  MemoryRateLimiter limiter;
  const LimitRule rule{"concurrent", 100, 60};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.Hit(rule, "hot", At(0)).allowed) allowed.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
  ExpectDecision(limiter.Peek(rule, "hot", At(0)), false, 60, 100);
}

TEST(MemoryRateLimiterTest, ConcurrentMixedOperationsStayWithinTheCap) {
  constexpr std::size_t kCap = 64;
  MemoryRateLimiter limiter(kCap);
  const LimitRule rule{"mixed", 3, 5};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string key = "k" + std::to_string((i * 7 + t) % 200);
        switch (i % 4) {
          case 0:
            limiter.Hit(rule, key, At(i / 10));
            break;
          case 1:
            limiter.Record(rule, key, At(i / 10));
            break;
          case 2:
            limiter.Peek(rule, key, At(i / 10));
            break;
          default:
            limiter.Reset(rule, key);
            break;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(limiter.KeyCount(), kCap);
}

}  // namespace
}  // namespace clockko::ratelimit
