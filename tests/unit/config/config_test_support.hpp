#pragma once
// Test helpers for config/: a unique temporary directory and a deterministic Random.
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>

#include "core/random.hpp"

namespace clockko::config::test_support {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("clockko-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

  // Writes `content` to <dir>/<name> and returns the full path.
  std::string Write(const std::string& name, const std::string& content) const {
    std::string p = Sub(name);
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Deterministic byte stream: seed, seed+1, ... (mod 256). Two instances with different seeds, or
// successive calls on one instance, give different output.
class FakeRandom : public Random {
 public:
  explicit FakeRandom(std::uint8_t seed = 1) : next_(seed) {}
  void Fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      b = next_++;
    }
  }

 private:
  std::uint8_t next_;
};

}  // namespace clockko::config::test_support
