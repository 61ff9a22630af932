#include "crypto/jwt.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "core/encoding.hpp"
#include "crypto/hmac.hpp"

namespace clockko::crypto {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::int64_t kLeeway = 30;
const std::string kCurrentKey = "current-signing-key-0123456789abcdef";
const std::string kPreviousKey = "previous-signing-key-fedcba9876543210";
const std::string kForeignKey = "some-other-key-not-in-the-ring-000000";
constexpr const char* kSub = "0f8fad5b-d9cb-469f-a165-70867728950e";
constexpr const char* kJti = "00112233445566778899aabbccddeeff";

Timestamp Now() { return Timestamp::FromUnixSeconds(kNow); }

AccessClaims Claims() {
  AccessClaims c;
  c.sub = kSub;
  c.iat = kNow;
  c.exp = kNow + 1800;
  c.jti = kJti;
  c.ver = 3;
  return c;
}

std::string HeaderFor(const std::string& key) {
  return R"({"alg":"HS256","typ":"JWT","kid":")" + KeyId(key) + R"("})";
}

std::string PayloadWith(const std::string& exp, const std::string& iat) {
  return R"({"sub":")" + std::string(kSub) + R"(","iat":)" + iat + R"(,"exp":)" + exp +
         R"(,"jti":")" + kJti + R"(","ver":3})";
}

std::string DefaultPayload() {
  return PayloadWith(std::to_string(kNow + 1800), std::to_string(kNow));
}

// A token with arbitrary header and payload JSON, correctly HS256-signed with `key`: lets each
// test reach the check it is about.
std::string Forge(const std::string& header, const std::string& payload,
                  const std::string& key = kCurrentKey) {
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

class JwtTest : public ::testing::Test {
 protected:
  JwtCodec codec_{kCurrentKey, {kPreviousKey}, kLeeway};

  void ExpectRefused(const std::string& token, const std::string& code = "invalid_token") {
    auto r = codec_.Verify(token, Now());
    ASSERT_FALSE(r) << "accepted: " << token;
    EXPECT_EQ(r.error().errc, Errc::kUnauthenticated);
    EXPECT_EQ(r.error().code, code) << r.error().detail;
    EXPECT_EQ(r.error().public_message, "Invalid credentials");
    EXPECT_FALSE(r.error().detail.empty());
  }
  void ExpectAccepted(const std::string& token) {
    auto r = codec_.Verify(token, Now());
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  }
  std::string RefusalDetail(const std::string& token) {
    auto r = codec_.Verify(token, Now());
    return r ? "" : r.error().detail;
  }
};

TEST_F(JwtTest, RoundTrip) {
  const std::string token = codec_.Sign(Claims());
  auto r = codec_.Verify(token, Now());
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->sub, kSub);
  EXPECT_EQ(r->iat, kNow);
  EXPECT_EQ(r->exp, kNow + 1800);
  EXPECT_EQ(r->jti, kJti);
  EXPECT_EQ(r->ver, 3);
}

TEST_F(JwtTest, HeaderAndPayloadBytesAreExactlyAsSpecified) {
  const std::string token = codec_.Sign(Claims());
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.find('.', dot1 + 1);
  EXPECT_EQ(*Base64UrlDecode(token.substr(0, dot1)),
            R"({"alg":"HS256","typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})");
  EXPECT_EQ(*Base64UrlDecode(token.substr(dot1 + 1, dot2 - dot1 - 1)),
            R"({"sub":"0f8fad5b-d9cb-469f-a165-70867728950e","iat":1700000000,)"
            R"("exp":1700001800,"jti":"00112233445566778899aabbccddeeff","ver":3})");
  EXPECT_EQ(token, Forge(HeaderFor(kCurrentKey), DefaultPayload()));
  EXPECT_EQ(token.find('='), std::string::npos);
}

