// Evidence ratings through the API: results and pages carry them, the taxonomy lists the rating
// vocabularies with their plain explanations, facets and filters by rating and outcome agree with
// brute force, the sort "strongest evidence first" follows the documented keys and says so, and a
// bad `evidence:` block sent by a curator is refused at its line.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <map>
#include <set>
#include <utility>

#include "indexer/evidence.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

class EvidenceApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new test::ServerHarness(test::LibraryPath()); }
  static void TearDownTestSuite() { delete server_; }

  static rapidjson::Document GetJson(const std::string& path, int status = 200) {
    httplib::Client client = server_->Client();
    auto res = client.Get(path);
    rapidjson::Document doc;
    if (!res) {
      ADD_FAILURE() << "no answer from the server for " << path;
      doc.SetObject();
      return doc;
    }
    EXPECT_EQ(res->status, status) << path << " " << res->body;
    doc.Parse(res->body.c_str());
    return doc;
  }

  static Evidence EvidenceOf(const rapidjson::Value& result) {
    Evidence e;
    if (result["evidence"].IsNull()) return e;
    e.sample_data = result["evidence"]["sample_data"].GetBool();
    for (const auto& r : result["evidence"]["ratings"].GetArray()) {
      e.ratings.push_back({r["outcome"].GetString(), r["rating"].GetString(),
                           r["evidence_base"].GetString(), r["rated_by"].GetString(),
                           r["url"].IsString() ? r["url"].GetString() : "", r["date"].GetString()});
    }
    return e;
  }

  // Every result of `query`, in order, across all pages.
  static std::vector<rapidjson::Document> All(const std::string& query) {
    std::vector<rapidjson::Document> out;
    for (int page = 1;; ++page) {
      rapidjson::Document doc = GetJson(
          "/api/v1/search?facets=&autocorrect=false&per_page=5&page=" + std::to_string(page) +
          query);
      size_t n = doc["results"].Size();
      for (const auto& r : doc["results"].GetArray()) {
        rapidjson::Document copy;
        copy.CopyFrom(r, copy.GetAllocator());
        out.push_back(std::move(copy));
      }
      if (n < 5) break;
    }
    return out;
  }

  static test::ServerHarness* server_;
};
test::ServerHarness* EvidenceApiTest::server_ = nullptr;

TEST_F(EvidenceApiTest, ResultsAndPagesCarryTheRatingsAndTheSampleMark) {
  rapidjson::Document page =
      GetJson("/api/v1/resources/riverton-focused-deterrence-program-profile");
  const auto& e = page["evidence"];
  ASSERT_TRUE(e.IsObject());
  EXPECT_TRUE(e["sample_data"].GetBool());
  ASSERT_EQ(e["ratings"].Size(), 2u);
  EXPECT_STREQ(e["ratings"][0]["outcome"].GetString(), "gun-violence");
  EXPECT_STREQ(e["ratings"][0]["rating"].GetString(), "effective");
  EXPECT_STREQ(e["ratings"][0]["evidence_base"].GetString(), "multiple-studies");
  EXPECT_STREQ(e["ratings"][0]["rated_by"].GetString(), "Sample Evidence Panel");
  EXPECT_STREQ(e["ratings"][0]["date"].GetString(), "2024-05");
  EXPECT_TRUE(e["ratings"][1]["url"].IsNull());
  EXPECT_EQ(e["emmie"].Size(), 3u);
  rapidjson::Document unrated = GetJson("/api/v1/resources/gvi-call-in-planning-guide");
  EXPECT_TRUE(unrated["evidence"].IsNull());
  rapidjson::Document search =
      GetJson("/api/v1/search?q=%22Harbor+Street+Outreach%22&autocorrect=false");
  ASSERT_GE(search["results"].Size(), 1u);
  EXPECT_STREQ(search["results"][0]["evidence"]["ratings"][0]["rating"].GetString(), "promising");
}

TEST_F(EvidenceApiTest, TaxonomyListsRatingsWithTheirPlainExplanationsAndCounts) {
  rapidjson::Document t = GetJson("/api/v1/taxonomy");
  ASSERT_TRUE(t.HasMember("evidence_ratings"));
  const auto& ratings = t["evidence_ratings"];
  ASSERT_EQ(ratings.Size(), server_->taxonomy().entries(Vocabulary::kRating).size());
  std::map<std::string, uint64_t> counts;
  for (const auto& r : ratings.GetArray()) {
    EXPECT_GT(std::string(r["description"].GetString()).size(), 10u) << r["id"].GetString();
    counts[r["id"].GetString()] = r["count"].GetUint64();
  }
  EXPECT_EQ(counts["effective"], 2u);
  EXPECT_EQ(counts["promising"], 2u);
  EXPECT_EQ(counts["no-effect"], 1u);
  for (const char* list : {"outcomes", "evidence_bases", "emmie"}) {
    EXPECT_GT(t[list].Size(), 0u) << list;
  }
}

