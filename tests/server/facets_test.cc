// Facet counts are exact, count each value of multi-valued fields, and are disjunctive: checked
// against brute-force counts over every matching result.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "indexer/schema.h"
#include "server/services/facet_column.h"
#include "server/services/search_service.h"
#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

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

// The facet column path (facet_column.h) against Xapian's spy path and brute force, on seeded
// random queries and filters, before and after curator writes (the reader reopens, the column of
// the new generation is loaded). Built from schema::Facets(), so new facets are covered too.
class FacetColumnTest : public ::testing::Test {
 protected:
  FacetColumnTest() {
    test::CopyLibrary(library_.path());
    test::ServerHarness::Options options;
    options.corpus = library_.path().string();
    options.curator = true;
    Serve(options);
  }

  void Serve(const test::ServerHarness::Options& options) {
    spy_.reset();
    column_.reset();
    server_ = std::make_unique<test::ServerHarness>(options);
    SearchServiceOptions spy;
    spy.facet_counting = FacetCounting::kSpy;
    spy_ = std::make_unique<SearchService>(server_->reader(), server_->taxonomy(), spy);
    column_ = std::make_unique<SearchService>(server_->reader(), server_->taxonomy());
  }

  static std::vector<std::string> AllFacets() {
    std::vector<std::string> names;
    for (const auto& f : schema::Facets()) names.push_back(f.name);
    return names;
  }

  static Counts ToCounts(const SearchResponse& r) {
    Counts out;
    for (const auto& f : r.facets) {
      auto& values = out[f.name];
      for (const auto& v : f.values) {
        if (v.count > 0) values[v.value] = v.count;
      }
    }
    return out;
  }

  // evidence_rating (evidence_outcome) while the other evidence filter is given: a resource counts
  // for a rating only when it has it for a selected outcome (docs/api.md, "Evidence filters").
  // Counts from the resource's own ratings; false for any other facet or without that filter.
  static bool CountPaired(const SearchRequest& request, const std::string& facet,
                          const Evidence& evidence, std::map<std::string, uint64_t>* counts) {
    const bool by_rating = facet == "evidence_rating";
    if (!by_rating && facet != "evidence_outcome") return false;
    auto other = request.filters.find(by_rating ? "evidence_outcome" : "evidence_rating");
    if (other == request.filters.end() || other->second.empty()) return false;
    std::set<std::string> values;
    for (const auto& x : evidence.ratings) {
      const std::string& paired = by_rating ? x.outcome : x.rating;
      if (std::find(other->second.begin(), other->second.end(), paired) != other->second.end()) {
        values.insert(by_rating ? x.rating : x.outcome);
      }
    }
    for (const auto& v : values) ++(*counts)[v];
    return true;
  }

  // Every document `request` matches (all pages), its facet slots read straight from the index
  // (the evidence facets by pairs when CountPaired says so).
  Counts BruteForce(SearchRequest request, uint64_t* total) {
    request.facets = std::vector<std::string>{};
    request.per_page = 100;
    Xapian::Database db(server_->db_dir());
    Counts counts;
    *total = 0;
    for (request.page = 1;; ++request.page) {
      Result<SearchResponse> r = spy_->Search(request);
      if (!r.ok()) {
        ADD_FAILURE() << r.status().ToString();
        return counts;
      }
      for (const auto& hit : r->results) {
        ++*total;
        Xapian::PostingIterator p = db.postlist_begin(schema::IdTerm(hit.resource.id));
        EXPECT_NE(p, db.postlist_end(schema::IdTerm(hit.resource.id))) << hit.resource.id;
        Xapian::Document doc = db.get_document(*p);
        for (const auto& f : schema::Facets()) {
          if (CountPaired(request, f.name, hit.resource.evidence, &counts[f.name])) continue;
          for (const auto& v : schema::SplitFacetValue(doc.get_value(f.slot))) ++counts[f.name][v];
        }
      }
      if (r->results.size() < 100) break;
    }
    return counts;
  }