TEST_F(JwtTest, KeyIdIsSha256Prefix) {
  EXPECT_EQ(KeyId("abc"), "ba7816bf8f01cfea");
  EXPECT_EQ(codec_.current_kid(), KeyId(kCurrentKey));
  EXPECT_EQ(codec_.kids(), (std::vector<std::string>{KeyId(kCurrentKey), KeyId(kPreviousKey)}));
}

TEST_F(JwtTest, EmptyPreviousKeysIgnoredAndEmptyCurrentKeyThrows) {
  JwtCodec codec(kCurrentKey, {"", kPreviousKey, ""}, kLeeway);
  EXPECT_EQ(codec.kids().size(), 2u);
  EXPECT_THROW(JwtCodec("", {}, kLeeway), std::invalid_argument);
}

TEST_F(JwtTest, TamperedHeaderRefused) {
  const std::string token = codec_.Sign(Claims());
  const std::string rest = token.substr(token.find('.'));
  ExpectRefused(Base64UrlEncode(R"({"alg":"HS256","kid":")" + KeyId(kCurrentKey) + R"("})") + rest);
  ExpectRefused(Base64UrlEncode(R"({"alg":"HS256","typ":"JWT","kid":")" + KeyId(kCurrentKey) +
                                R"(","x":1})") +
                rest);
}

TEST_F(JwtTest, TamperedPayloadRefused) {
  const std::string token = codec_.Sign(Claims());
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.find('.', dot1 + 1);
  AccessClaims other = Claims();
  other.ver = 4;
  const std::string other_token = codec_.Sign(other);
  const std::size_t odot1 = other_token.find('.');
  const std::size_t odot2 = other_token.find('.', odot1 + 1);
  // Payload of one valid token with the signature of another.
  ExpectRefused(token.substr(0, dot1) + other_token.substr(odot1, odot2 - odot1) +
                token.substr(dot2));
}

TEST_F(JwtTest, TamperedSignatureRefused) {
  const std::string token = codec_.Sign(Claims());
  const std::size_t dot2 = token.rfind('.');
  std::string flipped = token;
  flipped[dot2 + 1] = flipped[dot2 + 1] == 'A' ? 'B' : 'A';
  ExpectRefused(flipped);
  ExpectRefused(token.substr(0, dot2 + 1));          // empty signature
  ExpectRefused(token.substr(0, token.size() - 2));  // truncated signature
  ExpectRefused(Forge(HeaderFor(kCurrentKey), DefaultPayload(), kForeignKey));
  ExpectAccepted(token);
}

TEST_F(JwtTest, OnlyHs256IsAccepted) {
  const std::string payload = DefaultPayload();
  // Each of these carries a valid HS256 MAC by the current key: alg alone must refuse them.
  for (const std::string& header :
       {std::string(R"({"alg":"none","typ":"JWT"})"), std::string(R"({"alg":"None"})"),
        R"({"alg":"HS512","typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})",
        R"({"alg":"RS256","typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})",
        R"({"alg":"hs256","typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})",
        R"({"alg":"HS256 ","typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})",
        R"({"typ":"JWT","kid":")" + KeyId(kCurrentKey) + R"("})",
        std::string(R"({"alg":null,"typ":"JWT"})"), std::string(R"({"alg":["HS256"]})"),
        std::string(R"({"alg":256,"typ":"JWT"})")}) {
    SCOPED_TRACE(header);
    ExpectRefused(Forge(header, payload));
    EXPECT_EQ(RefusalDetail(Forge(header, payload)), "jwt: alg is not HS256");
  }
  // The unsigned form attackers actually send.
  const std::string none =
      Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + Base64UrlEncode(payload) + ".";
  ExpectRefused(none);
}

TEST_F(JwtTest, AlgIsCheckedBeforeAnythingElse) {
  // Unknown kid, broken payload, no signature: the alg refusal still comes first.
  const std::string token =
      Base64UrlEncode(R"({"alg":"none","kid":"nope"})") + "." + Base64UrlEncode("not json") + ".";
  EXPECT_EQ(RefusalDetail(token), "jwt: alg is not HS256");
}

