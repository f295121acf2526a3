// Search for the public over real HTTP, on a fixture corpus (tests/testdata/lay-corpus) whose
// taxonomy has lay terms: plain phrasings find the concept's resources, a date sort shows only
// full matches and says so, and a misspelt query shows the correction's results.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/server_harness.h"

namespace ch {
namespace {

class LaySearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::SourcePath("tests/testdata/lay-corpus"));
  }
  static void TearDownTestSuite() { delete server_; }

  // GETs /api/v1/search with `query` (already URL-encoded) and returns the parsed body.
  static rapidjson::Document Search(const std::string& query) {
    httplib::Client client = server_->Client();
    auto res = client.Get("/api/v1/search?facets=&" + query);
    rapidjson::Document doc;
    if (!res || res->status != 200) {
      ADD_FAILURE() << query << ": " << (res ? res->body : "no response");
      doc.SetObject();
      return doc;
    }
    doc.Parse(res->body.c_str());
    EXPECT_FALSE(doc.HasParseError());
    return doc;
  }
  static std::vector<std::string> Ids(const rapidjson::Document& doc) {
    std::vector<std::string> ids;
    if (!doc.IsObject() || !doc.HasMember("results")) return ids;
    for (const auto& r : doc["results"].GetArray()) ids.push_back(r["id"].GetString());
    return ids;
  }
  static std::string StringOr(const rapidjson::Document& doc, const char* field) {
    return doc.HasMember(field) && doc[field].IsString() ? doc[field].GetString() : "";
  }
  static test::ServerHarness* server_;
};
test::ServerHarness* LaySearchTest::server_ = nullptr;

TEST_F(LaySearchTest, LayPhrasingFindsTheConceptsResources) {
  // No word of either query occurs in the resource: only the lay terms connect them.
  for (const char* q : {"I%27m+scared+to+talk+to+police", "Afraid+to+testify",
                        "keeping+our+kids+safe+at+the+school"}) {
    rapidjson::Document doc = Search(std::string("q=") + q);
    std::vector<std::string> ids = Ids(doc);
    ASSERT_FALSE(ids.empty()) << q;
    const std::string want = std::string(q).find("kids") != std::string::npos
                                 ? "campus-security-report"
                                 : "witness-intimidation-guide";
    EXPECT_EQ(ids.front(), want) << q;
  }
}

TEST_F(LaySearchTest, LayPhrasingOfANarrowerSubjectFindsTheDocumentsNamingIt) {
  // Two resources share the topic; only one names the subject (death notification), and no word
  // of the query is in it: the glossary group's lay terms connect them, even reworded (loosely).
  for (const char* q : {"The+police+came+to+tell+us+he+died", "they+told+me+that+my+son+had+died",
                        "police+came+last+night+and+told+us+our+son+died"}) {
    std::vector<std::string> ids = Ids(Search(std::string("q=") + q));
    ASSERT_FALSE(ids.empty()) << q;
    EXPECT_EQ(ids.front(), "death-notification-guide") << q;
  }
}

TEST_F(LaySearchTest, ScaffoldingAndCapitalsDoNotChangeTheResults) {
  std::vector<std::string> plain = Ids(Search("q=deterrence+strategies"));
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(Ids(Search("q=How+do+I+find+Deterrence+strategies")), plain);
  EXPECT_EQ(Ids(Search("q=Deterrence+strategies")), plain);
}

TEST_F(LaySearchTest, DateSortShowsOnlyFullMatchesAndSaysSo) {
  // "focus" alone matches the newest resource (focus groups): by relevance it may follow the full
  // matches, but sorted by date it must not appear at all.
  rapidjson::Document ranked = Search("q=focused+deterrence");
  std::vector<std::string> ranked_ids = Ids(ranked);
  ASSERT_GE(ranked_ids.size(), 2u);
  EXPECT_EQ(ranked_ids.front(), "focused-deterrence-guide");
  EXPECT_EQ(StringOr(ranked, "match_rule"), "ranked");

  rapidjson::Document newest = Search("q=focused+deterrence&sort=newest");
  EXPECT_EQ(StringOr(newest, "match_rule"), "all_words");
  std::vector<std::string> ids = Ids(newest);
  ASSERT_FALSE(ids.empty());
  for (const auto& id : ids) EXPECT_NE(id, "focus-groups-guide");
  // Both full matches, newest first: one names the words, the other is tagged with the concept.
  EXPECT_EQ(ids, (std::vector<std::string>{"call-in-meetings-guide", "focused-deterrence-guide"}));
  EXPECT_EQ(newest["total"].GetUint64(), ids.size());
}

TEST_F(LaySearchTest, MisspeltQueryShowsResultsForTheCorrection) {
  rapidjson::Document doc = Search("q=deterence");
  EXPECT_EQ(StringOr(doc, "showing_results_for"), "deterrence");
  EXPECT_EQ(StringOr(doc, "search_instead_for"), "deterence");
  EXPECT_GE(Ids(doc).size(), 2u);

  rapidjson::Document as_typed = Search("q=deterence&autocorrect=false");
  EXPECT_TRUE(Ids(as_typed).empty());
  EXPECT_EQ(StringOr(as_typed, "did_you_mean"), "deterrence");
  EXPECT_EQ(StringOr(as_typed, "showing_results_for"), "");
}

TEST_F(LaySearchTest, LowercaseCopsMeansPoliceNotTheCopsOffice) {
  // COPS (the Community Oriented Policing Services office) is spelt like an everyday word: only
  // in capitals does it name the office, in the resources' text and in the query.
  std::vector<std::string> lower = Ids(Search("q=cops&autocorrect=false"));
  ASSERT_FALSE(lower.empty());
  EXPECT_EQ(lower.front(), "calling-the-cops");
  for (const auto& id : lower) EXPECT_NE(id, "community-policing-grants");
  std::vector<std::string> phone = Ids(Search("q=Cops+stopped+coming&autocorrect=false"));
  for (const auto& id : phone) EXPECT_NE(id, "community-policing-grants");

  // In capitals the office's resource is found, though it only spells the name out.
  std::vector<std::string> upper = Ids(Search("q=COPS&autocorrect=false"));
  EXPECT_NE(std::find(upper.begin(), upper.end(), "community-policing-grants"), upper.end());
  std::vector<std::string> grants = Ids(Search("q=COPS+hiring&autocorrect=false"));
  ASSERT_FALSE(grants.empty());
  EXPECT_EQ(grants.front(), "community-policing-grants");
}

}  // namespace
}  // namespace ch
