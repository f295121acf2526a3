// The snippets' memoising stemmers give exactly the stems of the stemmers they wrap, whatever the
// memo's size, its collisions and evictions, and for words too long to be remembered.
#include "server/services/memo_stem.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ch {
namespace {

std::vector<std::string> Words() {
  std::vector<std::string> words = {"shootings",
                                    "shooting",
                                    "Shootings",
                                    "communities",
                                    "community",
                                    "violence",
                                    "violent",
                                    "j\xC3\xB3venes",
                                    "jovenes",
                                    "investigaciones",
                                    "polic\xC3\xADas",
                                    "a",
                                    "",
                                    "the",
                                    "running",
                                    std::string(40, 'x') + "ings"};
  // Many distinct words, so that small memos evict and collide, then every word again.
  for (int i = 0; i < 300; ++i) words.push_back("word" + std::to_string(i) + "ings");
  std::vector<std::string> twice = words;
  twice.insert(twice.end(), words.begin(), words.end());
  return twice;
}

TEST(MemoStemTest, GivesTheWrappedStemmersStemsWhateverTheMemoSize) {
  for (size_t max_words : {size_t{0}, size_t{1}, size_t{3}, size_t{64}, size_t{8192}}) {
    for (const auto& spec : AnalysedLanguages()) {
      SCOPED_TRACE(std::string(spec.code) + " with " + std::to_string(max_words) + " slots");
      Xapian::Stem plain = MakeStemmer(spec);
      Xapian::Stem memo = MemoizedStem(MakeStemmer(spec), MemoStemOptions{max_words, 32});
      for (const auto& word : Words()) EXPECT_EQ(memo(word), plain(word)) << word;
    }
  }
}

TEST(MemoStemTest, EachLanguageHasItsOwnMemo) {
  MemoLanguageStemmers stems;
  const std::string word = "jovenes";
  EXPECT_EQ(stems.For("es")(word), MakeStemmer(LanguageFor("es"))(word));
  EXPECT_EQ(stems.For("en")(word), MakeStemmer(LanguageFor("en"))(word));
  EXPECT_NE(stems.For("es")(word), stems.For("en")(word));
  EXPECT_EQ(stems.For("fr")("shootings"), "shoot")
      << "an unanalysed language is stemmed as English";
}

}  // namespace
}  // namespace ch
