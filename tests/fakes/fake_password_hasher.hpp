#pragma once
// FakePasswordHasher: a fast, deterministic crypto::PasswordHasher for service tests. A hash is
// "fake$" + password; Verify compares exactly. It counts Hash and Verify calls so a test can prove
// that login runs exactly one verification, also for unknown users (the dummy hash). Hashes with
// another prefix (e.g. "old$...") verify the same way but report NeedsRehash, to drive the rehash
// path. Failures can be forced for Hash. Thread-safe (atomics + a mutex for the settings).
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "crypto/password_hasher.hpp"

namespace clockko::testing {

class FakePasswordHasher final : public crypto::PasswordHasher {
 public:
  static constexpr std::string_view kPrefix = "fake$";
  // A legacy-looking prefix: Verify accepts it, NeedsRehash says yes.
  static constexpr std::string_view kLegacyPrefix = "old$";

  static std::string HashOf(std::string_view password) {
    return std::string(kPrefix) + std::string(password);
  }
  static std::string LegacyHashOf(std::string_view password) {
    return std::string(kLegacyPrefix) + std::string(password);
  }

  Result<std::string> Hash(std::string_view password) override {
    hash_calls_.fetch_add(1, std::memory_order_relaxed);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (hash_error_) {
        return Forward(*hash_error_);
      }
    }
    if (password.find('\0') != std::string_view::npos) {
      return Fail(Errc::kInvalidArgument, "weak_password", "Password contains invalid characters");
    }
    return HashOf(password);
  }

  bool Verify(std::string_view password, std::string_view stored_hash) override {
    verify_calls_.fetch_add(1, std::memory_order_relaxed);
    for (std::string_view prefix : {kPrefix, kLegacyPrefix}) {
      if (stored_hash.substr(0, prefix.size()) == prefix) {
        return stored_hash.substr(prefix.size()) == password;
      }
    }
    return false;
  }

  bool NeedsRehash(std::string_view stored_hash) const override {
    return stored_hash.substr(0, kPrefix.size()) != kPrefix;
  }

  // A hash no password matches (the random suffix of the real one is modelled by a NUL, which
  // Hash() never produces).
  const std::string& DummyHash() const override { return dummy_; }

  // Every later Hash() fails with `error` until ClearHashError().
  void FailHashWith(Error error) {
    std::lock_guard<std::mutex> lock(mu_);
    hash_error_ = std::move(error);
  }
  void ClearHashError() {
    std::lock_guard<std::mutex> lock(mu_);
    hash_error_.reset();
  }

  int verify_calls() const { return verify_calls_.load(std::memory_order_relaxed); }
  int hash_calls() const { return hash_calls_.load(std::memory_order_relaxed); }
  void ResetCounts() {
    verify_calls_.store(0, std::memory_order_relaxed);
    hash_calls_.store(0, std::memory_order_relaxed);
  }

 private:
  const std::string dummy_ = std::string(kPrefix) + std::string(1, '\0') + "dummy";
  std::atomic<int> verify_calls_{0};
  std::atomic<int> hash_calls_{0};
  std::mutex mu_;
  std::optional<Error> hash_error_;
};

}  // namespace clockko::testing
