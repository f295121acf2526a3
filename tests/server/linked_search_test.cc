// The curators' links as a ranking signal through the search service (RankingOptions::linked,
// linked_bonus.h): a match linked (`related`) from one of the first results gains a share of that
// result's weight; a linked resource that does not match stays out; links from later results do
// not count; pages are cut from the reordered match; other sorts are not affected.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data. "lantern" is the searched word (no taxonomy name, one stem):
//   sample-guide   the best match (title and body); links sample-linked, sample-unmatched and
//                  itself (the indexer only warns of that)
//   sample-second  the second (title once); links sample-far
//   sample-peer-*  three notes that say it twice in the body
//   sample-linked  says it once, so ranks below the peers on its words alone
//   sample-far     says it once in a longer body: last
//   sample-unmatched never says it
class LinkedSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    auto write = [&](const std::string& id, const std::string& title, const std::string& body,
                     const std::string& extra) {
      test::WriteTextFile(fs::path(corpus) / "resources" / (id + ".md"),
                          test::ResourceMarkdown(title, "technology", body,
                                                 "published: 2021-03-10\n" + extra));
    };
    write("sample-guide", "Lantern guide for block walks",
          "sample text: lantern lantern, a lantern for each walk.",
          "related: [sample-linked, sample-unmatched, sample-guide]\n");
    write("sample-second", "Sample lantern notes",
          "sample text: notes on the county walks, the routes, the volunteers, the weather, the "
          "schedules, the meeting points and the reports written after each walk.",
          "related: [sample-far]\n");
    for (const char* peer : {"a", "b", "c"}) {
      write(std::string("sample-peer-") + peer, std::string("Sample county notes ") + peer,
            "sample text: a lantern was left at the office, the lantern was returned.", "");
    }
    write("sample-linked", "Sample office notes",
          "sample text: a lantern was left at the office and then returned.", "");
    write("sample-far", "Sample depot notes",
          "sample text: a lantern was left at the depot by the county office staff after the "
          "late meeting about schedules, parking, budgets, repairs and the next season's plans.",
          "");
    write("sample-unmatched", "Sample budget notes", "sample text: the budget for the depot.",
          "");
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static SearchServiceOptions WithLinks(unsigned sources, double share) {
    SearchServiceOptions options;
    options.ranking.linked.sources = sources;
    options.ranking.linked.share = share;
    return options;
  }

  static SearchResponse Search(const SearchServiceOptions& options, int page = 1,
                               int per_page = 10, SortOrder sort = SortOrder::kRelevance) {
    SearchService search(server_->reader(), server_->taxonomy(), options);
    SearchRequest r;
    r.q = "lantern";
    r.sort = sort;
    r.page = page;
    r.per_page = per_page;
    r.autocorrect = false;
    r.facets = std::vector<std::string>{};
    Result<SearchResponse> out = search.Search(r);
    if (!out.ok()) throw std::runtime_error("search: " + out.status().ToString());
    return *std::move(out);
  }

  static std::map<std::string, double> Scores(const SearchResponse& response) {
    std::map<std::string, double> scores;
    for (const SearchHit& hit : response.results) scores[hit.resource.id] = hit.score;
    return scores;
  }

  static size_t Rank(const std::vector<std::string>& ids, const std::string& id) {
    return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* LinkedSearchTest::dir_ = nullptr;
test::ServerHarness* LinkedSearchTest::server_ = nullptr;

TEST_F(LinkedSearchTest, AMatchLinkedFromTheBestResultRisesByAShareOfItsWeight) {
  const SearchResponse off = Search(WithLinks(2, 0));
  const std::vector<std::string> off_ids = test::ResultIds(off);
  ASSERT_EQ(off_ids.front(), "sample-guide");
  ASSERT_EQ(off_ids[1], "sample-second");
  // On its words alone the linked note ranks below the three that say the word twice.
  ASSERT_GT(Rank(off_ids, "sample-linked"), Rank(off_ids, "sample-peer-c"));

  const SearchResponse on = Search(WithLinks(2, 1.0));
  const std::vector<std::string> on_ids = test::ResultIds(on);
  EXPECT_LT(Rank(on_ids, "sample-linked"), Rank(on_ids, "sample-peer-a"));

  // The bonus is exactly the share of the linking result's weight, and the order follows the
  // scores.
  std::map<std::string, double> before = Scores(off), after = Scores(on);
  EXPECT_DOUBLE_EQ(after["sample-linked"], before["sample-linked"] + before["sample-guide"]);
  EXPECT_DOUBLE_EQ(after["sample-far"], before["sample-far"] + before["sample-second"]);
  EXPECT_DOUBLE_EQ(after["sample-peer-a"], before["sample-peer-a"]);
  EXPECT_DOUBLE_EQ(after["sample-guide"], before["sample-guide"]) << "its link to itself counted";
  for (size_t i = 1; i < on.results.size(); ++i) {
    EXPECT_GE(on.results[i - 1].score, on.results[i].score) << "at " << i;
  }
}

TEST_F(LinkedSearchTest, ALinkedResourceThatDoesNotMatchStaysOut) {
  std::vector<std::string> off = test::ResultIds(Search(WithLinks(2, 0)));
  std::vector<std::string> on = test::ResultIds(Search(WithLinks(2, 1.0)));
  EXPECT_EQ(Rank(on, "sample-unmatched"), on.size());
  EXPECT_EQ(on.size(), 7u);
  std::sort(off.begin(), off.end());
  std::sort(on.begin(), on.end());
  EXPECT_EQ(off, on);
}

TEST_F(LinkedSearchTest, OnlyTheFirstResultsLinksCount) {
  const std::map<std::string, double> before = Scores(Search(WithLinks(2, 0)));
  std::map<std::string, double> one = Scores(Search(WithLinks(1, 1.0)));
  EXPECT_DOUBLE_EQ(one["sample-far"], before.at("sample-far"));  // sample-second is second
  EXPECT_DOUBLE_EQ(one["sample-linked"], before.at("sample-linked") + before.at("sample-guide"));
}

TEST_F(LinkedSearchTest, LaterPagesAreCutFromTheReorderedMatch) {
  const SearchServiceOptions options = WithLinks(2, 1.0);
  const std::vector<std::string> whole = test::ResultIds(Search(options, 1, 10));
  std::vector<std::string> paged;
  for (int page = 1; page <= 4; ++page) {
    for (const std::string& id : test::ResultIds(Search(options, page, 2))) paged.push_back(id);
  }
  EXPECT_EQ(paged, whole);
}

TEST_F(LinkedSearchTest, TheDefaultCountsLinksAndADateSortIgnoresThem) {
  const LinkedBonusOptions defaults;
  EXPECT_GT(defaults.share, 0.0);
  EXPECT_GE(defaults.sources, 1u);
  const std::map<std::string, double> before = Scores(Search(WithLinks(2, 0)));
  std::map<std::string, double> by_default = Scores(Search(SearchServiceOptions()));
  EXPECT_DOUBLE_EQ(by_default["sample-linked"],
                   before.at("sample-linked") + defaults.share * before.at("sample-guide"));
  EXPECT_EQ(test::ResultIds(Search(WithLinks(2, 1.0), 1, 10, SortOrder::kNewest)),
            test::ResultIds(Search(WithLinks(2, 0), 1, 10, SortOrder::kNewest)));
}

}  // namespace
}  // namespace ch
