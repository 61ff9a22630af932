#pragma once
// OpenSslRandom: the production clockko::Random, backed by OpenSSL's CSPRNG (RAND_bytes).
// Thread-safe (OpenSSL 3 keeps per-thread DRBGs). A RAND_bytes failure means the process has no
// usable entropy: it aborts rather than hand out predictable codes or salts.
#include <cstdint>
#include <span>

#include "core/random.hpp"

namespace clockko::crypto {

class OpenSslRandom final : public clockko::Random {
 public:
  void Fill(std::span<std::uint8_t> out) override;
};

}  // namespace clockko::crypto
