#include "crypto/jwt.hpp"

#include <boost/json.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <cassert>
#include <limits>
#include <optional>
#include <stdexcept>
#include <utility>

#include "core/encoding.hpp"
#include "crypto/constant_time.hpp"
#include "crypto/hmac.hpp"

namespace clockko::crypto {
namespace {

constexpr std::size_t kMaxTokenChars = 4096;
constexpr std::size_t kKidHexChars = 16;
constexpr std::size_t kJtiHexChars = 32;

tl::unexpected<Error> Invalid(std::string detail) {
  return Fail(Errc::kUnauthenticated, "invalid_token", "Invalid credentials",
              "jwt: " + std::move(detail));
}

// SAX handler that only looks for duplicate keys in any object at any depth. boost::json::parse
// (1.81) silently keeps one of two equal keys; a token whose header or payload means different
// things to different parsers must be refused, not interpreted.
class DuplicateKeyFinder {
 public:
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  using ec_t = boost::system::error_code;
  using sv_t = boost::json::string_view;

  bool found_duplicate() const { return found_duplicate_; }

  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_array_begin(ec_t&) { return true; }
  bool on_array_end(std::size_t, ec_t&) { return true; }
  bool on_object_begin(ec_t&) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t, ec_t&) {
    keys_.pop_back();
    return true;
  }
  bool on_string_part(sv_t, std::size_t, ec_t&) { return true; }
  bool on_string(sv_t, std::size_t, ec_t&) { return true; }
  bool on_key_part(sv_t s, std::size_t, ec_t&) {
    partial_key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(sv_t s, std::size_t, ec_t& ec) {
    partial_key_.append(s.data(), s.size());
    std::vector<std::string>& seen = keys_.back();
    for (const std::string& k : seen) {
      if (k == partial_key_) {
        found_duplicate_ = true;
        // Any error stops the parse; the caller reads found_duplicate().
        ec = boost::json::error::syntax;
        return false;
      }
    }
    seen.push_back(std::move(partial_key_));
    partial_key_.clear();
    return true;
  }
  bool on_number_part(sv_t, ec_t&) { return true; }
  bool on_int64(std::int64_t, sv_t, ec_t&) { return true; }
  bool on_uint64(std::uint64_t, sv_t, ec_t&) { return true; }
  bool on_double(double, sv_t, ec_t&) { return true; }
  bool on_bool(bool, ec_t&) { return true; }
  bool on_null(ec_t&) { return true; }
  bool on_comment_part(sv_t, ec_t&) { return true; }
  bool on_comment(sv_t, ec_t&) { return true; }

 private:
  std::vector<std::vector<std::string>> keys_;  // keys seen, one list per open object
  std::string partial_key_;
  bool found_duplicate_ = false;
};

// Parses `text` as a JSON object with unique keys (strict JSON: no comments, no trailing commas,
// valid UTF-8). Returns nullopt otherwise.
std::optional<boost::json::object> ParseObject(std::string_view text) {
  try {
    boost::json::basic_parser<DuplicateKeyFinder> sax{boost::json::parse_options{}};
    boost::system::error_code ec;
    sax.write_some(false, text.data(), text.size(), ec);
    if (ec || sax.handler().found_duplicate()) {
      return std::nullopt;
    }
    boost::json::value v =
        boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
    if (ec || !v.is_object()) {
      return std::nullopt;
    }
    return std::move(v.as_object());
  } catch (const std::exception&) {  // allocation failure inside Boost.JSON
    return std::nullopt;
  }
}

// The member `name` if it is a string; nullopt if absent or of another type (`present` tells).
std::optional<std::string_view> StringMember(const boost::json::object& o, std::string_view name,
                                             bool* present) {
  const boost::json::value* v = o.if_contains(boost::json::string_view(name.data(), name.size()));
  *present = v != nullptr;
  if (v == nullptr || !v->is_string()) {
    return std::nullopt;
  }
  const boost::json::string& s = v->get_string();
  return std::string_view(s.data(), s.size());
}

// The member `name` if it is a JSON integer that fits int64. 1.5, 1e3, "5", true and integers
// beyond int64 (which Boost.JSON stores as uint64 or double) are all refused.
std::optional<std::int64_t> IntMember(const boost::json::object& o, std::string_view name) {
  const boost::json::value* v = o.if_contains(boost::json::string_view(name.data(), name.size()));
  if (v == nullptr || !v->is_int64()) {
    return std::nullopt;
  }
  return v->get_int64();
}

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

std::int64_t SaturatingAdd(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max()
                 : std::numeric_limits<std::int64_t>::min();
  }
  return r;
}

}  // namespace

std::string KeyId(std::string_view key) { return Sha256Hex(key).substr(0, kKidHexChars); }

JwtCodec::JwtCodec(std::string current_key, std::vector<std::string> previous_keys,
                   std::int64_t leeway_seconds)
    : leeway_seconds_(leeway_seconds < 0 ? 0 : leeway_seconds) {
  if (current_key.empty()) {
    throw std::invalid_argument("JwtCodec: the current key must not be empty");
  }
  std::string kid = KeyId(current_key);
  keys_.push_back(Key{std::move(current_key), std::move(kid)});
  for (std::string& key : previous_keys) {
    if (!key.empty()) {
      std::string previous_kid = KeyId(key);
      keys_.push_back(Key{std::move(key), std::move(previous_kid)});
    }
  }
}

