#pragma once
// RateLimiter: the shared limit mechanism of API.md §1.10 (mail resend cooldowns, budgets of wrong
// codes and passwords, per-IP request limits). A rule allows at most `limit` events per sliding
// window of `window_seconds` for one key. Implementations are thread-safe and never fail: a limiter
// answers a decision, it does not return errors. MemoryRateLimiter keeps state in this process;
// a RedisRateLimiter (later) shares it across instances behind the same interface.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/timestamp.hpp"

namespace clockko::ratelimit {

// A named limit: at most `limit` events per `window_seconds` for one key.
struct LimitRule {
  std::string name;  // e.g. "mail_resend"; part of the storage key
  std::int64_t limit = 1;
  std::int64_t window_seconds = 60;
};

struct LimitDecision {
  bool allowed = true;
  std::int64_t retry_after_seconds = 0;  // > 0 when !allowed: when the next event would be allowed
  std::int64_t count = 0;  // events in the window, including this one if it was counted
};

// Thread-safe. Implementations: MemoryRateLimiter (this process), RedisRateLimiter (later).
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one event for (rule, key) at `now` if it is allowed; refused events are not counted.
  virtual LimitDecision Hit(const LimitRule& rule, std::string_view key, Timestamp now) = 0;
  // The decision Hit would make, without counting.
  virtual LimitDecision Peek(const LimitRule& rule, std::string_view key, Timestamp now) = 0;
  // Counts one event even if over the limit (failures that must be recorded, e.g. wrong codes).
  virtual LimitDecision Record(const LimitRule& rule, std::string_view key, Timestamp now) = 0;
  // Forgets the key's events for this rule (e.g. after a successful login).
  virtual void Reset(const LimitRule& rule, std::string_view key) = 0;
};

}  // namespace clockko::ratelimit
