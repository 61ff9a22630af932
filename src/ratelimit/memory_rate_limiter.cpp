#include "ratelimit/memory_rate_limiter.hpp"

#include <algorithm>
#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace clockko::ratelimit {
namespace {

struct Entry {
  // Ascending timestamps (Unix seconds) of the newest counted events; at most `limit` of them.
  std::vector<std::int64_t> events;
  // The newest event plus the window: from then on the entry holds nothing and may be dropped.
  std::int64_t expires_at = 0;
  // Position in the shard's recency list.
  std::list<const std::string*>::iterator recency;
};

std::int64_t ClampWindow(std::int64_t window_seconds) {
  return std::clamp<std::int64_t>(window_seconds, 1, MemoryRateLimiter::kMaxWindowSeconds);
}

// Unambiguous for every (name, key) pair: the name's length comes first.
std::string StorageKey(std::string_view name, std::string_view key) {
  std::string out = std::to_string(name.size());
  out.reserve(out.size() + 1 + name.size() + key.size());
  out += ':';
  out += name;
  out += key;
  return out;
}

// Drops events that left the window at `now` and all but the newest `limit`.
void Prune(Entry& entry, std::int64_t now, std::int64_t window, std::int64_t limit) {
  std::vector<std::int64_t>& events = entry.events;
  // An event at t is in the window while now < t + window, i.e. t > now - window.
  auto first_live = std::upper_bound(events.begin(), events.end(), now - window);
  const auto surplus = static_cast<std::int64_t>(events.end() - first_live) - limit;
  if (surplus > 0) first_live += surplus;
  events.erase(events.begin(), first_live);
}

}  // namespace

struct MemoryRateLimiter::Shard {
  std::mutex mutex;
  std::unordered_map<std::string, Entry> entries;
  // Least recently counted first; points at the keys of `entries` (node keys never move).
  std::list<const std::string*> recency;
  std::uint64_t calls_since_sweep = 0;

  void Erase(std::unordered_map<std::string, Entry>::iterator it) {
    recency.erase(it->second.recency);
    entries.erase(it);
  }

  void Sweep(std::int64_t now) {
    for (auto it = entries.begin(); it != entries.end();) {
      auto next = std::next(it);
      if (it->second.expires_at <= now) Erase(it);
      it = next;
    }
    calls_since_sweep = 0;
  }
};

MemoryRateLimiter::MemoryRateLimiter(std::size_t max_keys) {
  max_keys = std::max<std::size_t>(max_keys, 1);
  shard_count_ = std::min(kMaxShards, max_keys);
  keys_per_shard_ = max_keys / shard_count_;  // so that the total never exceeds max_keys
  shards_ = std::make_unique<Shard[]>(shard_count_);
}

MemoryRateLimiter::~MemoryRateLimiter() = default;

MemoryRateLimiter::Shard& MemoryRateLimiter::ShardFor(std::string_view storage_key) {
  const std::size_t h = std::hash<std::string_view>{}(storage_key);
  // The map inside the shard uses the low bits; mix in high bits for the shard choice.
  return shards_[(h ^ (h >> 29) ^ (h >> 47)) % shard_count_];
}

LimitDecision MemoryRateLimiter::Hit(const LimitRule& rule, std::string_view key, Timestamp now) {
  return Apply(rule, key, now, Mode::kHit);
}

LimitDecision MemoryRateLimiter::Peek(const LimitRule& rule, std::string_view key, Timestamp now) {
  return Apply(rule, key, now, Mode::kPeek);
}

LimitDecision MemoryRateLimiter::Record(const LimitRule& rule, std::string_view key,
                                        Timestamp now) {
  return Apply(rule, key, now, Mode::kRecord);
}

void MemoryRateLimiter::Reset(const LimitRule& rule, std::string_view key) {
  const std::string storage_key = StorageKey(rule.name, key);
  Shard& shard = ShardFor(storage_key);
  std::lock_guard lock(shard.mutex);
  if (auto it = shard.entries.find(storage_key); it != shard.entries.end()) shard.Erase(it);
}

std::size_t MemoryRateLimiter::KeyCount() const {
  std::size_t total = 0;
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    total += shards_[i].entries.size();
  }
  return total;
}

void MemoryRateLimiter::SweepExpired(Timestamp now) {
  for (std::size_t i = 0; i < shard_count_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    shards_[i].Sweep(now.unix_seconds());
  }
}

LimitDecision MemoryRateLimiter::Apply(const LimitRule& rule, std::string_view key,
                                       Timestamp now_ts, Mode mode) {
  const std::int64_t now = now_ts.unix_seconds();
  const std::int64_t window = ClampWindow(rule.window_seconds);
  const std::int64_t limit = rule.limit;
  if (limit < 1) return LimitDecision{false, window, 0};  // nothing may ever happen

  const std::string storage_key = StorageKey(rule.name, key);
  Shard& shard = ShardFor(storage_key);
  std::lock_guard lock(shard.mutex);

  auto it = shard.entries.find(storage_key);
  if (mode == Mode::kPeek && it == shard.entries.end()) return LimitDecision{true, 0, 0};
  if (mode != Mode::kPeek && ++shard.calls_since_sweep >= kSweepInterval) {
    shard.Sweep(now);
    it = shard.entries.find(storage_key);
  }

  // Events in the window now, before this one; only the newest `limit` matter.
  std::int64_t in_window = 0;
  std::int64_t oldest_kept = 0;  // valid when in_window >= limit
  if (it != shard.entries.end()) {
    Prune(it->second, now, window, limit);
    in_window = static_cast<std::int64_t>(it->second.events.size());
    if (in_window > 0) oldest_kept = it->second.events.front();
  }
  const bool allowed = in_window < limit;

  if (mode == Mode::kPeek || (mode == Mode::kHit && !allowed)) {
    LimitDecision decision{allowed, 0, in_window};
    if (!allowed) {
      decision.retry_after_seconds = std::max<std::int64_t>(oldest_kept + window - now, 1);
    }
    return decision;
  }

  // Count this event (Hit when allowed, Record always).
  if (it == shard.entries.end()) {
    if (shard.entries.size() >= keys_per_shard_) {
      if (shard.calls_since_sweep >= kSweepInterval / 8) shard.Sweep(now);
      // Still full: forget the least recently counted key (more lenient for it, never stricter).
      while (shard.entries.size() >= keys_per_shard_) {
        shard.Erase(shard.entries.find(*shard.recency.front()));
      }
    }
    it = shard.entries.emplace(storage_key, Entry{}).first;
    it->second.recency = shard.recency.insert(shard.recency.end(), &it->first);
  } else {
    shard.recency.splice(shard.recency.end(), shard.recency, it->second.recency);
  }
  Entry& entry = it->second;
  entry.events.insert(std::upper_bound(entry.events.begin(), entry.events.end(), now), now);
  if (static_cast<std::int64_t>(entry.events.size()) > limit) {
    entry.events.erase(entry.events.begin());  // keep the newest `limit`
  }
  entry.expires_at = entry.events.back() + window;

  LimitDecision decision{allowed, 0, static_cast<std::int64_t>(entry.events.size())};
  if (!allowed) {
    decision.retry_after_seconds = std::max<std::int64_t>(entry.events.front() + window - now, 1);
  }
  return decision;
}

}  // namespace clockko::ratelimit