// The curator workspace offers the evidence section for the types the taxonomy marks rated, and
// learns which they are from here (it used to hard-code two ids).
TEST_F(EvidenceApiTest, TaxonomyTypesSayWhichMayCarryRatings) {
  rapidjson::Document t = GetJson("/api/v1/taxonomy");
  std::vector<std::string> rated, unrated;
  for (const auto& type : t["types"].GetArray()) {
    ASSERT_TRUE(type.HasMember("rated")) << type["id"].GetString();
    (type["rated"].GetBool() ? rated : unrated).push_back(type["id"].GetString());
  }
  EXPECT_EQ(rated, (std::vector<std::string>{"program", "practice"}));
  EXPECT_FALSE(unrated.empty());
  EXPECT_FALSE(t["focus_areas"][0].HasMember("rated")) << "only types carry the flag";
}

TEST_F(EvidenceApiTest, FacetsAndFiltersByRatingAndOutcomeMatchBruteForce) {
  std::map<std::string, uint64_t> by_rating, by_outcome;
  std::set<std::string> effective, gun_outcome;
  for (const auto& r : All("")) {
    std::set<std::string> ratings, outcomes;
    for (const auto& x : EvidenceOf(r).ratings) {
      ratings.insert(x.rating);
      outcomes.insert(x.outcome);
    }
    for (const auto& v : ratings) ++by_rating[v];
    for (const auto& v : outcomes) ++by_outcome[v];
    if (ratings.count("effective")) effective.insert(r["id"].GetString());
    if (outcomes.count("gun-violence")) gun_outcome.insert(r["id"].GetString());
  }
  ASSERT_FALSE(effective.empty());
  rapidjson::Document doc = GetJson("/api/v1/search?per_page=1");
  auto reported = [&](const char* facet) {
    std::map<std::string, uint64_t> out;
    for (const auto& v : doc["facets"][facet].GetArray()) {
      out[v["value"].GetString()] = v["count"].GetUint64();
      EXPECT_STRNE(v["label"].GetString(), v["value"].GetString())
          << "labels come from the taxonomy";
    }
    return out;
  };
  EXPECT_EQ(reported("evidence_rating"), by_rating);
  EXPECT_EQ(reported("evidence_outcome"), by_outcome);

  std::set<std::string> filtered;
  for (const auto& r : All("&evidence_rating=effective")) filtered.insert(r["id"].GetString());
  EXPECT_EQ(filtered, effective);
  filtered.clear();
  for (const auto& r : All("&evidence_outcome=gun-violence")) filtered.insert(r["id"].GetString());
  EXPECT_EQ(filtered, gun_outcome);
}

