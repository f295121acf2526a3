// Toolkit drafts for a plain question, over real HTTP on a fixture corpus
// (tests/testdata/draft-corpus): every drafted item matches the question's concepts (not only a
// common word), and the featured toolkit that matches the question is offered first.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

class DraftApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::SourcePath("tests/testdata/draft-corpus"));
  }
  static void TearDownTestSuite() { delete server_; }

  static rapidjson::Document Draft(const std::string& body) {
    httplib::Client client = server_->Client();
    auto res = client.Post("/api/v1/toolkits/draft", body, "application/json");
    rapidjson::Document doc;
    if (!res || res->status != 200) {
      ADD_FAILURE() << body << ": " << (res ? res->body : "no response");
      doc.SetObject();
      return doc;
    }
    doc.Parse(res->body.c_str());
    EXPECT_FALSE(doc.HasParseError());
    return doc;
  }
  static std::set<std::string> ItemIds(const rapidjson::Document& doc) {
    std::set<std::string> ids;
    if (!doc.IsObject() || !doc.HasMember("items")) return ids;
    for (const auto& item : doc["items"].GetArray()) ids.insert(item["resource_id"].GetString());
    return ids;
  }
  static test::ServerHarness* server_;
};
test::ServerHarness* DraftApiTest::server_ = nullptr;

TEST_F(DraftApiTest, PlainQuestionDraftsOnTopicItemsAndOffersTheMatchingFeaturedToolkit) {
  rapidjson::Document d = Draft(R"({"q":"Reduce shootings near schools","size":10})");
  // Four resources share only "reduce" (or only shootings, or only officers) with the question;
  // the three about shootings and schools are the draft.
  EXPECT_EQ(ItemIds(d),
            (std::set<std::string>{"school-threat-assessment-guide", "campus-gun-violence-report",
                                   "safe-passage-training"}));
  ASSERT_TRUE(d.HasMember("featured_match")) << "the School Violence Prevention toolkit matches";
  EXPECT_STREQ(d["featured_match"]["id"].GetString(), "school-violence-prevention");
  EXPECT_STREQ(d["featured_match"]["title"].GetString(), "School Violence Prevention");
  EXPECT_EQ(d["featured_match"]["matched_items"].GetUint64(), 3u);
  EXPECT_EQ(d["featured_match"]["item_count"].GetUint64(), 3u);
}

TEST_F(DraftApiTest, QuestionNoFeaturedToolkitCoversOffersNone) {
  rapidjson::Document d = Draft(R"({"q":"open-air drug markets","size":5})");
  EXPECT_EQ(ItemIds(d).count("reduce-drug-markets-report"), 1u);
  EXPECT_FALSE(d.HasMember("featured_match"));
}

// Coverage reads each hit's term list, and only the drafter uses it (the API does not send it), so
// a search computes it only when asked (issue 15).
TEST_F(DraftApiTest, CoverageIsComputedOnlyWhenAsked) {
  SearchService service(server_->reader(), server_->taxonomy());
  SearchRequest request;
  request.q = "Reduce shootings near schools";
  request.per_page = 20;
  request.facets = std::vector<std::string>{};
  Result<SearchResponse> plain = service.Search(request);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  ASSERT_GE(plain->results.size(), 4u);
  for (const auto& hit : plain->results) EXPECT_EQ(hit.coverage, 1.0) << hit.resource.id;
  request.coverage = true;
  Result<SearchResponse> asked = service.Search(request);
  ASSERT_TRUE(asked.ok()) << asked.status().ToString();
  size_t partial = 0, full = 0;
  for (const auto& hit : asked->results) {
    partial += hit.coverage < 1.0;
    full += hit.coverage == 1.0;
  }
  EXPECT_GE(partial, 1u) << "some results match only some of the question's concepts";
  EXPECT_EQ(full, 3u) << "the three about shootings and schools match them all";
}

}  // namespace
}  // namespace ch
