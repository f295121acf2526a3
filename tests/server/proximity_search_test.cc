// The proximity bonus through the search service (RankingOptions::proximity_weight, off by
// default): with it on, a resource in which the query's words stand together outranks one that
// holds them apart and would otherwise rank first; the same resources match either way, and a sort
// by date is not affected.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: two guides that both say "homicide" and "investigations"; only one says them side
// by side, and the other says "homicide" twice.
class ProximitySearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    auto write = [&](const std::string& id, const std::string& title, const std::string& body,
                     const std::string& published) {
      test::WriteTextFile(
          fs::path(corpus) / "resources" / (id + ".md"),
          test::ResourceMarkdown(title, "technology", body, "published: " + published + "\n"));
    };
    write("sample-apart", "Sample county review",
          "sample text: homicide counts from the county office, then a later review of "
          "investigations statewide, and homicide counts again.",
          "2021-03-10");
    write("sample-together", "Sample county notes",
          "sample text: homicide investigations in the county office, then a later review of "
          "counts statewide, and county counts again.",
          "2021-03-11");
    write("sample-other", "Sample burglary notes", "sample text: burglary counts in the county.",
          "2021-03-12");
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::vector<std::string> Ids(double proximity_weight, SortOrder sort) {
    SearchServiceOptions options;
    options.ranking.proximity_weight = proximity_weight;
    return test::SearchIds(*server_, "homicide investigations", sort, options);
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* ProximitySearchTest::dir_ = nullptr;
test::ServerHarness* ProximitySearchTest::server_ = nullptr;

TEST_F(ProximitySearchTest, WordsStandingTogetherRankFirstWhenTheBonusIsOn) {
  std::vector<std::string> off = Ids(0, SortOrder::kRelevance);
  std::vector<std::string> on = Ids(1, SortOrder::kRelevance);
  ASSERT_FALSE(off.empty());
  ASSERT_FALSE(on.empty());
  EXPECT_EQ(off.front(), "sample-apart");
  EXPECT_EQ(on.front(), "sample-together");
  // The bonus re-ranks; it never adds or drops a match.
  std::sort(off.begin(), off.end());
  std::sort(on.begin(), on.end());
  EXPECT_EQ(off, on);
}

TEST_F(ProximitySearchTest, TheProductDefaultLeavesTheBonusOffAndDateSortsAlone) {
  EXPECT_EQ(SearchServiceOptions().ranking.proximity_weight, 0.0);
  EXPECT_EQ(Ids(1, SortOrder::kNewest), Ids(0, SortOrder::kNewest));
}

}  // namespace
}  // namespace ch