  // Facet counts that brute force expects: each filtered facet without its own filter.
  Counts Expected(const SearchRequest& request, uint64_t* total) {
    Counts all = BruteForce(request, total);
    Counts out;
    for (const auto& name : AllFacets()) {
      auto active = request.filters.find(name);
      if (active == request.filters.end()) {
        out[name] = all[name];
        continue;
      }
      SearchRequest without = request;
      without.filters.erase(name);
      uint64_t ignored;
      out[name] = BruteForce(without, &ignored)[name];
    }
    return out;
  }

  // A seeded random request: 0-2 words from the index's titles, 0-2 filters of 1-2 values seen
  // on the browse page, and a random order.
  SearchRequest RandomRequest(std::mt19937& rng, const Counts& browse,
                              const std::vector<std::string>& words) {
    auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
    SearchRequest r;
    r.autocorrect = false;
    r.facets = AllFacets();
    r.per_page = 5;
    for (size_t n = pick(3); n > 0; --n)
      r.q += (r.q.empty() ? "" : " ") + words[pick(words.size())];
    const std::vector<std::string> names = AllFacets();
    for (size_t n = pick(3); n > 0; --n) {
      const std::string& name = names[pick(names.size())];
      auto values = browse.find(name);
      if (values == browse.end() || values->second.empty()) continue;
      for (size_t k = 1 + pick(2); k > 0; --k) {
        auto v = values->second.begin();
        std::advance(v, pick(values->second.size()));
        r.filters[name].push_back(v->first);
      }
    }
    r.sort = static_cast<SortOrder>(pick(4));
    return r;
  }

  // Runs `rounds` random requests; both paths must equal brute force.
  void CheckRandomRequests(unsigned seed, int rounds) {
    SearchRequest browse_request;
    browse_request.facets = AllFacets();
    browse_request.per_page = 100;
    Result<SearchResponse> browse = column_->Search(browse_request);
    ASSERT_TRUE(browse.ok()) << browse.status().ToString();
    std::vector<std::string> words;
    for (const auto& hit : browse->results) {
      std::string w;
      for (char c : hit.resource.title + " ") {
        if (std::isalpha(static_cast<unsigned char>(c))) {
          w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        } else if (!w.empty()) {
          if (w.size() > 3) words.push_back(w);
          w.clear();
        }
      }
    }
    ASSERT_FALSE(words.empty());
    const Counts browse_counts = ToCounts(*browse);
    std::mt19937 rng(seed);
    int matched = 0;
    for (int i = 0; i < rounds; ++i) {
      SearchRequest request = RandomRequest(rng, browse_counts, words);
      std::string what = "q='" + request.q + "' sort=" + std::to_string(int(request.sort));
      for (const auto& [name, values] : request.filters) {
        for (const auto& v : values) what += " " + name + "=" + v;
      }
      uint64_t total = 0;
      const Counts expected = Expected(request, &total);
      if (total > 0) ++matched;
      Result<SearchResponse> by_column = column_->Search(request);
      Result<SearchResponse> by_spy = spy_->Search(request);
      ASSERT_TRUE(by_column.ok() && by_spy.ok()) << what;
      EXPECT_EQ(by_column->total, total) << what;
      EXPECT_TRUE(by_column->total_exact) << what;
      EXPECT_EQ(ToCounts(*by_column), expected) << what;
      EXPECT_EQ(ToCounts(*by_spy), expected) << what;
      // The same page of results either way.
      ASSERT_EQ(by_column->results.size(), by_spy->results.size()) << what;
      for (size_t k = 0; k < by_column->results.size(); ++k) {
        EXPECT_EQ(by_column->results[k].resource.id, by_spy->results[k].resource.id) << what;
      }
    }
    EXPECT_GE(matched, rounds / 4) << "most random requests should match something";
  }

  httplib::Result PostResource(const std::string& markdown) {
    if (key_.empty()) {
      Result<std::string> key = server_->keys().Create("facets-test");
      EXPECT_TRUE(key.ok()) << key.status().ToString();
      if (key.ok()) key_ = *key;
    }
    httplib::Client client = server_->Client();
    return client.Post("/api/v1/curator/resources", {{"Authorization", "Bearer " + key_}}, markdown,
                       "text/markdown");
  }

