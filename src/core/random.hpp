#pragma once
// Random: the only source of unpredictability for codes, token ids, salts and request ids.
// The production implementation (crypto/openssl_random.hpp) wraps OpenSSL RAND_bytes; tests use
// a deterministic FakeRandom. Implementations are thread-safe.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace clockko {

class Random {
 public:
  virtual ~Random() = default;
  // Fills `out` with random bytes. A CSPRNG failure is a broken invariant: implementations abort.
  virtual void Fill(std::span<std::uint8_t> out) = 0;

  // Uniform integer in [0, bound) by rejection sampling (no modulo bias). REQUIRES: bound > 0.
  std::uint32_t Uniform(std::uint32_t bound);
  // `n` random bytes as lower-case hex (2n characters).
  std::string Hex(std::size_t n);
  // `n` random bytes as unpadded base64url.
  std::string Base64Url(std::size_t n);
  // A random version-4 UUID in canonical lower-case form.
  std::string UuidV4();
};

}  // namespace clockko