std::vector<std::string> JwtCodec::kids() const {
  std::vector<std::string> out;
  out.reserve(keys_.size());
  for (const Key& k : keys_) {
    out.push_back(k.kid);
  }
  return out;
}

std::string JwtCodec::Sign(const AccessClaims& claims) const {
  // The payload must stay ASCII (the frontend atob()s it); sub and jti are ASCII by contract.
  assert(IsCanonicalUuid(claims.sub));
  assert(claims.jti.size() == kJtiHexChars && IsLowerHex(claims.jti));
  const Key& key = keys_.front();
  const std::string header = R"({"alg":"HS256","typ":"JWT","kid":")" + key.kid + R"("})";
  const std::string payload =
      R"({"sub":)" + boost::json::serialize(boost::json::string_view(claims.sub)) + R"(,"iat":)" +
      std::to_string(claims.iat) + R"(,"exp":)" + std::to_string(claims.exp) + R"(,"jti":)" +
      boost::json::serialize(boost::json::string_view(claims.jti)) + R"(,"ver":)" +
      std::to_string(claims.ver) + "}";
  std::string signing_input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  const std::string mac = HmacSha256(key.secret, signing_input);
  return signing_input + "." + Base64UrlEncode(mac);
}

Result<AccessClaims> JwtCodec::Verify(std::string_view token, Timestamp now) const {
  // Step 1: shape. Base64UrlDecode refuses padding and non-canonical trailing bits.
  if (token.size() > kMaxTokenChars) {
    return Invalid("token longer than 4096 characters");
  }
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    return Invalid("not three dot-separated parts");
  }
  const auto header_json = Base64UrlDecode(token.substr(0, dot1));
  const auto payload_json = Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto signature = Base64UrlDecode(token.substr(dot2 + 1));
  if (!header_json || !payload_json || !signature) {
    return Invalid("a part is not unpadded base64url");
  }
  const auto header = ParseObject(*header_json);
  if (!header) {
    return Invalid("header is not a JSON object with unique keys");
  }

  // Step 2: one allowed algorithm, checked before anything else in the token is trusted.
  // jku/jwk/x5u are never read: keys come only from the configured ring.
  bool present = false;
  const auto alg = StringMember(*header, "alg", &present);
  if (!alg || *alg != "HS256") {
    return Invalid("alg is not HS256");
  }
  const auto typ = StringMember(*header, "typ", &present);
  if (present && (!typ || *typ != "JWT")) {
    return Invalid("typ present but not JWT");
  }

  // Step 3: the key, then the MAC. Without a kid only the current key is tried, so a token can
  // never make us loop over (and time) every key.
  const Key* key = &keys_.front();
  const auto kid = StringMember(*header, "kid", &present);
  if (present) {
    if (!kid) {
      return Invalid("kid is not a string");
    }
    key = nullptr;
    for (const Key& k : keys_) {
      if (k.kid == *kid) {
        key = &k;
        break;
      }
    }
    if (key == nullptr) {
      return Invalid("unknown kid");
    }
  }
  const std::string expected_mac = HmacSha256(key->secret, token.substr(0, dot2));
  if (!ConstantTimeEquals(expected_mac, *signature)) {
    return Invalid("bad signature");
  }

  // Claims are parsed only once the MAC proves we wrote them.
  const auto payload = ParseObject(*payload_json);
  if (!payload) {
    return Invalid("payload is not a JSON object with unique keys");
  }
  AccessClaims claims;
  const auto exp = IntMember(*payload, "exp");
  if (!exp) {
    return Invalid("exp missing or not an integer");
  }
  const auto iat = IntMember(*payload, "iat");
  if (!iat) {
    return Invalid("iat missing or not an integer");
  }
  const auto sub = StringMember(*payload, "sub", &present);
  if (!sub || !IsCanonicalUuid(*sub)) {
    return Invalid("sub is not a canonical UUID");
  }
  const auto jti = StringMember(*payload, "jti", &present);
  if (!jti || jti->size() != kJtiHexChars || !IsLowerHex(*jti)) {
    return Invalid("jti is not 32 lower-case hex characters");
  }
  const auto ver = IntMember(*payload, "ver");
  if (!ver) {
    return Invalid("ver missing or not an integer");
  }

  // Step 4, with saturating arithmetic so extreme claim values or clocks cannot wrap around.
  const std::int64_t now_s = now.unix_seconds();
  if (*iat > SaturatingAdd(now_s, leeway_seconds_)) {
    return Invalid("iat in the future");
  }
  // exp > now - leeway, written as exp + leeway > now to avoid computing now - leeway.
  if (SaturatingAdd(*exp, leeway_seconds_) <= now_s) {
    return Fail(Errc::kUnauthenticated, "token_expired", "Invalid credentials", "jwt: expired");
  }

  claims.sub = std::string(*sub);
  claims.iat = *iat;
  claims.exp = *exp;
  claims.jti = std::string(*jti);
  claims.ver = *ver;
  return claims;
}

}  // namespace clockko::crypto
