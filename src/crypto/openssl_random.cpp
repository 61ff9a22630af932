#include "crypto/openssl_random.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstdlib>

namespace clockko::crypto {

void OpenSslRandom::Fill(std::span<std::uint8_t> out) {
  // RAND_bytes takes an int length; feed very large spans in chunks.
  std::size_t done = 0;
  while (done < out.size()) {
    const std::size_t chunk = std::min<std::size_t>(out.size() - done, INT_MAX);
    if (RAND_bytes(out.data() + done, static_cast<int>(chunk)) != 1) {
      std::fputs("clockko: RAND_bytes failed; aborting\n", stderr);
      std::abort();
    }
    done += chunk;
  }
}

}  // namespace clockko::crypto