TEST_F(JwtTest, TypMustBeJwtIfPresent) {
  ExpectRefused(Forge(R"({"alg":"HS256","typ":"JOSE"})", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256","typ":1})", DefaultPayload()));
  ExpectAccepted(Forge(R"({"alg":"HS256"})", DefaultPayload()));
}

TEST_F(JwtTest, KeyUrlHeadersAreIgnored) {
  // jku/jwk/x5u never select a key: the token still verifies with the ring's key, and a token
  // signed by the key they point at does not.
  const std::string header = R"({"alg":"HS256","typ":"JWT","jku":"https://evil.example/jwks",)"
                             R"("jwk":{"kty":"oct","k":"a2V5"},"x5u":"https://evil.example/c"})";
  ExpectAccepted(Forge(header, DefaultPayload()));
  ExpectRefused(Forge(header, DefaultPayload(), "key"));
}

TEST_F(JwtTest, KidSelectsKeyFromTheRing) {
  // Signed by the previous key with its kid: verifies.
  JwtCodec old_codec(kPreviousKey, {}, kLeeway);
  ExpectAccepted(old_codec.Sign(Claims()));
  // A key not in the ring, with its own kid: unknown kid.
  JwtCodec foreign_codec(kForeignKey, {}, kLeeway);
  ExpectRefused(foreign_codec.Sign(Claims()));
  EXPECT_EQ(RefusalDetail(foreign_codec.Sign(Claims())), "jwt: unknown kid");
  // A foreign key claiming the current kid: bad signature.
  ExpectRefused(Forge(HeaderFor(kCurrentKey), DefaultPayload(), kForeignKey));
  // The previous key's signature under the current key's kid: refused.
  ExpectRefused(Forge(HeaderFor(kCurrentKey), DefaultPayload(), kPreviousKey));
  // kid must be a string.
  ExpectRefused(Forge(R"({"alg":"HS256","kid":7})", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256","kid":""})", DefaultPayload()));
}

TEST_F(JwtTest, NoKidMeansCurrentKeyOnly) {
  ExpectAccepted(Forge(R"({"alg":"HS256","typ":"JWT"})", DefaultPayload(), kCurrentKey));
  ExpectRefused(Forge(R"({"alg":"HS256","typ":"JWT"})", DefaultPayload(), kPreviousKey));
}

TEST_F(JwtTest, ExpIsRequiredAndIntegral) {
  const std::string header = HeaderFor(kCurrentKey);
  const std::string iat = std::to_string(kNow);
  ExpectRefused(Forge(header, R"({"sub":")" + std::string(kSub) + R"(","iat":)" + iat +
                                  R"(,"jti":")" + kJti + R"(","ver":3})"));
  for (const std::string exp : {"1700001800.5", "1.7000018e9", "\"1700001800\"", "true", "null",
                                "[1700001800]", "18446744073709551615", "9223372036854775808",
                                "1e400", "-1e400", "99999999999999999999999999999"}) {
    SCOPED_TRACE(exp);
    ExpectRefused(Forge(header, PayloadWith(exp, iat)));
  }
}

