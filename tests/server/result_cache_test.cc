// The response cache (server/services/result_cache.h): a repeated search is answered from memory
// with the same response, any other request or any change to the documents is searched again.
#include "server/services/result_cache.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

TEST(ResultCacheKeyTest, EveryRequestFieldAndTheIndexChangeTheKey) {
  const SearchRequest base;
  const std::string key = ResultCache::KeyOf(base, "index-1");
  EXPECT_NE(ResultCache::KeyOf(base, "index-2"), key) << "another generation of the documents";
  const std::vector<std::pair<const char*, std::function<void(SearchRequest&)>>> changes = {
      {"q", [](SearchRequest& r) { r.q = "crime"; }},
      {"filters", [](SearchRequest& r) { r.filters["type"] = {"guide"}; }},
      {"filter values", [](SearchRequest& r) { r.filters["type"] = {}; }},
      {"published_from", [](SearchRequest& r) { r.published_from = "2020"; }},
      {"published_to", [](SearchRequest& r) { r.published_to = "2020"; }},
      {"sort", [](SearchRequest& r) { r.sort = SortOrder::kNewest; }},
      {"page", [](SearchRequest& r) { r.page = 2; }},
      {"per_page", [](SearchRequest& r) { r.per_page = 20; }},
      {"facets none", [](SearchRequest& r) { r.facets = std::vector<std::string>{}; }},
      {"facets some", [](SearchRequest& r) { r.facets = std::vector<std::string>{"type"}; }},
      {"autocorrect", [](SearchRequest& r) { r.autocorrect = false; }},
      {"page_language", [](SearchRequest& r) { r.page_language = "es"; }},
      {"coverage", [](SearchRequest& r) { r.coverage = true; }},
  };
  for (const auto& [field, change] : changes) {
    SearchRequest changed = base;
    change(changed);
    EXPECT_NE(ResultCache::KeyOf(changed, "index-1"), key) << field << " is not in the key";
  }
}

TEST(ResultCacheKeyTest, TextCannotMoveFromOneFieldToAnotherUnnoticed) {
  SearchRequest a, b;
  a.q = "crime";
  a.published_from = "2020";
  b.q = "crime2020";
  EXPECT_NE(ResultCache::KeyOf(a, "i"), ResultCache::KeyOf(b, "i"));
  SearchRequest from, to;  // adjacent fields: the same text, one field later
  from.published_from = "2020";
  to.published_to = "2020";
  EXPECT_NE(ResultCache::KeyOf(from, "i"), ResultCache::KeyOf(to, "i"));
  SearchRequest c, d;
  c.filters["type"] = {"guide", "toolkit"};
  d.filters["type"] = {"guidetoolkit"};
  EXPECT_NE(ResultCache::KeyOf(c, "i"), ResultCache::KeyOf(d, "i"));
  EXPECT_NE(ResultCache::KeyOf(SearchRequest{}, "ab"), ResultCache::KeyOf(SearchRequest{}, "a"));
}

class ResultCacheTest : public ::testing::Test {
 protected:
  ResultCacheTest() {
    test::CopyLibrary(library_.path());
    test::ServerHarness::Options options;
    options.corpus = library_.path().string();
    options.curator = true;
    server_ = std::make_unique<test::ServerHarness>(options);
    service_ = std::make_unique<SearchService>(server_->reader(), server_->taxonomy());
  }

  httplib::Result PostResource(const std::string& markdown) {
    Result<std::string> key = server_->keys().Create("result-cache-test");
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    httplib::Client client = server_->Client();
    return client.Post("/api/v1/curator/resources", {{"Authorization", "Bearer " + *key}}, markdown,
                       "text/markdown");
  }

  test::TempDir library_;
  std::unique_ptr<test::ServerHarness> server_;
  std::unique_ptr<SearchService> service_;
};

TEST_F(ResultCacheTest, ARepeatedSearchIsAnsweredFromMemoryUnchanged) {
  SearchRequest request;
  request.q = "violence";
  request.filters["type"] = {"guide", "toolkit"};
  Result<SearchResponse> first = service_->Search(request);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ASSERT_FALSE(first->results.empty());
  EXPECT_EQ(service_->result_cache_stats().hits, 0u);
  Result<SearchResponse> again = service_->Search(request);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(service_->result_cache_stats().hits, 1u) << "the same request is not matched again";
  EXPECT_EQ(test::ResultIds(*again), test::ResultIds(*first));
  EXPECT_EQ(again->total, first->total);
  EXPECT_EQ(again->facets.size(), first->facets.size());
  EXPECT_EQ(again->results.front().snippet, first->results.front().snippet);
  EXPECT_EQ(again->order, first->order);

  request.page_language = "es";  // labels and the order sentence differ: another answer
  Result<SearchResponse> spanish = service_->Search(request);
  ASSERT_TRUE(spanish.ok());
  EXPECT_EQ(service_->result_cache_stats().hits, 1u);
  EXPECT_NE(spanish->order, first->order);
}

TEST_F(ResultCacheTest, AWriteIsSeenByTheVeryNextSearch) {
  SearchRequest request;
  request.q = "quadcopter";
  request.autocorrect = false;
  Result<SearchResponse> before = service_->Search(request);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->total, 0u);
  ASSERT_TRUE(service_->Search(request).ok());
  ASSERT_EQ(service_->result_cache_stats().hits, 1u) << "cached before the write";
  auto res = PostResource(test::ResourceMarkdown(
      "Result cache sample", "technology",
      "Sample data: a fictional guide to quadcopter patrols and their oversight."));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  Result<SearchResponse> after = service_->Search(request);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->total, 1u) << "the answer cached before the write must not be served after it";
  EXPECT_GT(after->generation, before->generation);
}

TEST_F(ResultCacheTest, NoBytesMeansEveryRequestIsMatched) {
  SearchServiceOptions options;
  options.result_cache.bytes = 0;
  SearchService uncached(server_->reader(), server_->taxonomy(), options);
  SearchRequest request;
  request.q = "violence";
  ASSERT_TRUE(uncached.Search(request).ok());
  ASSERT_TRUE(uncached.Search(request).ok());
  EXPECT_EQ(uncached.result_cache_stats().hits, 0u);
  EXPECT_EQ(uncached.result_cache_stats().entries, 0u);
}

}  // namespace
}  // namespace ch
