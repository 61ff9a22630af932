#pragma once
// FakeRandom: a deterministic clockko::Random for tests. Byte i of the stream (counting across
// calls) is the low byte of (seed + i), so runs are reproducible and consecutive draws differ.
// Thread-safe through an atomic counter; never use outside tests.
#include <atomic>
#include <cstdint>
#include <span>

#include "core/random.hpp"

namespace clockko::testing {

class FakeRandom final : public clockko::Random {
 public:
  explicit FakeRandom(std::uint64_t seed = 0) : next_(seed) {}

  void Fill(std::span<std::uint8_t> out) override {
    for (std::uint8_t& b : out) {
      b = static_cast<std::uint8_t>(next_.fetch_add(1, std::memory_order_relaxed));
    }
  }

  // How many bytes have been handed out so far (plus the seed).
  std::uint64_t position() const { return next_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> next_;
};

}  // namespace clockko::testing