TEST_F(JwtTest, HugeExpDoesNotOverflow) {
  const std::string header = HeaderFor(kCurrentKey);
  const std::string iat = std::to_string(kNow);
  ExpectAccepted(Forge(header, PayloadWith("9223372036854775807", iat)));
  ExpectRefused(Forge(header, PayloadWith("-9223372036854775808", iat)), "token_expired");
  // A clock at the very end of time does not wrap around either.
  auto r = codec_.Verify(Forge(header, PayloadWith("9223372036854775807", iat)),
                         Timestamp::FromUnixSeconds(std::numeric_limits<std::int64_t>::max()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "token_expired");
}

TEST_F(JwtTest, ExpiryHonoursLeeway) {
  const std::string header = HeaderFor(kCurrentKey);
  const std::string iat = std::to_string(kNow - 1800);
  // exp must be > now - leeway.
  ExpectRefused(Forge(header, PayloadWith(std::to_string(kNow - kLeeway), iat)), "token_expired");
  ExpectRefused(Forge(header, PayloadWith(std::to_string(kNow - 1000), iat)), "token_expired");
  ExpectAccepted(Forge(header, PayloadWith(std::to_string(kNow - kLeeway + 1), iat)));
  ExpectAccepted(Forge(header, PayloadWith(std::to_string(kNow), iat)));
}

TEST_F(JwtTest, ExpiredTokenFromSignIsReportedAsExpired) {
  AccessClaims c = Claims();
  c.iat = kNow - 3600;
  c.exp = kNow - 1800;
  ExpectRefused(codec_.Sign(c), "token_expired");
}

TEST_F(JwtTest, ExpiredButForgedIsInvalidNotExpired) {
  // token_expired must only ever describe tokens we signed.
  ExpectRefused(
      Forge(HeaderFor(kCurrentKey),
            PayloadWith(std::to_string(kNow - 1000), std::to_string(kNow - 2000)), kForeignKey),
      "invalid_token");
}

TEST_F(JwtTest, IatIsRequiredAndNotInTheFuture) {
  const std::string header = HeaderFor(kCurrentKey);
  const std::string exp = std::to_string(kNow + 3600);
  ExpectRefused(Forge(header, R"({"sub":")" + std::string(kSub) + R"(","exp":)" + exp +
                                  R"(,"jti":")" + kJti + R"(","ver":3})"));
  ExpectRefused(Forge(header, PayloadWith(exp, "\"1700000000\"")));
  ExpectRefused(Forge(header, PayloadWith(exp, "1700000000.0")));
  ExpectRefused(Forge(header, PayloadWith(exp, std::to_string(kNow + kLeeway + 1))));
  ExpectAccepted(Forge(header, PayloadWith(exp, std::to_string(kNow + kLeeway))));
}

TEST_F(JwtTest, SubMustBeCanonicalUuid) {
  for (const std::string sub :
       {"", "user-1", "0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5bd9cb469fa16570867728950e",
        "{0f8fad5b-d9cb-469f-a165-70867728950e}"}) {
    AccessClaims c = Claims();
    c.sub = sub;
    const std::string payload = R"({"sub":")" + sub +
                                R"(","iat":1700000000,"exp":1700001800,)"
                                R"("jti":")" +
                                kJti + R"(","ver":3})";
    SCOPED_TRACE(sub);
    ExpectRefused(Forge(HeaderFor(kCurrentKey), payload));
  }
  ExpectRefused(
      Forge(HeaderFor(kCurrentKey), R"({"sub":7,"iat":1700000000,"exp":1700001800,"jti":")" +
                                        std::string(kJti) + R"(","ver":3})"));
}

TEST_F(JwtTest, JtiAndVerAreChecked) {
  const std::string prefix =
      R"({"sub":")" + std::string(kSub) + R"(","iat":1700000000,"exp":1700001800)";
  const std::string h = HeaderFor(kCurrentKey);
  ExpectRefused(Forge(h, prefix + R"(,"ver":3})"));  // no jti
  ExpectRefused(Forge(h, prefix + R"(,"jti":"00112233445566778899aabbccddeef","ver":3})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":"00112233445566778899AABBCCDDEEFF","ver":3})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":"00112233445566778899aabbccddeefg","ver":3})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":12,"ver":3})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":")" + kJti + R"("})"));  // no ver
  ExpectRefused(Forge(h, prefix + R"(,"jti":")" + kJti + R"(","ver":"3"})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":")" + kJti + R"(","ver":3.0})"));
  ExpectRefused(Forge(h, prefix + R"(,"jti":")" + kJti + R"(","ver":true})"));
  ExpectAccepted(Forge(h, prefix + R"(,"jti":")" + kJti + R"(","ver":0})"));
}

