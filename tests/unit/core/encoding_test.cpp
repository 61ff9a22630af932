#include "core/encoding.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace clockko {
namespace {

std::string AllBytes() {
  std::string out;
  for (int i = 0; i < 256; ++i) {
    out += static_cast<char>(i);
  }
  return out;
}

TEST(HexTest, EncodesLowerCase) {
  const std::vector<std::uint8_t> bytes = {0x00, 0xff, 0x10, 0xab};
  EXPECT_EQ(HexEncode(bytes), "00ff10ab");
  EXPECT_EQ(HexEncode(std::string_view("\x01\xfe", 2)), "01fe");
  EXPECT_EQ(HexEncode(std::string_view()), "");
}

TEST(HexTest, DecodesEitherCaseAndRoundTrips) {
  EXPECT_EQ(HexDecode("00ff10AB"), std::string("\x00\xff\x10\xab", 4));
  EXPECT_EQ(HexDecode(""), std::string());
  const std::string all = AllBytes();
  EXPECT_EQ(HexDecode(HexEncode(all)), all);
}

TEST(HexTest, RejectsOddLengthAndNonHex) {
  EXPECT_EQ(HexDecode("abc"), std::nullopt);
  EXPECT_EQ(HexDecode("zz"), std::nullopt);
  EXPECT_EQ(HexDecode("0g"), std::nullopt);
  EXPECT_EQ(HexDecode("0 "), std::nullopt);
  EXPECT_EQ(HexDecode("-1"), std::nullopt);
}

TEST(Base64UrlTest, Rfc4648VectorsUnpadded) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode(""), "");
}

TEST(Base64UrlTest, UsesUrlAlphabet) {
  EXPECT_EQ(Base64UrlEncode(std::string_view("\xfb\xff\xfe", 3)), "-__-");
  EXPECT_EQ(Base64UrlDecode("-__-"), std::string("\xfb\xff\xfe", 3));
}

TEST(Base64UrlTest, RoundTripsEveryLength) {
  const std::string all = AllBytes();
  for (std::size_t n = 0; n <= 70; ++n) {
    const std::string bytes = all.substr((n * 37) % 180, n);  // varied offsets, all values
    const std::string encoded = Base64UrlEncode(bytes);
    EXPECT_EQ(encoded.find_first_of("+/="), std::string::npos) << encoded;
    EXPECT_EQ(Base64UrlDecode(encoded), bytes) << n;
  }
  EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(all)), all);
}

TEST(Base64UrlTest, RejectsPadding) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm8="), std::nullopt);
}

TEST(Base64UrlTest, RejectsCharactersOutsideAlphabet) {
  EXPECT_EQ(Base64UrlDecode("Zm9v+A"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9v/A"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm 9v"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode(std::string_view("Zm\0v", 4)), std::nullopt);
}

TEST(Base64UrlTest, RejectsImpossibleLength) {
  EXPECT_EQ(Base64UrlDecode("Z"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9vY"), std::nullopt);
}

TEST(Base64UrlTest, RejectsNonCanonicalTrailingBits) {
  // "f" is "Zg"; "Zh" decodes to the same byte with a non-zero leftover bit.
  EXPECT_EQ(Base64UrlDecode("Zg"), "f");
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm8"), "fo");
  EXPECT_EQ(Base64UrlDecode("Zm9"), std::nullopt);
}

TEST(Base64Test, PaddedStandardAlphabet) {
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode(std::string_view("\xfb\xff", 2)), "+/8=");
  EXPECT_EQ(Base64Decode("Zm9vYg=="), "foob");
  EXPECT_EQ(Base64Decode("+/8="), std::string("\xfb\xff", 2));
  const std::string all = AllBytes();
  EXPECT_EQ(Base64Decode(Base64Encode(all)), all);
}

TEST(Base64Test, RejectsMissingPaddingAndUrlAlphabet) {
  EXPECT_EQ(Base64Decode("Zm9vYg"), std::nullopt);
  EXPECT_EQ(Base64Decode("-_8="), std::nullopt);
  EXPECT_EQ(Base64Decode("Zm9v===="), std::nullopt);
}

TEST(Utf8Test, AcceptsValidText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("h\xc3\xa9llo"));               // é
  EXPECT_TRUE(IsValidUtf8("\xe2\x82\xac"));               // €
  EXPECT_TRUE(IsValidUtf8("\xf0\x9f\x98\x80"));           // 😀
  EXPECT_TRUE(IsValidUtf8("\xed\x9f\xbf"));               // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xee\x80\x80"));               // U+E000, just above
  EXPECT_TRUE(IsValidUtf8("\xef\xbf\xbf"));               // U+FFFF
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));           // U+10FFFF
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is valid UTF-8
}

TEST(Utf8Test, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\x80"));  // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xfe"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));  // truncated
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));
  EXPECT_FALSE(IsValidUtf8("\xf0\x9f\x98"));
  EXPECT_FALSE(IsValidUtf8("\xc3\x28"));  // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xe2\x28\xac"));
}

TEST(Utf8Test, RejectsOverlongs) {
  EXPECT_FALSE(IsValidUtf8("\xc0\x80"));  // NUL
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));  // '/'
  EXPECT_FALSE(IsValidUtf8("\xc1\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xe0\x80\xaf"));
  EXPECT_FALSE(IsValidUtf8("\xe0\x9f\xbf"));  // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8("\xf0\x80\x80\xaf"));
  EXPECT_FALSE(IsValidUtf8("\xf0\x8f\xbf\xbf"));  // U+FFFF in four bytes
}

