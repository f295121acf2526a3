// UTF-8 validation (base/utf8.h): every encoding length at its limits, the forms that are not
// allowed (overlong, surrogates, above U+10FFFF, truncated), and the offset of the first bad byte.
#include "base/utf8.h"

#include <gtest/gtest.h>

#include <string>

namespace ch {
namespace {

constexpr size_t kValid = std::string_view::npos;

TEST(FindInvalidUtf8Test, AcceptsEmptyTextAndEveryEncodingLength) {
  EXPECT_EQ(FindInvalidUtf8(""), kValid);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII"), kValid);
  EXPECT_EQ(FindInvalidUtf8("caf\xC3\xA9"), kValid);             // 2 bytes: U+00E9
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82\xAC 5"), kValid);          // 3 bytes: U+20AC
  EXPECT_EQ(FindInvalidUtf8("smile \xF0\x9F\x98\x80"), kValid);  // 4 bytes: U+1F600
}

struct Case {
  const char* name;
  std::string bytes;
  bool valid;
};

TEST(FindInvalidUtf8Test, AcceptsEachLengthsLimitsAndRejectsOnePast) {
  const Case cases[] = {
      {"U+007F, the last 1-byte code point", "\x7F", true},
      {"0x80, a continuation byte alone", "\x80", false},
      {"C0 80, overlong U+0000", "\xC0\x80", false},
      {"C1 BF, overlong U+007F", "\xC1\xBF", false},
      {"U+0080, the first 2-byte code point", "\xC2\x80", true},
      {"U+07FF, the last 2-byte code point", "\xDF\xBF", true},
      {"E0 9F BF, overlong U+07FF", "\xE0\x9F\xBF", false},
      {"U+0800, the first 3-byte code point", "\xE0\xA0\x80", true},
      {"U+D7FF, just below the surrogates", "\xED\x9F\xBF", true},
      {"U+D800, the first surrogate", "\xED\xA0\x80", false},
      {"U+DFFF, the last surrogate", "\xED\xBF\xBF", false},
      {"U+E000, just above the surrogates", "\xEE\x80\x80", true},
      {"U+FFFF, the last 3-byte code point", "\xEF\xBF\xBF", true},
      {"F0 8F BF BF, overlong U+FFFF", "\xF0\x8F\xBF\xBF", false},
      {"U+10000, the first 4-byte code point", "\xF0\x90\x80\x80", true},
      {"U+10FFFF, the last code point", "\xF4\x8F\xBF\xBF", true},
      {"U+110000, one past the last", "\xF4\x90\x80\x80", false},
      {"F5, a lead byte that is never used", "\xF5\x80\x80\x80", false},
      {"FF, never UTF-8", "\xFF", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FindInvalidUtf8(c.bytes), c.valid ? kValid : 0u) << c.name;
    // The same bytes after a valid prefix are reported at the prefix's length.
    EXPECT_EQ(FindInvalidUtf8("ab" + c.bytes), c.valid ? kValid : 2u) << c.name;
  }
}

TEST(FindInvalidUtf8Test, ReportsTheOffsetOfTheFirstBadSequence) {
  EXPECT_EQ(FindInvalidUtf8("abc\xFF"
                            "def\xFF"),
            3u);
  EXPECT_EQ(FindInvalidUtf8("\xC3\xA9\x80"), 2u) << "a stray continuation after a good character";
  EXPECT_EQ(FindInvalidUtf8("a\xE2\x28\xA1"), 1u) << "a lead byte without its continuation";
  EXPECT_EQ(FindInvalidUtf8(std::string("a\0b", 3)), kValid) << "NUL is a valid character";
}

TEST(FindInvalidUtf8Test, RejectsASequenceCutOffByTheEndOfTheText) {
  EXPECT_EQ(FindInvalidUtf8("ab\xE2\x82"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98"), 0u);
  EXPECT_EQ(FindInvalidUtf8("\xC3"), 0u);
}

TEST(Utf8LengthTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("na\xC3\xAFve"), 5u);
  EXPECT_EQ(Utf8Length("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), 3u) << "2, 3 and 4 bytes";
}

}  // namespace
}  // namespace ch