  test::TempDir library_;
  std::string key_;
  std::unique_ptr<test::ServerHarness> server_;
  std::unique_ptr<SearchService> spy_, column_;
};

TEST_F(FacetColumnTest, CountsEqualBruteForceOnRandomQueriesAndFilters) {
  CheckRandomRequests(/*seed=*/15, /*rounds=*/60);
  EXPECT_EQ(column_->facet_stats().loads, 1u) << "one generation, one column";
  EXPECT_GT(column_->facet_stats().column_bytes, 0u);
}

TEST_F(FacetColumnTest, CountsStayExactAcrossCuratorWritesAndReopen) {
  CheckRandomRequests(/*seed=*/7, /*rounds=*/10);
  SearchRequest technology;
  technology.filters["focus_area"] = {"technology"};
  technology.facets = std::vector<std::string>{"focus_area", "topic"};
  Result<SearchResponse> before = column_->Search(technology);
  ASSERT_TRUE(before.ok());
  for (int i = 0; i < 3; ++i) {
    auto res = PostResource(test::ResourceMarkdown(
        "Facet column sample " + std::to_string(i), "technology",
        "Sample data: a fictional resource about drones.", "topics: [surveillance-technology]\n"));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
    Result<SearchResponse> after = column_->Search(technology);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->total, before->total + i + 1) << "the write is counted at once";
  }
  CheckRandomRequests(/*seed=*/8, /*rounds=*/30);
  EXPECT_GE(column_->facet_stats().loads, 2u) << "the new generation got its own column";
}

