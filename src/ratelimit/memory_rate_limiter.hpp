#pragma once
// MemoryRateLimiter: the in-process RateLimiter. An exact sliding window: per (rule name, key) it
// keeps the timestamps of the newest `limit` counted events, which is all a decision needs. State
// is split over mutex-guarded shards, so it is thread-safe and concurrent callers on different keys
// rarely contend. Memory is bounded: entries whose window has passed are swept every few hundred
// calls per shard, and a hard cap on keys (max_keys, 100k by default) evicts the least recently
// counted key first. Eviction can only make a limit MORE LENIENT for the evicted key (its events
// are forgotten, as after Reset); it never refuses anyone. The cap is large so that only a flood of
// distinct keys (which per-IP limits slow down) can cause it. Never fails; never logs keys.
//
// Rule edge cases: limit < 1 refuses every event (nothing is stored, retry_after = the window);
// window_seconds is clamped to [1 s, kMaxWindowSeconds]. `count` is exact up to `limit`; events
// recorded over the limit (Record) are counted but `count` saturates at `limit`, because only the
// newest `limit` timestamps are kept. Record's `allowed` says whether that event was within the
// limit; its retry_after (when refused) already includes the event just recorded.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"
#include "ratelimit/rate_limiter.hpp"

namespace clockko::ratelimit {

class MemoryRateLimiter final : public RateLimiter {
 public:
  static constexpr std::size_t kDefaultMaxKeys = 100'000;
  static constexpr std::size_t kMaxShards = 16;
  // A sweep of expired entries runs in a shard after this many calls to it.
  static constexpr std::uint64_t kSweepInterval = 256;
  // Windows longer than this (~10 years) are treated as this long.
  static constexpr std::int64_t kMaxWindowSeconds = 10LL * 366 * 24 * 3600;

  // At most max(max_keys, 1) (rule, key) entries are held at any time.
  explicit MemoryRateLimiter(std::size_t max_keys = kDefaultMaxKeys);
  ~MemoryRateLimiter() override;
  MemoryRateLimiter(const MemoryRateLimiter&) = delete;
  MemoryRateLimiter& operator=(const MemoryRateLimiter&) = delete;

  LimitDecision Hit(const LimitRule& rule, std::string_view key, Timestamp now) override;
  LimitDecision Peek(const LimitRule& rule, std::string_view key, Timestamp now) override;
  LimitDecision Record(const LimitRule& rule, std::string_view key, Timestamp now) override;
  void Reset(const LimitRule& rule, std::string_view key) override;

  // The number of (rule, key) entries held now, expired ones not yet swept included (tests,
  // metrics).
  std::size_t KeyCount() const;
  // Drops every entry whose window has passed at `now` (also done automatically).
  void SweepExpired(Timestamp now);

 private:
  struct Shard;
  enum class Mode { kHit, kPeek, kRecord };

  LimitDecision Apply(const LimitRule& rule, std::string_view key, Timestamp now, Mode mode);
  Shard& ShardFor(std::string_view storage_key);

  std::size_t shard_count_;
  std::size_t keys_per_shard_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace clockko::ratelimit