TEST_F(JwtTest, MalformedTokensRefused) {
  const std::string token = codec_.Sign(Claims());
  const std::size_t dot1 = token.find('.');
  const std::size_t dot2 = token.rfind('.');
  ExpectRefused("");
  ExpectRefused("..");
  ExpectRefused(token.substr(0, dot2));                             // two parts
  ExpectRefused(token + ".AAAA");                                   // four parts
  ExpectRefused(token + ".");                                       // trailing dot
  ExpectRefused(token.substr(0, dot1) + "*" + token.substr(dot1));  // bad base64 character
  ExpectRefused(token.substr(0, dot1) + "=" + token.substr(dot1));  // padding
  ExpectRefused(token + "=");                                       // padded signature
  ExpectRefused(" " + token);
  ExpectRefused("Bearer " + token);
  ExpectRefused(Forge("not json", DefaultPayload()));
  ExpectRefused(Forge(R"(["alg","HS256"])", DefaultPayload()));
  ExpectRefused(Forge(R"("HS256")", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256"} {})", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256",})", DefaultPayload()));     // trailing comma
  ExpectRefused(Forge(R"({"alg":"HS256"/**/})", DefaultPayload()));  // comment
  ExpectRefused(Forge(HeaderFor(kCurrentKey), "not json"));
  ExpectRefused(Forge(HeaderFor(kCurrentKey), "[" + DefaultPayload() + "]"));
  ExpectRefused(Forge(HeaderFor(kCurrentKey), ""));
  ExpectRefused(Forge(HeaderFor(kCurrentKey), "\xff\xfe"));
  ExpectAccepted(token);
}

TEST_F(JwtTest, OverlongTokenRefused) {
  // A correctly signed token just over the limit (padding in an ignored header field).
  const std::string base = HeaderFor(kCurrentKey);
  std::string pad(2900, 'p');
  std::string header = base.substr(0, base.size() - 1) + R"(,"x":")" + pad + R"("})";
  std::string token = Forge(header, DefaultPayload());
  while (token.size() <= 4096) {
    pad += 'p';
    header = base.substr(0, base.size() - 1) + R"(,"x":")" + pad + R"("})";
    token = Forge(header, DefaultPayload());
  }
  ASSERT_GT(token.size(), 4096u);
  ExpectRefused(token);
  EXPECT_EQ(RefusalDetail(token), "jwt: token longer than 4096 characters");
  // And one at most 4096 characters with the same structure is fine.
  while (token.size() > 4096) {
    pad.pop_back();
    header = base.substr(0, base.size() - 1) + R"(,"x":")" + pad + R"("})";
    token = Forge(header, DefaultPayload());
  }
  ExpectAccepted(token);
}

TEST_F(JwtTest, DuplicateKeysRefused) {
  const std::string kid = KeyId(kCurrentKey);
  ExpectRefused(Forge(R"({"alg":"none","alg":"HS256","kid":")" + kid + R"("})", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256","alg":"none","kid":")" + kid + R"("})", DefaultPayload()));
  ExpectRefused(Forge(R"({"alg":"HS256","kid":"x","kid":")" + kid + R"("})", DefaultPayload()));
  ExpectRefused(
      Forge(HeaderFor(kCurrentKey), PayloadWith("1700001800,\"exp\":1", std::to_string(kNow))));
  ExpectRefused(
      Forge(HeaderFor(kCurrentKey), PayloadWith("1700001800", "1700000000,\"sub\":\"x\"")));
  // Same key in different (nested) objects is fine.
  ExpectAccepted(Forge(R"({"alg":"HS256","x":{"alg":1,"y":{"alg":2}},"y":[{"a":1},{"a":2}]})",
                       DefaultPayload()));
}

}  // namespace
}  // namespace clockko::crypto