// A new generation's column is loaded in the background (facet_column_warmer.h), so that the
// first search after a change finds it ready instead of loading it (0.5 s at 250,000 documents).
TEST_F(FacetColumnTest, ANewGenerationsColumnIsLoadedBeforeAnySearchAsksForIt) {
  auto loads_reach = [&](uint64_t n) {
    for (int i = 0; i < 200 && column_->facet_stats().loads < n; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return column_->facet_stats().loads >= n;
  };
  ASSERT_TRUE(loads_reach(1)) << "the first generation's column loads with no search asking";
  const uint64_t before = column_->facet_stats().loads;
  auto res = PostResource(test::ResourceMarkdown("Warmed column sample", "technology",
                                                 "Sample data: a fictional resource about drones.",
                                                 "topics: [surveillance-technology]\n"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  ASSERT_TRUE(loads_reach(before + 1)) << "the write's generation loads with no search asking";
  SearchRequest request;
  request.q = "drones";
  ASSERT_TRUE(column_->Search(request).ok());
  const FacetColumnStoreStats stats = column_->facet_stats();
  EXPECT_EQ(stats.loads, before + 1) << "the search found the new column already loaded";
  EXPECT_EQ(stats.waits, 0u) << "no search waited for a load";
  EXPECT_GE(column_->warmer_stats().loads, 2u);
}

// Pages sorted by date or title come from the sort ranks (sort_ranks.h: a boolean pass picks the
// candidates, a ranked match orders them); they must equal Xapian's sort of the whole match set
// (the spy path), on every page, with and without facets, with ties and documents without a date.
TEST_F(FacetColumnTest, SortedPagesEqualXapiansSortOfTheWholeMatchSetOnEveryPage) {
  std::mt19937 rng(21);
  const std::vector<std::string> queries = {"", "violence", "crime prevention", "police",
                                            "\"gun violence\""};
  int compared = 0;
  for (SortOrder sort :
       {SortOrder::kNewest, SortOrder::kOldest, SortOrder::kTitle, SortOrder::kRelevance}) {
    for (const std::string& q : queries) {
      if (sort == SortOrder::kRelevance && !q.empty()) continue;  // browsing: newest first
      for (bool facets : {false, true}) {
        SearchRequest request;
        request.q = q;
        request.sort = sort;
        request.autocorrect = false;
        request.per_page = 2 + static_cast<int>(rng() % 3);
        if (!facets) request.facets = std::vector<std::string>{};
        if (rng() % 2) request.filters["type"] = {"guide", "toolkit", "program"};
        for (request.page = 1;; ++request.page) {
          const std::string what = "q='" + q + "' sort=" + std::to_string(int(sort)) +
                                   " page=" + std::to_string(request.page) +
                                   " per_page=" + std::to_string(request.per_page) +
                                   (facets ? " faceted" : "") +
                                   (request.filters.empty() ? "" : " filtered");
          Result<SearchResponse> by_column = column_->Search(request);
          Result<SearchResponse> by_spy = spy_->Search(request);
          // Xapian's unfaceted total may be an estimate; counting a facet makes it exact.
          SearchRequest counted = request;
          counted.facets = std::vector<std::string>{"type"};
          Result<SearchResponse> exact = spy_->Search(counted);
          ASSERT_TRUE(by_column.ok() && by_spy.ok() && exact.ok()) << what;
          ASSERT_TRUE(exact->total_exact) << what;
          EXPECT_EQ(by_column->total, exact->total) << what;
          EXPECT_TRUE(by_column->total_exact) << what;
          ASSERT_EQ(by_column->results.size(), by_spy->results.size()) << what;
          for (size_t k = 0; k < by_column->results.size(); ++k) {
            EXPECT_EQ(by_column->results[k].resource.id, by_spy->results[k].resource.id)
                << what << " place " << k;
          }
          ++compared;
          if (by_spy->results.empty() || request.page * request.per_page >= 40) break;
        }
      }
    }
  }
  EXPECT_GE(compared, 100) << "pages compared";
}

// Options with impact tiers on (impact_tiers.h), tiny tiers so that the sample library's common
// words have them, and a tier warmer (impact_tier_warmer.h) that starts at once.
SearchServiceOptions TieredOptions() {
  SearchServiceOptions tiered;
  tiered.facet_store.impact_tier_bytes = 16 << 20;
  tiered.impact_tiers.share_divisor = 4;
  tiered.impact_tiers.tier_size = 3;
  tiered.result_cache.bytes = 0;
  tiered.tier_warmer.settle = std::chrono::milliseconds(0);
  tiered.tier_warmer.poll_interval = std::chrono::milliseconds(10);
  return tiered;
}

// Without impact tiers: every relevance page from Xapian's whole match, the reference.
SearchServiceOptions WholeMatchOptions() {
  SearchServiceOptions whole;
  whole.facet_store.impact_tier_bytes = 0;
  return whole;
}

// Waits (at most 30 s) for the tier warmer to have warmed `n` generations.
bool TierGenerationsReach(const SearchService& service, uint64_t n) {
  return test::WaitUntil([&] { return service.tier_warmer_stats().generations >= n; },
                         std::chrono::seconds(30));
}

const std::vector<std::string>& TieredQueries() {
  static const std::vector<std::string> queries = {
      "violence", "crime prevention", "police officers", "gang violence",
      "how do i stop shootings in my neighborhood", "youth violence prevention program",
      // British spellings and a word naming an audience: SYNONYM units of a search's own making.
      "neighbourhood policing programme", "training for investigators and police officers",
      // Prefixes, spelled out as SYNONYMs of their words (wildcard_expansion.h).
      "viol*", "prevent* police", "investigat* of shootings"};
  return queries;
}

// With impact tiers on, relevance pages of faceted searches are the same results with the same
// scores as the whole match's (tiers off).
void ExpectTieredPagesEqualWholeMatchs(SearchService& tiered, SearchService& whole) {
  for (const std::string& q : TieredQueries()) {
    for (int page = 1; page <= 3; ++page) {
      SearchRequest request;
      request.q = q;
      request.page = page;
      request.per_page = 5;
      const std::string what = "q='" + q + "' page " + std::to_string(page);
      Result<SearchResponse> expected = whole.Search(request);
      Result<SearchResponse> from_tiers = tiered.Search(request);
      ASSERT_TRUE(expected.ok() && from_tiers.ok()) << what;
      EXPECT_EQ(from_tiers->total, expected->total) << what;
      ASSERT_EQ(from_tiers->results.size(), expected->results.size()) << what;
      for (size_t k = 0; k < expected->results.size(); ++k) {
        EXPECT_EQ(from_tiers->results[k].resource.id, expected->results[k].resource.id)
            << what << " place " << k;
        EXPECT_NEAR(from_tiers->results[k].score, expected->results[k].score,
                    1e-9 * expected->results[k].score)
            << what << " place " << k;
      }
    }
  }
}

TEST_F(FacetColumnTest, RelevancePagesFromImpactTiersEqualTheWholeMatchs) {
  SearchService tiered(server_->reader(), server_->taxonomy(), TieredOptions());
  SearchService whole(server_->reader(), server_->taxonomy(), WholeMatchOptions());
  ASSERT_TRUE(TierGenerationsReach(tiered, 1)) << "the warmer builds the first generation's tiers";
  EXPECT_GT(tiered.facet_stats().impact_tier_entries, 0u) << "frequent words warmed";
  const uint64_t hits_before = tiered.facet_stats().impact_tier_hits;
  ExpectTieredPagesEqualWholeMatchs(tiered, whole);
  EXPECT_GT(tiered.facet_stats().impact_tier_hits, hits_before) << "the searches used tiers";
  EXPECT_EQ(whole.facet_stats().impact_tier_entries, 0u);
}

// A unit other than a word (a synonym, a word-pair bonus) is built on its second request: the
// first searches of it are bounded by their words' tiers. A curator write makes a new generation:
// the warmer builds its tiers for the units the searches of the previous generation used
// (synonyms and word-pair bonuses included), so the same searches ask for nothing and their pages
// stay exact.
TEST_F(FacetColumnTest, ImpactTierWarmerRebuildsTheUnitsSearchesUsedForANewGeneration) {
  SearchService tiered(server_->reader(), server_->taxonomy(), TieredOptions());
  SearchService whole(server_->reader(), server_->taxonomy(), WholeMatchOptions());
  ASSERT_TRUE(TierGenerationsReach(tiered, 1));
  SearchRequest synonyms;  // a word with the audience it names: a SYNONYM no warming made
  synonyms.q = "training for investigators and police officers";
  ASSERT_TRUE(tiered.Search(synonyms).ok());
  const ImpactTierWarmerStats first = tiered.tier_warmer_stats();
  ASSERT_GT(first.deferred, 0u) << "the search weighs no unit the generation did not warm";
  EXPECT_EQ(first.requested, 0u) << "a unit other than a word was queued on its first request";
  ASSERT_TRUE(tiered.Search(synonyms).ok());
  EXPECT_GT(tiered.tier_warmer_stats().requested, 0u) << "asked for twice, still not queued";
  ExpectTieredPagesEqualWholeMatchs(tiered, whole);  // asks for more units not warmed yet
  ExpectTieredPagesEqualWholeMatchs(tiered, whole);  // twice
  // Let the warmer build what the searches asked for, then search again: nothing more to ask.
  test::WaitUntil([&] { return tiered.tier_warmer_stats().queued == 0; }, std::chrono::seconds(30));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the last one being built
  const uint64_t asked = tiered.tier_warmer_stats().requested;
  ExpectTieredPagesEqualWholeMatchs(tiered, whole);
  ASSERT_EQ(tiered.tier_warmer_stats().requested, asked) << "every unit built once asked for";

  auto res = PostResource(test::ResourceMarkdown(
      "Tiered violence sample", "technology",
      "Sample data: a fictional note on violence prevention and crime prevention by police "
      "officers.", "topics: [surveillance-technology]\n"));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  ASSERT_TRUE(TierGenerationsReach(tiered, 2)) << "the write's generation is warmed";
  ExpectTieredPagesEqualWholeMatchs(tiered, whole);
  EXPECT_EQ(tiered.tier_warmer_stats().requested, asked)
      << "every unit the searches used was rebuilt for the new generation before they came";
}

// A generation's warming covers what searches weigh besides stems: a phrase's words as typed and
// the taxonomy's concept terms. Searches of them then ask the warmer for nothing, and their pages
// stay exact.
TEST_F(FacetColumnTest, ImpactTierWarmerWarmsWordsAsTypedAndConceptTermsToo) {
  SearchService tiered(server_->reader(), server_->taxonomy(), TieredOptions());
  SearchService whole(server_->reader(), server_->taxonomy(), WholeMatchOptions());
  ASSERT_TRUE(TierGenerationsReach(tiered, 1));
  for (const std::string q : {"\"violence prevention\"", "\"the police\"", "gun crime"}) {
    SearchRequest request;
    request.q = q;
    Result<SearchResponse> expected = whole.Search(request);
    Result<SearchResponse> from_tiers = tiered.Search(request);
    ASSERT_TRUE(expected.ok() && from_tiers.ok()) << q;
    ASSERT_GT(expected->results.size(), 0u) << q;
    ASSERT_EQ(from_tiers->results.size(), expected->results.size()) << q;
    for (size_t k = 0; k < expected->results.size(); ++k) {
      EXPECT_EQ(from_tiers->results[k].resource.id, expected->results[k].resource.id) << q;
    }
  }
  EXPECT_EQ(tiered.tier_warmer_stats().requested, 0u)
      << "a unit these searches weigh was not warmed with the generation";
}

// Many matches share the page's last date and differ in relevance: the candidates must hold every
// tied document, or the page shows other ties than Xapian's value-then-relevance order would.
TEST_F(FacetColumnTest, SortedPagesKeepEveryDocumentTiedAtThePagesLastPlace) {
  for (int i = 1; i <= 8; ++i) {
    std::string body = "Sample data: a fictional note on patrols.";
    for (int k = 0; k < i; ++k) body += " The quadcopter flew.";
    auto res = PostResource(test::ResourceMarkdown("Tied date sample " + std::to_string(i),
                                                   "technology", body, "published: 2019-05-01\n"));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }
  for (SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest}) {
    SearchRequest request;
    request.q = "quadcopter";
    request.sort = sort;
    request.autocorrect = false;
    request.per_page = 3;
    for (request.page = 1; request.page <= 3; ++request.page) {
      Result<SearchResponse> by_column = column_->Search(request);
      Result<SearchResponse> by_spy = spy_->Search(request);
      ASSERT_TRUE(by_column.ok() && by_spy.ok());
      ASSERT_EQ(by_spy->total, 8u);
      ASSERT_EQ(by_column->results.size(), by_spy->results.size());
      for (size_t k = 0; k < by_spy->results.size(); ++k) {
        EXPECT_EQ(by_column->results[k].resource.id, by_spy->results[k].resource.id)
            << "sort " << int(sort) << " page " << request.page << " place " << k;
      }
    }
  }
}

// Local shards (one stub, several databases): Xapian 1.4 does not hand a spy the combined
// document id the column is indexed by, so these count with Xapian's spy; still exact.
TEST_F(FacetColumnTest, CountsEqualBruteForceOnLocalShards) {
  const std::string db = library_ / "sharded";
  std::string output;
  ASSERT_EQ(test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " build " +
                                 library_.path().string() + " --db " + db + " --shards 3",
                             &output),
            0)
      << output;
  test::ServerHarness::Options options;
  options.corpus = library_.path().string();
  options.serve_db_dir = db;
  Serve(options);
  CheckRandomRequests(/*seed=*/21, /*rounds=*/30);
}

TEST_F(FacetColumnTest, BrowseCountsComeFromThePrecomputedTally) {
  SearchRequest browse;
  browse.facets = AllFacets();
  Result<SearchResponse> by_column = column_->Search(browse);
  Result<SearchResponse> by_spy = spy_->Search(browse);
  ASSERT_TRUE(by_column.ok() && by_spy.ok());
  EXPECT_EQ(ToCounts(*by_column), ToCounts(*by_spy));
  EXPECT_EQ(by_column->total, test::LibraryResourceCount());
  FacetColumnStoreStats stats = column_->facet_stats();
  EXPECT_EQ(stats.hits + stats.misses, 0u) << "no boolean pass, no cache lookup";
}

// A phrase whose words many documents hold would cost a position check in each of them; past
// MatchSetOptions::exact_position_checks the counts come from every k-th document, scaled by k,
// and the response says they are estimates.
TEST_F(FacetColumnTest, LargePhraseMatchSetsAreCountedFromASampleAndSaySo) {
  Result<IndexReader::Lease> lease = server_->reader().Acquire();
  ASSERT_TRUE(lease.ok());
  const Xapian::Database& db = (**lease).db;
  const Xapian::Query words[] = {Xapian::Query("of"), Xapian::Query("the")};
  Xapian::Enquire both(db);
  both.set_query(Xapian::Query(Xapian::Query::OP_AND, words, words + 2));
  const uint64_t checks = both.get_mset(0, db.get_doccount()).size();
  ASSERT_GE(checks, 6u) << "the fixture needs a phrase whose words several documents hold";
  SearchServiceOptions options;
  options.match_sets.exact_position_checks = (checks + 2) / 3;
  const uint32_t every =
      static_cast<uint32_t>((checks + options.match_sets.exact_position_checks - 1) /
                            options.match_sets.exact_position_checks);
  ASSERT_GT(every, 1u);
  SearchService sampled(server_->reader(), server_->taxonomy(), options);
  SearchRequest request;
  request.q = "\"of the\"";
  request.facets = AllFacets();
  request.autocorrect = false;
  Result<SearchResponse> got = sampled.Search(request);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_FALSE(got->facets_exact) << "sampled counts must say they are estimates";
  EXPECT_FALSE(got->total_exact);

  // Expected: the phrase's matches among every `every`-th document, each counting `every`.
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  const DocBitmap sample = column->Sample(every);
  Xapian::Enquire phrase(db);
  phrase.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words, words + 2));
  FacetTally tally = column->NewTally();
  Xapian::MSet matches = phrase.get_mset(0, db.get_doccount());
  for (auto it = matches.begin(); it != matches.end(); ++it) {
    if (sample.Test(*it)) column->Add(*it, &tally);
  }
  EXPECT_EQ(got->total, tally.documents * every);
  Counts expected;
  for (size_t f = 0; f < column->facet_count(); ++f) {
    for (const auto& [value, count] : column->Values(f, tally)) {
      expected[schema::Facets()[f].name][value] = count * every;  // (tally itself unscaled)
    }
  }
  Counts counted = ToCounts(*got);
  for (auto it = counted.begin(); it != counted.end();) {
    it = it->second.empty() ? counted.erase(it) : std::next(it);
  }
  EXPECT_EQ(counted, expected);

  Result<SearchResponse> exact = column_->Search(request);
  ASSERT_TRUE(exact.ok());
  EXPECT_TRUE(exact->facets_exact) << "under the default limit the counts are exact";
  EXPECT_TRUE(exact->total_exact);
}