// evidence_rating and evidence_outcome together hold on the same rating: the test library's
// Riverton program is effective for gun violence and promising for community trust, and the
// place-based patrol practice effective for violent crime and no-effect for community trust, so
// neither is "effective for community trust" though each has both an effective rating and a
// community-trust one. Checked against brute force for several combinations.
TEST_F(EvidenceApiTest, RatingAndOutcomeFiltersTogetherHoldOnTheSameRating) {
  std::vector<rapidjson::Document> everything = All("");
  auto expected = [&](const std::set<std::string>& ratings, const std::set<std::string>& outcomes,
                      bool same_rating) {
    std::set<std::string> ids;
    for (const auto& r : everything) {
      bool any_rating = false, any_outcome = false, together = false;
      for (const auto& x : EvidenceOf(r).ratings) {
        any_rating |= ratings.count(x.rating) > 0;
        any_outcome |= outcomes.count(x.outcome) > 0;
        together |= ratings.count(x.rating) > 0 && outcomes.count(x.outcome) > 0;
      }
      if (same_rating ? together : any_rating && any_outcome) ids.insert(r["id"].GetString());
    }
    return ids;
  };
  auto found = [&](const std::string& query) {
    std::set<std::string> ids;
    for (const auto& r : All(query)) ids.insert(r["id"].GetString());
    return ids;
  };
  EXPECT_EQ(found("&evidence_rating=effective&evidence_outcome=community-trust"),
            std::set<std::string>{});
  EXPECT_EQ(expected({"effective"}, {"community-trust"}, false),
            (std::set<std::string>{"place-based-patrol-practice-profile",
                                   "riverton-focused-deterrence-program-profile"}))
      << "the library still has the programs that tell the two rules apart";
  EXPECT_EQ(found("&evidence_rating=promising&evidence_outcome=community-trust"),
            std::set<std::string>{"riverton-focused-deterrence-program-profile"});
  struct Case {
    std::set<std::string> ratings, outcomes;
  };
  for (const Case& c :
       std::vector<Case>{{{"effective"}, {"gun-violence"}},
                         {{"effective", "promising"}, {"gun-violence", "community-trust"}},
                         {{"no-effect"}, {"community-trust", "violent-crime"}},
                         {{"effective", "no-effect"}, {"community-trust"}}}) {
    std::string query = "&evidence_rating=", sep;
    for (const auto& v : c.ratings) query += std::exchange(sep, ",") + v;
    query += "&evidence_outcome=";
    sep.clear();
    for (const auto& v : c.outcomes) query += std::exchange(sep, ",") + v;
    EXPECT_EQ(found(query), expected(c.ratings, c.outcomes, true)) << query;
  }
  // The facet counts agree: with the other evidence filter given, a resource counts for a value
  // only when one of its ratings pairs the value with a selected value of the other filter.
  auto paired_counts = [&](bool by_rating, const std::set<std::string>& others) {
    std::map<std::string, uint64_t> out;
    for (const auto& r : everything) {
      std::set<std::string> values;
      for (const auto& x : EvidenceOf(r).ratings) {
        if (others.count(by_rating ? x.outcome : x.rating)) {
          values.insert(by_rating ? x.rating : x.outcome);
        }
      }
      for (const auto& v : values) ++out[v];
    }
    return out;
  };
  auto reported = [&](const std::string& query, const char* facet) {
    rapidjson::Document doc = GetJson("/api/v1/search?per_page=1&autocorrect=false" + query);
    std::map<std::string, uint64_t> out;
    for (const auto& v : doc["facets"][facet].GetArray()) {
      if (v["count"].GetUint64() > 0) out[v["value"].GetString()] = v["count"].GetUint64();
    }
    return out;
  };
  EXPECT_EQ(reported("&evidence_outcome=community-trust", "evidence_rating"),
            paired_counts(true, {"community-trust"}));
  EXPECT_EQ(reported("&evidence_outcome=community-trust", "evidence_rating"),
            (std::map<std::string, uint64_t>{{"no-effect", 1}, {"promising", 1}}))
      << "not the Riverton program's effective rating for gun violence";
  const std::string both = "&evidence_rating=effective&evidence_outcome=community-trust";
  EXPECT_EQ(reported(both, "evidence_rating"), paired_counts(true, {"community-trust"}));
  EXPECT_EQ(reported(both, "evidence_outcome"), paired_counts(false, {"effective"}));
  EXPECT_EQ(reported("&evidence_rating=effective,promising", "evidence_outcome"),
            paired_counts(false, {"effective", "promising"}));
  // With a text query too, and the facet counts still answer.
  rapidjson::Document text = GetJson(
      "/api/v1/search?q=violence&autocorrect=false&evidence_rating=effective&evidence_outcome="
      "community-trust");
  EXPECT_EQ(text["total"].GetUint64(), 0u);
}

TEST_F(EvidenceApiTest, UnknownRatingOrOutcomeIsABadRequestListingTheAllowedIds) {
  rapidjson::Document bad = GetJson("/api/v1/search?evidence_rating=great", 400);
  std::string message = bad["error"]["message"].GetString();
  EXPECT_NE(message.find("unknown value 'great'"), std::string::npos) << message;
  EXPECT_NE(message.find("effective"), std::string::npos) << message;
  GetJson("/api/v1/search?evidence_outcome=parking", 400);
  GetJson("/api/v1/search?sort=best", 400);
}

