// Toolkit drafts for a plain question, over real HTTP on a fixture corpus
// (tests/testdata/draft-corpus): every drafted item matches the question's concepts (not only a
// common word), and the featured toolkit that matches the question is offered first.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>

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

}  // namespace
}  // namespace ch
