// The word-pair bonus through the search service (RankingOptions::word_pairs, word_pair_bonus.h):
// in a keyword search of two or three words, a resource whose keywords name the query's two words
// together outranks one that holds them apart and would otherwise rank first; the same resources
// match either way, and a longer question or a sort by date is not affected.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: two guides that both say "gang" and "violence"; only one names "gang violence" as
// a keyword, and the other says each word more often, apart (in its title too).
class WordPairSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    auto write = [&](const std::string& id, const std::string& title, const std::string& body,
                     const std::string& extra) {
      test::WriteTextFile(fs::path(corpus) / "resources" / (id + ".md"),
                          test::ResourceMarkdown(title, "technology", body, extra));
    };
    write("sample-apart", "Gang review and county violence",
          "sample text: gang counts from the county office; a later review of violence "
          "statewide; gang counts again, violence counts again.",
          "published: 2021-03-10\n");
    write("sample-together", "Sample county notes",
          "sample text: notes from the county office about gang work and violence.",
          "published: 2021-03-11\nkeywords: [gang violence]\n");
    write("sample-other", "Sample burglary notes", "sample text: burglary counts in the county.",
          "published: 2021-03-12\n");
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::vector<std::string> Ids(const std::string& q, double weight, SortOrder sort) {
    SearchServiceOptions options;
    options.ranking.word_pairs.weight = weight;
    return test::SearchIds(*server_, q, sort, options);
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* WordPairSearchTest::dir_ = nullptr;
test::ServerHarness* WordPairSearchTest::server_ = nullptr;

TEST_F(WordPairSearchTest, AShortSearchsWordsNamedTogetherRankFirstByDefault) {
  const double product = SearchServiceOptions().ranking.word_pairs.weight;
  ASSERT_GT(product, 0.0);
  std::vector<std::string> off = Ids("gang violence", 0, SortOrder::kRelevance);
  std::vector<std::string> on = Ids("gang violence", product, SortOrder::kRelevance);
  ASSERT_FALSE(off.empty());
  ASSERT_FALSE(on.empty());
  EXPECT_EQ(off.front(), "sample-apart");
  EXPECT_EQ(on.front(), "sample-together");
  // The other order and another form of a word are the same pair.
  EXPECT_EQ(Ids("violence gangs", product, SortOrder::kRelevance).front(), "sample-together");
  // The bonus re-ranks; it never adds or drops a match.
  std::sort(off.begin(), off.end());
  std::sort(on.begin(), on.end());
  EXPECT_EQ(off, on);
}

TEST_F(WordPairSearchTest, ALongerQuestionAndADateSortAreNotAffected) {
  const std::string question = "gang violence counts in the county office";
  EXPECT_EQ(Ids(question, 4, SortOrder::kRelevance), Ids(question, 0, SortOrder::kRelevance));
  EXPECT_EQ(Ids("gang violence", 4, SortOrder::kNewest), Ids("gang violence", 0, SortOrder::kNewest));
}

}  // namespace
}  // namespace ch