// The sample the estimates scale by: the first document, the every+1-th, ... of the generation's
// documents in id order (counted among the documents, not the ids).
TEST_F(FacetColumnTest, ASampleKeepsEveryKthDocumentInIdOrder) {
  Result<IndexReader::Lease> lease = server_->reader().Acquire();
  ASSERT_TRUE(lease.ok());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load((**lease).db);
  std::vector<Xapian::docid> all;
  column->all_documents().ForEach([&](Xapian::docid id) { all.push_back(id); });
  ASSERT_GE(all.size(), 8u) << "the fixture needs a few documents";
  for (uint32_t every : {0u, 1u, 2u, 3u, 7u, static_cast<uint32_t>(all.size() + 1)}) {
    std::vector<Xapian::docid> expected;
    for (size_t i = 0; i < all.size(); i += std::max<uint32_t>(every, 1))
      expected.push_back(all[i]);
    std::vector<Xapian::docid> sampled;
    column->Sample(every).ForEach([&](Xapian::docid id) { sampled.push_back(id); });
    EXPECT_EQ(sampled, expected) << "every " << every;
  }
}

TEST_F(FacetColumnTest, RepeatedSearchIsServedFromTheCache) {
  SearchRequest request;
  request.q = "crime";
  request.filters["type"] = {"guide"};
  Result<SearchResponse> first = column_->Search(request);
  const uint64_t misses = column_->facet_stats().misses;
  EXPECT_GT(misses, 0u);
  request.page = 2;  // another page of the same match set
  Result<SearchResponse> second = column_->Search(request);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(column_->facet_stats().misses, misses);
  EXPECT_GT(column_->facet_stats().hits, 0u);
  EXPECT_EQ(ToCounts(*first), ToCounts(*second));
}

}  // namespace
}  // namespace ch
