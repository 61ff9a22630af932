#include "crypto/bcrypt_hasher.hpp"

#include <crypt.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "crypto/constant_time.hpp"

namespace clockko::crypto {
namespace {

constexpr std::string_view kCurrentPrefix = "$2b$";
// bcrypt's salt is 16 bytes; libxcrypt draws nothing itself when we hand it these.
constexpr std::size_t kSaltBytes = 16;
// "$2b$" + 2 cost digits + "$" + 22 salt + 31 hash characters.
constexpr std::size_t kHashLength = 60;

// Crypt's own base64 alphabet ("./A-Za-z0-9").
bool IsBcryptBase64(char c) {
  return c == '.' || c == '/' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (c >= '0' && c <= '9');
}

// The cost of a well-formed $2a$/$2b$/$2y$ hash; nullopt for anything else (other algorithms,
// $2x$ with its sign-extension bug, truncated or padded strings).
std::optional<int> ParseBcrypt(std::string_view hash) {
  if (hash.size() != kHashLength || hash[0] != '$' || hash[1] != '2' || hash[3] != '$' ||
      hash[6] != '$') {
    return std::nullopt;
  }
  if (hash[2] != 'a' && hash[2] != 'b' && hash[2] != 'y') {
    return std::nullopt;
  }
  if (hash[4] < '0' || hash[4] > '9' || hash[5] < '0' || hash[5] > '9') {
    return std::nullopt;
  }
  const int cost = (hash[4] - '0') * 10 + (hash[5] - '0');
  if (cost < BcryptHasher::kMinCost || cost > BcryptHasher::kMaxCost) {
    return std::nullopt;
  }
  for (std::size_t i = 7; i < hash.size(); ++i) {
    if (!IsBcryptBase64(hash[i])) {
      return std::nullopt;
    }
  }
  return cost;
}

bool PasswordFits(std::string_view password) {
  return password.size() <= BcryptHasher::kMaxPasswordBytes &&
         password.find('\0') == std::string_view::npos;
}

// crypt_rn on a per-call crypt_data (about 32 KiB: fine on a worker thread's stack), wiped
// afterwards because it held the password. Returns nullopt if libxcrypt refuses the setting.
std::optional<std::string> CryptRn(std::string_view password, std::string_view setting) {
  const std::string phrase(password);  // NUL-terminated copy; the caller checked for inner NULs
  const std::string setting_z(setting);
  struct crypt_data data;
  std::memset(&data, 0, sizeof data);
  std::optional<std::string> result;
  const char* out = crypt_rn(phrase.c_str(), setting_z.c_str(), &data, sizeof data);
  // libxcrypt returns null on failure; a '*' output is its failure token in other variants.
  if (out != nullptr && out[0] != '*') {
    result.emplace(out);
  }
  explicit_bzero(&data, sizeof data);
  return result;
}

}  // namespace

BcryptHasher::BcryptHasher(int cost, clockko::Random& random) : cost_(cost), random_(random) {
  if (cost < kMinCost || cost > kMaxCost) {
    throw std::invalid_argument("bcrypt cost must be between 4 and 31");
  }
  // The dummy password is random and discarded so nobody can ever match the dummy hash.
  auto hash = Hash(random_.Hex(16));
  if (!hash) {
    throw std::runtime_error("bcrypt: cannot compute the dummy hash: " + hash.error().detail);
  }
  dummy_hash_ = std::move(*hash);
}

Result<std::string> BcryptHasher::Hash(std::string_view password) {
  // bcrypt silently ignores bytes after the 72nd and stops at NUL; refuse instead of truncating.
  if (password.size() > kMaxPasswordBytes) {
    return Fail(Errc::kInvalidArgument, "weak_password", "Password must be at most 72 bytes");
  }
  if (password.find('\0') != std::string_view::npos) {
    return Fail(Errc::kInvalidArgument, "weak_password", "Password contains invalid characters");
  }
  std::array<std::uint8_t, kSaltBytes> salt{};
  random_.Fill(salt);
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> setting{};
  if (crypt_gensalt_rn(kCurrentPrefix.data(), static_cast<unsigned long>(cost_),
                       reinterpret_cast<const char*>(salt.data()), static_cast<int>(salt.size()),
                       setting.data(), static_cast<int>(setting.size())) == nullptr) {
    return Internal("crypt_gensalt_rn failed for $2b$");
  }
  auto out = CryptRn(password, setting.data());
  if (!out || !ParseBcrypt(*out)) {
    return Internal("crypt_rn failed for $2b$");
  }
  return std::move(*out);
}

bool BcryptHasher::Verify(std::string_view password, std::string_view stored_hash) {
  if (!PasswordFits(password) || !ParseBcrypt(stored_hash)) {
    return false;
  }
  const auto out = CryptRn(password, stored_hash);
  if (!out) {
    return false;
  }
  // The recomputed hash is as secret as a MAC: compare without an early exit.
  return ConstantTimeEquals(*out, stored_hash);
}

bool BcryptHasher::NeedsRehash(std::string_view stored_hash) const {
  const auto cost = ParseBcrypt(stored_hash);
  return !cost || !stored_hash.starts_with(kCurrentPrefix) || *cost != cost_;
}

}  // namespace clockko::crypto
