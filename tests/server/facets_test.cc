// Facet counts are exact, count each value of multi-valued fields, and are disjunctive: checked
// against brute-force counts over every matching result.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <set>

#include "tests/support/server_harness.h"

namespace ch {
namespace {

using Counts = std::map<std::string, std::map<std::string, uint64_t>>;  // facet -> value -> n

class FacetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test::ServerHarness(test::LibraryPath()); }
  static void TearDownTestSuite() { delete server_; }

  static rapidjson::Document GetJson(const std::string& path) {
    httplib::Client client = server_->Client();
    auto res = client.Get(path);
    rapidjson::Document doc;
    if (!res) {
      ADD_FAILURE() << "no answer from the server for " << path;
      doc.SetObject();
      return doc;
    }
    EXPECT_EQ(res->status, 200) << path << " " << res->body;
    doc.Parse(res->body.c_str());
    return doc;
  }

  // Every result of `query` (all pages), counted by hand.
  static Counts BruteForce(const std::string& query) {
    Counts counts;
    for (int page = 1;; ++page) {
      rapidjson::Document doc =
          GetJson("/api/v1/search?facets=&per_page=100&page=" + std::to_string(page) + query);
      for (const auto& r : doc["results"].GetArray()) {
        auto add = [&](const char* facet, const rapidjson::Value& v) {
          ++counts[facet][v.GetString()];
        };
        for (const auto& v : r["focus_areas"].GetArray()) add("focus_area", v);
        for (const auto& v : r["topics"].GetArray()) add("topic", v);
        for (const auto& v : r["audience"].GetArray()) add("audience", v);
        add("type", r["type"]);
        add("language", r["language"]);
        if (r["source"].IsString()) add("source", r["source"]);
        if (r["published"].IsString())
          ++counts["year"][std::string(r["published"].GetString()).substr(0, 4)];
      }
      if (doc["results"].Size() < 100) break;
    }
    return counts;
  }

  static std::map<std::string, uint64_t> Reported(const rapidjson::Document& doc,
                                                  const std::string& facet) {
    std::map<std::string, uint64_t> out;
    for (const auto& v : doc["facets"][facet.c_str()].GetArray()) {
      if (v["count"].GetUint64() > 0) out[v["value"].GetString()] = v["count"].GetUint64();
    }
    return out;
  }

  static test::ServerHarness* server_;
};
test::ServerHarness* FacetsTest::server_ = nullptr;

TEST_F(FacetsTest, CountsMatchBruteForceForEveryFacet) {
  for (const std::string query :
       {"", "&q=violence", "&q=%22crime+analysis%22", "&q=nibin+OR+cpted"}) {
    Counts expected = BruteForce(query);
    rapidjson::Document doc = GetJson("/api/v1/search?per_page=1" + query);
    for (const char* facet :
         {"focus_area", "topic", "type", "audience", "year", "language", "source"}) {
      EXPECT_EQ(Reported(doc, facet), expected[facet]) << facet << " for query '" << query << "'";
    }
  }
}

TEST_F(FacetsTest, FilteredFacetKeepsItsOtherValuesWithDisjunctiveCounts) {
  const std::string filter = "&focus_area=technology&type=guide";
  rapidjson::Document doc = GetJson("/api/v1/search?q=crime" + filter);
  // focus_area is counted with every filter except its own ...
  Counts without_focus = BruteForce("&q=crime&type=guide");
  EXPECT_EQ(Reported(doc, "focus_area"), without_focus["focus_area"]);
  EXPECT_GT(Reported(doc, "focus_area").size(), 1u) << "other focus areas stay visible";
  // ... type with every filter except type ...
  Counts without_type = BruteForce("&q=crime&focus_area=technology");
  EXPECT_EQ(Reported(doc, "type"), without_type["type"]);
  // ... and the others with all filters.
  Counts all = BruteForce("&q=crime" + filter);
  EXPECT_EQ(Reported(doc, "topic"), all["topic"]);
  EXPECT_EQ(doc["total"].GetUint64(), [&] {
    uint64_t n = 0;
    for (const auto& [v, c] : all["type"]) n += c;
    return n;
  }());
  bool selected = false;
  for (const auto& v : doc["facets"]["focus_area"].GetArray()) {
    if (std::string(v["value"].GetString()) == "technology") selected = v["selected"].GetBool();
  }
  EXPECT_TRUE(selected);
}

TEST_F(FacetsTest, SelectedValueWithNoMatchesStillShows) {
  rapidjson::Document doc = GetJson("/api/v1/search?q=nibin&topic=human-trafficking&facets=topic");
  bool shown = false;
  for (const auto& v : doc["facets"]["topic"].GetArray()) {
    if (std::string(v["value"].GetString()) == "human-trafficking") shown = v["selected"].GetBool();
  }
  EXPECT_TRUE(shown);
}

TEST_F(FacetsTest, FacetsParameterChoosesWhichCountsReturn) {
  rapidjson::Document some = GetJson("/api/v1/search?facets=type,year");
  EXPECT_TRUE(some["facets"].HasMember("type"));
  EXPECT_TRUE(some["facets"].HasMember("year"));
  EXPECT_FALSE(some["facets"].HasMember("topic"));
  rapidjson::Document none = GetJson("/api/v1/search?facets=");
  EXPECT_EQ(none["facets"].MemberCount(), 0u);
}

TEST_F(FacetsTest, PagingThroughAllResultsGivesEachExactlyOnce) {
  for (const std::string query : {"&q=violence", "&sort=title", "&q=police&sort=newest"}) {
    rapidjson::Document first = GetJson("/api/v1/search?per_page=7" + query);
    uint64_t total = first["total"].GetUint64();
    ASSERT_TRUE(first["total_exact"].GetBool());
    std::set<std::string> seen;
    size_t returned = 0;
    for (int page = 1; static_cast<uint64_t>((page - 1) * 7) < total; ++page) {
      rapidjson::Document doc =
          GetJson("/api/v1/search?facets=&per_page=7&page=" + std::to_string(page) + query);
      for (const auto& r : doc["results"].GetArray()) {
        seen.insert(r["id"].GetString());
        ++returned;
      }
    }
    EXPECT_EQ(returned, total) << query;
    EXPECT_EQ(seen.size(), total) << query << ": a result appeared twice";
  }
}

}  // namespace
}  // namespace ch
