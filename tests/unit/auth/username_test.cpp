#include "auth/username.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <span>
#include <string>

#include "core/encoding.hpp"

namespace clockko::auth {
namespace {

// Returns scripted bytes (then zeros) so suffixes are predictable.
class ScriptedRandom final : public Random {
 public:
  void Push(std::initializer_list<std::uint8_t> bytes) { bytes_.insert(bytes_.end(), bytes); }
  void Fill(std::span<std::uint8_t> out) override {
    for (std::uint8_t& b : out) {
      b = bytes_.empty() ? 0 : bytes_.front();
      if (!bytes_.empty()) {
        bytes_.pop_front();
      }
    }
    ++calls_;
  }
  int calls() const { return calls_; }

 private:
  std::deque<std::uint8_t> bytes_;
  int calls_ = 0;
};

std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) {
    out += piece;
  }
  return out;
}

TEST(UsernameBaseTest, ReplacesNonWordRunsAndLowerCases) {
  EXPECT_EQ(UsernameBaseFromName("Ann Lee"), "ann_lee");
  EXPECT_EQ(UsernameBaseFromName("ann lee"), "ann_lee");
  EXPECT_EQ(UsernameBaseFromName("Mary-Jane  O'Neil"), "mary_jane_o_neil");
  EXPECT_EQ(UsernameBaseFromName("R2 D2"), "r2_d2");
  EXPECT_EQ(UsernameBaseFromName("x"), "x");
}

TEST(UsernameBaseTest, CollapsesAndTrimsUnderscores) {
  EXPECT_EQ(UsernameBaseFromName("  --Ann -- Lee--  "), "ann_lee");
  EXPECT_EQ(UsernameBaseFromName("__ann__lee__"), "ann_lee");
  EXPECT_EQ(UsernameBaseFromName("a . _ . b"), "a_b");
}

TEST(UsernameBaseTest, EmptyResultBecomesUser) {
  EXPECT_EQ(UsernameBaseFromName(""), "user");
  EXPECT_EQ(UsernameBaseFromName("  --  "), "user");
  EXPECT_EQ(UsernameBaseFromName("___"), "user");
  EXPECT_EQ(UsernameBaseFromName("!?¿¡ — «»"), "user");
  EXPECT_EQ(UsernameBaseFromName("🙂🙂"), "user");
}

TEST(UsernameBaseTest, KeepsAndLowerCasesNonAsciiLetters) {
  EXPECT_EQ(UsernameBaseFromName("José Álvarez"), "josé_álvarez");
  EXPECT_EQ(UsernameBaseFromName("ZOË"), "zoë");
  EXPECT_EQ(UsernameBaseFromName("Łukasz Żółć"), "łukasz_żółć");
  EXPECT_EQ(UsernameBaseFromName("ΑΘΗΝΑ"), "αθηνα");
  EXPECT_EQ(UsernameBaseFromName("İpek"), "İpek");  // no one-to-one lower case: kept
  EXPECT_EQ(UsernameBaseFromName("山田 太郎"), "山田_太郎");
  EXPECT_EQ(UsernameBaseFromName("Ольга—Петрова"), "ольга_петрова");  // em dash separates
  EXPECT_EQ(UsernameBaseFromName("ЁЖИК"), "ёжик");
  EXPECT_EQ(UsernameBaseFromName("Ann\xc2\xa0Lee"), "ann_lee");  // NBSP separates
  EXPECT_EQ(UsernameBaseFromName("Ann 🙂 Lee"), "ann_lee");
}

TEST(UsernameBaseTest, InvalidUtf8BytesSeparate) {
  const std::string base = UsernameBaseFromName("ann\xff\xfelee\xc3");
  EXPECT_EQ(base, "ann_lee");
  EXPECT_TRUE(IsValidUtf8(base));
}

TEST(UsernameBaseTest, CutsToFiftyCodePoints) {
  EXPECT_EQ(UsernameBaseFromName(Repeat("a", 50)), Repeat("a", 50));
  EXPECT_EQ(UsernameBaseFromName(Repeat("A", 80)), Repeat("a", 50));
  // Multibyte: 60 x "é" -> 50 code points (100 bytes), never a split sequence.
  const std::string cut = UsernameBaseFromName(Repeat("é", 60));
  EXPECT_EQ(cut, Repeat("é", 50));
  EXPECT_TRUE(IsValidUtf8(cut));
  EXPECT_EQ(CodePointCount(cut), 50u);
  const std::string cjk = UsernameBaseFromName(Repeat("山", 51));
  EXPECT_EQ(CodePointCount(cjk), 50u);
  EXPECT_TRUE(IsValidUtf8(cjk));
}

TEST(UsernameBaseTest, CutNeverLeavesTrailingUnderscore) {
  // 49 letters, a space, more letters: position 50 would be the separator.
  const std::string name = Repeat("b", 49) + " cdef";
  EXPECT_EQ(UsernameBaseFromName(name), Repeat("b", 49));
  const std::string name2 = Repeat("b", 48) + " cdef";
  EXPECT_EQ(UsernameBaseFromName(name2), Repeat("b", 48) + "_c");
}

TEST(UsernameCandidateTest, FirstAttemptIsTheBase) {
  ScriptedRandom random;
  EXPECT_EQ(UsernameCandidate("ann_lee", 0, 1700000000, random), "ann_lee");
  EXPECT_EQ(random.calls(), 0);
}

TEST(UsernameCandidateTest, AttemptsOneToSixUseEpochAndThreeDigits) {
  ScriptedRandom random;
  // Uniform(900) reads 4 big-endian bytes: 0 -> 100, 899 -> 999.
  random.Push({0, 0, 0, 0});
  EXPECT_EQ(UsernameCandidate("ann_lee", 1, 1764776820, random), "ann_lee_76820100");
  random.Push({0, 0, 0x03, 0x83});  // 899
  EXPECT_EQ(UsernameCandidate("ann_lee", 6, 1764776820, random), "ann_lee_76820999");
  random.Push({0, 0, 0, 42});
  EXPECT_EQ(UsernameCandidate("ann", 3, 1700000007, random), "ann_7142");  // epoch mod is 7
}

TEST(UsernameCandidateTest, AttemptsOneToSixMatchPattern) {
  ScriptedRandom random;
  for (int attempt = 1; attempt <= 6; ++attempt) {
    random.Push({0x12, 0x34, static_cast<std::uint8_t>(attempt * 37), 0x56});
    const std::string candidate = UsernameCandidate("bo", attempt, 1234512345, random);
    ASSERT_EQ(candidate.rfind("bo_12345", 0), 0u) << candidate;
    ASSERT_EQ(candidate.size(), std::string("bo_12345").size() + 3) << candidate;
    const int tail = std::stoi(candidate.substr(8));
    EXPECT_GE(tail, 100);
    EXPECT_LE(tail, 999);
  }
}

TEST(UsernameCandidateTest, LaterAttemptsUseEightHexDigits) {
  ScriptedRandom random;
  random.Push({0xde, 0xad, 0xbe, 0xef});
  EXPECT_EQ(UsernameCandidate("ann_lee", 7, 1764776820, random), "ann_lee_deadbeef");
  random.Push({0x00, 0x01, 0x0a, 0xff});
  EXPECT_EQ(UsernameCandidate("user", 11, 0, random), "user_00010aff");
}

TEST(UsernameCandidateTest, NegativeEpochStillGivesNonNegativeSuffix) {
  ScriptedRandom random;
  const std::string candidate = UsernameCandidate("a", 1, -1, random);
  EXPECT_EQ(candidate, "a_99999100");
}

}  // namespace
}  // namespace clockko::auth
