// Slugs (base/slug.h): the id a resource gets from its file name, and which ids are valid.
#include "base/slug.h"

#include <gtest/gtest.h>

#include <string>

namespace ch {
namespace {

TEST(SlugFromFileNameTest, LowercasesAndJoinsWordsWithSingleHyphens) {
  const std::pair<const char*, const char*> cases[] = {
      {"My Guide_2024.md", "my-guide-2024"},
      {"already-a-slug.md", "already-a-slug"},
      {"report.v2.md", "report-v2"},
      {"  Leading -- and trailing!! .md", "leading-and-trailing"},
      {"caf\xC3\xA9 notes.md", "caf-notes"},  // bytes outside [a-z0-9] separate words
      {"no-extension", "no-extension"},
      {"Upper.MD", "upper-md"},  // only the lowercase ".md" that corpus files have is removed
      {"--- !!! ---.md", ""},    // no letter or digit: nothing is left
  };
  for (const auto& [file, slug] : cases) {
    EXPECT_EQ(SlugFromFileName(file), slug) << file;
    if (*slug) EXPECT_TRUE(IsValidSlug(SlugFromFileName(file))) << file;
  }
}

TEST(SlugFromFileNameTest, CutsAtTheMaximumLengthWithoutATrailingHyphen) {
  const std::string at_limit(kMaxSlugLength, 'a');
  EXPECT_EQ(SlugFromFileName(at_limit + ".md"), at_limit);
  EXPECT_EQ(SlugFromFileName(at_limit + "b.md"), at_limit) << "one past the limit is cut";
  // A cut that ends on a word boundary drops the hyphen too.
  const std::string before_limit(kMaxSlugLength - 1, 'a');
  EXPECT_EQ(SlugFromFileName(before_limit + " bc.md"), before_limit);
}

TEST(IsValidSlugTest, AcceptsLowercaseLettersDigitsAndHyphensUpToTheLimit) {
  EXPECT_TRUE(IsValidSlug("a"));
  EXPECT_TRUE(IsValidSlug("0"));
  EXPECT_TRUE(IsValidSlug("nibin-lead-2024"));
  EXPECT_TRUE(IsValidSlug(std::string(kMaxSlugLength, 'a')));
  EXPECT_FALSE(IsValidSlug(std::string(kMaxSlugLength + 1, 'a')));
  EXPECT_FALSE(IsValidSlug(""));
  EXPECT_FALSE(IsValidSlug("-starts-with-a-hyphen"));
  for (const char* bad : {"Upper", "under_score", "with space", "dot.ted", "caf\xC3\xA9", "a/b"}) {
    EXPECT_FALSE(IsValidSlug(bad)) << bad;
  }
}

}  // namespace
}  // namespace ch