TEST(Utf8Test, RejectsSurrogatesAndAboveMax) {
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));              // U+D800
  EXPECT_FALSE(IsValidUtf8("\xed\xbf\xbf"));              // U+DFFF
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\xbd\xed\xb8\x80"));  // CESU-8 pair
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));          // U+110000
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xf8\x88\x80\x80\x80"));  // 5-byte form
}

TEST(Utf8Test, CodePointCount) {
  EXPECT_EQ(CodePointCount(""), 0u);
  EXPECT_EQ(CodePointCount("abc"), 3u);
  EXPECT_EQ(CodePointCount("h\xc3\xa9llo"), 5u);
  EXPECT_EQ(CodePointCount("\xe2\x82\xac\xf0\x9f\x98\x80"), 2u);
  EXPECT_EQ(CodePointCount("\xe5\xb1\xb1\xe7\x94\xb0 x"), 4u);
}

TEST(ControlCharacterTest, DetectsC0DelAndC1) {
  EXPECT_FALSE(HasControlCharacters(""));
  EXPECT_FALSE(HasControlCharacters("Ann Lee"));
  EXPECT_FALSE(HasControlCharacters("Jos\xc3\xa9"));  // é
  EXPECT_FALSE(HasControlCharacters("a\xc2\xa0z"));   // NBSP is not a control
  EXPECT_FALSE(HasControlCharacters("\xc3\x85"));     // Å (C3 85), not C2 85
  EXPECT_TRUE(HasControlCharacters("a\tb"));
  EXPECT_TRUE(HasControlCharacters("line\n"));
  EXPECT_TRUE(HasControlCharacters(std::string_view("a\0b", 3)));
  EXPECT_TRUE(HasControlCharacters("\x1f"));
  EXPECT_TRUE(HasControlCharacters("del\x7f"));
  EXPECT_TRUE(HasControlCharacters("\xc2\x80"));          // U+0080
  EXPECT_TRUE(HasControlCharacters("next\xc2\x85line"));  // NEL
  EXPECT_TRUE(HasControlCharacters("\xc2\x9f"));          // U+009F
}

TEST(UuidTest, AcceptsOnlyLowerCaseCanonicalForm) {
  EXPECT_TRUE(IsCanonicalUuid("123e4567-e89b-42d3-a456-426614174000"));
  EXPECT_TRUE(IsCanonicalUuid("00000000-0000-0000-0000-000000000000"));
  EXPECT_FALSE(IsCanonicalUuid("123E4567-E89B-42D3-A456-426614174000"));
  EXPECT_FALSE(IsCanonicalUuid("123e4567e89b42d3a456426614174000"));
  EXPECT_FALSE(IsCanonicalUuid("{123e4567-e89b-42d3-a456-426614174000}"));
  EXPECT_FALSE(IsCanonicalUuid("123e4567-e89b-42d3-a456-42661417400"));
  EXPECT_FALSE(IsCanonicalUuid("123e4567-e89b-42d3-a456-4266141740000"));
  EXPECT_FALSE(IsCanonicalUuid("123e4567-e89b-42d3-a456_426614174000"));
  EXPECT_FALSE(IsCanonicalUuid("g23e4567-e89b-42d3-a456-426614174000"));
  EXPECT_FALSE(IsCanonicalUuid("123e4567-e89b-42d3-a4564-26614174000"));
  EXPECT_FALSE(IsCanonicalUuid(""));
}

}  // namespace
}  // namespace clockko

TEST(WhitespaceTest, TrimsAsciiAndUnicodeWhitespaceAtBothEnds) {
  EXPECT_EQ(clockko::TrimWhitespace("  Ann \t"), "Ann");
  EXPECT_EQ(clockko::TrimWhitespace("\xE3\x80\x80"
                                    "Ann Lee\xC2\xA0\xE2\x80\xA8"),
            "Ann Lee");
  EXPECT_EQ(clockko::TrimWhitespace("\xC2\xA0\xE3\x80\x80"), "");
  EXPECT_EQ(clockko::TrimWhitespace(""), "");
  // Non-space multibyte characters at the edges stay.
  EXPECT_EQ(clockko::TrimWhitespace("\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
}

TEST(WhitespaceTest, FindsWhitespaceAnywhere) {
  EXPECT_FALSE(clockko::HasWhitespace("/avatars/a.png"));
  EXPECT_TRUE(clockko::HasWhitespace("/a b"));
  EXPECT_TRUE(
      clockko::HasWhitespace("/a\xC2\xA0"
                             "b"));
  EXPECT_TRUE(clockko::HasWhitespace("/a\xE2\x80\x8A"));          // U+200A HAIR SPACE
  EXPECT_FALSE(clockko::HasWhitespace("/\xC3\xA9\xE2\x82\xAC"));  // é €
}

TEST(InvisibleCharactersTest, FindsZeroWidthBidiAndSeparators) {
  EXPECT_FALSE(clockko::HasInvisibleCharacters("Ann Lee"));
  EXPECT_FALSE(clockko::HasInvisibleCharacters("Zo\xC3\xAB \xE6\x9D\x8E"));  // Zoë 李
  for (const char* text : {"Eve\xE2\x80\xA8x",        // U+2028 LINE SEPARATOR
                           "Eve\xE2\x80\xAEgnp.exe",  // U+202E RIGHT-TO-LEFT OVERRIDE
                           "\xE2\x80\x8B",            // U+200B ZERO WIDTH SPACE
                           "\xEF\xBB\xBF"
                           "Eve",  // U+FEFF BOM
                           "a\xC2\xAD"
                           "b",                  // U+00AD SOFT HYPHEN
                           "x\xE2\x81\xA6y"}) {  // U+2066 LEFT-TO-RIGHT ISOLATE
    EXPECT_TRUE(clockko::HasInvisibleCharacters(text)) << text;
  }
}