TEST_F(EvidenceApiTest, StrongestEvidenceFirstFollowsTheKeyThenTitleAndSaysSo) {
  rapidjson::Document first = GetJson("/api/v1/search?sort=evidence&per_page=1");
  EXPECT_STREQ(first["sort"].GetString(), "evidence");
  std::string order = first["order"].GetString();
  EXPECT_NE(order.find("Strongest evidence first"), std::string::npos) << order;
  EXPECT_NE(order.find("title A to Z"), std::string::npos) << order;
  EXPECT_NE(order.find("without a rating come last"), std::string::npos) << order;

  std::vector<rapidjson::Document> all = All("&sort=evidence");
  ASSERT_EQ(all.size(), test::LibraryResourceCount());
  const Taxonomy& t = server_->taxonomy();
  for (size_t i = 1; i < all.size(); ++i) {
    std::string a = EvidenceSortKey(t, EvidenceOf(all[i - 1]));
    std::string b = EvidenceSortKey(t, EvidenceOf(all[i]));
    EXPECT_GE(a, b) << "position " << i;
    if (a == b) {
      std::string ta = all[i - 1]["title"].GetString(), tb = all[i]["title"].GetString();
      for (auto* s : {&ta, &tb}) {
        for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      EXPECT_LE(ta, tb) << "ties are broken by title when browsing, at position " << i;
    }
  }
  EXPECT_STREQ(all[0]["id"].GetString(), "place-based-patrol-practice-profile")
      << "effective on a meta-analysis beats effective on several studies";
  EXPECT_STREQ(all[1]["id"].GetString(), "riverton-focused-deterrence-program-profile");
  EXPECT_STREQ(all[2]["id"].GetString(), "harbor-street-outreach-program-profile");

  rapidjson::Document text = GetJson("/api/v1/search?q=violence&sort=evidence&autocorrect=false");
  EXPECT_NE(std::string(text["order"].GetString()).find("best match"), std::string::npos);
  rapidjson::Document browse = GetJson("/api/v1/search?per_page=1");
  EXPECT_STREQ(browse["sort"].GetString(), "newest") << "browsing by relevance shows newest";
}

TEST_F(EvidenceApiTest, PagingTheEvidenceSortGivesEachResultOnce) {
  for (const std::string query : {"&sort=evidence", "&q=violence&sort=evidence"}) {
    std::set<std::string> seen;
    std::vector<rapidjson::Document> all = All(query);
    for (const auto& r : all) seen.insert(r["id"].GetString());
    EXPECT_EQ(seen.size(), all.size()) << query;
    EXPECT_GT(all.size(), 0u) << query;
  }
}

TEST_F(EvidenceApiTest, CompareShowsTwoToFourProgramsSideBySide) {
  rapidjson::Document c = GetJson(
      "/api/v1/compare?ids=riverton-focused-deterrence-program-profile,"
      "place-based-patrol-practice-profile,gvi-call-in-planning-guide");
  ASSERT_EQ(c["resources"].Size(), 3u);
  EXPECT_STREQ(c["resources"][0]["id"].GetString(), "riverton-focused-deterrence-program-profile");
  EXPECT_STREQ(c["resources"][2]["id"].GetString(), "gvi-call-in-planning-guide");
  EXPECT_TRUE(c["resources"][0]["evidence"].IsObject());
  EXPECT_TRUE(c["resources"][2]["evidence"].IsNull());
  EXPECT_FALSE(c["resources"][0]["cost_covered"].GetBool());
  EXPECT_TRUE(c["resources"][1]["cost_covered"].GetBool()) << "emmie lists economic-cost";
  EXPECT_TRUE(c["resources"][0].HasMember("audience"));
  EXPECT_FALSE(c["resources"][0].HasMember("body_html"));
  std::vector<std::string> outcomes;
  for (const auto& o : c["outcomes"].GetArray()) outcomes.push_back(o.GetString());
  EXPECT_EQ(outcomes,
            (std::vector<std::string>{"gun-violence", "violent-crime", "community-trust"}))
      << "taxonomy order";

  GetJson("/api/v1/compare?ids=riverton-focused-deterrence-program-profile", 400);
  GetJson("/api/v1/compare?ids=a,b,c,d,e", 400);
  GetJson("/api/v1/compare?ids=gvi-call-in-planning-guide,gvi-call-in-planning-guide", 400);
  rapidjson::Document missing =
      GetJson("/api/v1/compare?ids=gvi-call-in-planning-guide,no-such-program", 404);
  EXPECT_NE(std::string(missing["error"]["message"].GetString()).find("no-such-program"),
            std::string::npos);
  GetJson("/api/v1/compare?ids=a,b&extra=1", 400);
}

TEST(EvidenceCuratorTest, ABadEvidenceBlockIsRefusedAtItsLine) {
  test::TempDir dir;
  test::CopyLibrary(dir.path() / "corpus");
  test::ServerHarness::Options options;
  options.corpus = (dir.path() / "corpus").string();
  options.curator = true;
  test::ServerHarness server(options);
  Result<std::string> key = server.keys().Create("alice");
  ASSERT_TRUE(key.ok());
  const std::string bad =
      "---\ntitle: A Program\nsummary: S\ntype: program\nfocus_areas: [gun-violence]\n"
      "evidence:\n  ratings:\n    - outcome: gun-violence\n      rating: great\n"
      "      evidence_base: single-study\n      rated_by: Panel\n      date: 2024\n---\nBody.\n";
  httplib::Client client = server.Client();
  auto res = client.Post("/api/v1/curator/resources", {{"Authorization", "Bearer " + *key}}, bad,
                         "text/markdown");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 422) << res->body;
  rapidjson::Document d;
  d.Parse(res->body.c_str());
  const auto& problems = d["error"]["problems"];
  ASSERT_EQ(problems.Size(), 1u) << res->body;
  EXPECT_EQ(problems[0]["line"].GetInt(), 9);
  EXPECT_STREQ(problems[0]["field"].GetString(), "evidence.ratings[0].rating");
  EXPECT_EQ(problems[0]["allowed"].Size(), server.taxonomy().entries(Vocabulary::kRating).size());
}

}  // namespace
}  // namespace ch
