// The search's limits at their exact boundaries (the deepest page served and one past it, the
// largest page, the longest query, the most filter values), and paging through the search for the
// toolkit drafter (IndexResourceDirectory), which must never fetch the same results twice.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>
#include <vector>

#include "server/services/catalog_service.h"
#include "server/services/index_resource_directory.h"
#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

constexpr int kDocuments = 7;

// Sample data: seven guides published on seven different days, so that browsing (newest first)
// has one order.
class SearchLimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    for (int i = 0; i < kDocuments; ++i) {
      std::string n = std::to_string(i);
      test::WriteTextFile(
          fs::path(corpus) / "resources" / ("sample-guide-" + n + ".md"),
          test::ResourceMarkdown("Sample guide " + n, "technology", "Sample paging text " + n + ".",
                                 "published: 2021-03-1" + n + "\n"));
    }
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  SearchRequest Request(int page, int per_page) {
    SearchRequest r;
    r.page = page;
    r.per_page = per_page;
    r.facets = std::vector<std::string>{};
    return r;
  }
  // Ids in browse order, all of them in one page.
  std::vector<std::string> AllIds() {
    SearchService search(server_->reader(), server_->taxonomy());
    Result<SearchResponse> all = search.Search(Request(1, 100));
    EXPECT_TRUE(all.ok()) << all.status().ToString();
    return all.ok() ? test::ResultIds(*all) : std::vector<std::string>{};
  }
  int HttpStatus(const std::string& target) {
    auto res = server_->Client().Get(target.c_str());
    EXPECT_TRUE(res) << "no answer for " << target;
    return res ? res->status : 0;
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* SearchLimitsTest::dir_ = nullptr;
test::ServerHarness* SearchLimitsTest::server_ = nullptr;

TEST_F(SearchLimitsTest, TheDeepestPageIsServedAndOnePastItIsNot) {
  SearchService search(server_->reader(), server_->taxonomy());
  const SearchLimits& limits = search.options().limits;
  ASSERT_EQ(limits.max_result_depth, 10000);
  ASSERT_EQ(limits.max_per_page, 100);
  // page * per_page == the limit: the last page allowed.
  EXPECT_TRUE(search.Validate(Request(100, 100)).ok());
  EXPECT_TRUE(search.Validate(Request(10000, 1)).ok());
  EXPECT_TRUE(search.Validate(Request(5000, 2)).ok());
  // One result past it.
  Status past = search.Validate(Request(101, 100));
  EXPECT_EQ(past.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(past.field(), "page");
  EXPECT_EQ(search.Validate(Request(10001, 1)).code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(search.Validate(Request(3334, 3)).code(), Status::Code::kInvalidArgument);
  // Over HTTP, too: the last page is an (empty) page, the next one a 400.
  EXPECT_EQ(HttpStatus("/api/v1/search?page=100&per_page=100"), 200);
  EXPECT_EQ(HttpStatus("/api/v1/search?page=10000&per_page=1"), 200);
  EXPECT_EQ(HttpStatus("/api/v1/search?page=101&per_page=100"), 400);
  EXPECT_EQ(HttpStatus("/api/v1/search?page=10001&per_page=1"), 400);
}

TEST_F(SearchLimitsTest, SmallerLimitsAreEnforcedAtTheirBoundaryToo) {
  SearchServiceOptions options;
  options.limits.max_result_depth = 6;
  options.limits.max_per_page = 3;
  SearchService search(server_->reader(), server_->taxonomy(), options);
  Result<SearchResponse> last = search.Search(Request(2, 3));
  ASSERT_TRUE(last.ok()) << "page 2 of 3 reaches exactly 6: " << last.status().ToString();
  EXPECT_EQ(last->results.size(), 3u);
  EXPECT_EQ(search.Search(Request(3, 3)).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(search.Search(Request(7, 1)).status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(search.Search(Request(6, 1)).ok());
}

TEST_F(SearchLimitsTest, PageSizeAndPageNumberBoundaries) {
  SearchService search(server_->reader(), server_->taxonomy());
  EXPECT_TRUE(search.Validate(Request(1, 1)).ok());
  EXPECT_TRUE(search.Validate(Request(1, 100)).ok());
  EXPECT_EQ(search.Validate(Request(1, 101)).field(), "per_page");
  EXPECT_EQ(search.Validate(Request(1, 0)).field(), "per_page");
  EXPECT_EQ(search.Validate(Request(0, 10)).field(), "page");
  EXPECT_EQ(search.Validate(Request(-1, 10)).field(), "page");
  EXPECT_EQ(HttpStatus("/api/v1/search?per_page=100"), 200);
  EXPECT_EQ(HttpStatus("/api/v1/search?per_page=101"), 400);
  EXPECT_EQ(HttpStatus("/api/v1/search?page=0"), 400);
}

TEST_F(SearchLimitsTest, QueryLengthAndFilterValueLimitsAreInclusive) {
  SearchService search(server_->reader(), server_->taxonomy());
  const SearchLimits& limits = search.options().limits;
  SearchRequest longest = Request(1, 10);
  longest.q = std::string(limits.max_query_chars, 'a');
  EXPECT_TRUE(search.Validate(longest).ok());
  longest.q += 'a';
  EXPECT_EQ(search.Validate(longest).field(), "q");

  SearchRequest most = Request(1, 10);
  most.filters["year"] = std::vector<std::string>(limits.max_filter_values, "2021");
  EXPECT_TRUE(search.Validate(most).ok()) << search.Validate(most).ToString();
  most.filters["year"].push_back("2021");
  EXPECT_EQ(search.Validate(most).field(), "year");
}

// The drafter asks the directory for more candidates than one page holds. With three results a
// page, asking for five must fetch results 1-3 and then 4-6 (keeping 4-5), never 3-4.
TEST_F(SearchLimitsTest, DirectoryPagesWithoutRepeatingResults) {
  std::vector<std::string> all = AllIds();
  ASSERT_EQ(all.size(), static_cast<size_t>(kDocuments));
  SearchServiceOptions options;
  options.limits.max_per_page = 3;
  SearchService search(server_->reader(), server_->taxonomy(), options);
  CatalogService catalog(server_->reader(), server_->taxonomy());
  IndexResourceDirectory directory(catalog, search);
  for (size_t limit : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 100u}) {
    Result<std::vector<DirectoryHit>> hits = directory.Search("", {}, limit);
    ASSERT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    for (const auto& h : *hits) ids.push_back(h.summary.id);
    std::vector<std::string> expected(all.begin(),
                                      all.begin() + std::min<size_t>(limit, all.size()));
    EXPECT_EQ(ids, expected) << "limit " << limit;
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
        << "a result came twice with limit " << limit;
  }
}

TEST_F(SearchLimitsTest, DirectoryStopsAtTheResultDepth) {
  std::vector<std::string> all = AllIds();
  ASSERT_EQ(all.size(), static_cast<size_t>(kDocuments));
  SearchServiceOptions options;
  options.limits.max_per_page = 2;
  options.limits.max_result_depth = 4;
  SearchService search(server_->reader(), server_->taxonomy(), options);
  CatalogService catalog(server_->reader(), server_->taxonomy());
  IndexResourceDirectory directory(catalog, search);
  Result<std::vector<DirectoryHit>> hits = directory.Search("", {}, 7);
  ASSERT_TRUE(hits.ok()) << "the directory asked past the depth limit: "
                         << hits.status().ToString();
  std::vector<std::string> ids;
  for (const auto& h : *hits) ids.push_back(h.summary.id);
  EXPECT_EQ(ids, std::vector<std::string>(all.begin(), all.begin() + 4));
}

}  // namespace
}  // namespace ch
