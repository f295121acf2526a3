// The public API over real HTTP: every route, every error status, and the HTTP behaviour that
// browsers and apps expect.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "tests/support/server_harness.h"

namespace ch {
namespace {

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  EXPECT_FALSE(doc.HasParseError()) << body.substr(0, 200);
  return doc;
}

class ApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_ = new test::TempDir();
    test::WriteTextFile(web_->path() / "index.html", "<!doctype html><title>Home</title>");
    test::WriteTextFile(web_->path() / "app.js", "export const x = 1;");
    server_ = new test::ServerHarness({.corpus = test::LibraryPath(),
                                       .web_dir = web_->path().string(),
                                       .cors_origins = {"https://app.example.org"}});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete web_;
  }
  httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client = server_->Client();
    return client.Get(path, headers);
  }
  void ExpectError(const std::string& path, int status, const std::string& code,
                   const std::string& param = "") {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, status) << path << " " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json") << path;
    rapidjson::Document doc = Json(res->body);
    ASSERT_TRUE(doc.HasMember("error")) << res->body;
    EXPECT_EQ(std::string(doc["error"]["code"].GetString()), code) << path;
    EXPECT_TRUE(doc["error"]["message"].IsString());
    if (!param.empty()) {
      ASSERT_TRUE(doc["error"].HasMember("param")) << res->body;
      EXPECT_EQ(std::string(doc["error"]["param"].GetString()), param) << path;
    }
  }
  static test::TempDir* web_;
  static test::ServerHarness* server_;
};
test::TempDir* ApiTest::web_ = nullptr;
test::ServerHarness* ApiTest::server_ = nullptr;

TEST_F(ApiTest, SearchReturnsRankedResultsWithHighlightedSnippets) {
  auto res = Get("/api/v1/search?q=NIBIN+leads&per_page=5");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  rapidjson::Document doc = Json(res->body);
  EXPECT_GT(doc["total"].GetUint64(), 5u);
  EXPECT_TRUE(doc["total_exact"].GetBool());
  ASSERT_EQ(doc["results"].Size(), 5u);
  const auto& first = doc["results"][0];
  EXPECT_NE(std::string(first["title"].GetString()).find("NIBIN"), std::string::npos);
  EXPECT_NE(std::string(first["snippet"].GetString()).find("<mark>"), std::string::npos);
  EXPECT_GT(first["score"].GetDouble(), doc["results"][4]["score"].GetDouble());
  EXPECT_TRUE(doc["took_ms"].IsNumber());
}

TEST_F(ApiTest, AcronymFindsTheSpelledOutNameAndBack) {
  for (const char* q : {"NIBIN", "National+Integrated+Ballistic+Information+Network"}) {
    auto res = Get(std::string("/api/v1/search?per_page=100&facets=&q=") + q);
    ASSERT_TRUE(res) << "no answer from the server";
    ASSERT_EQ(res->status, 200);
    rapidjson::Document doc = Json(res->body);
    bool found_policy = false;
    for (const auto& r : doc["results"].GetArray()) {
      if (std::string(r["id"].GetString()) == "crime-gun-evidence-submission-model-policy") {
        found_policy = true;  // spells the name out and never uses the acronym in its body
      }
    }
    EXPECT_TRUE(found_policy) << q;
  }
}

TEST_F(ApiTest, LongQuestionsDoNotNeedEveryWordToMatch) {
  auto res =
      Get("/api/v1/search?q=how+should+detectives+follow+up+on+ballistic+leads+from+"
          "shell+casings+in+a+small+department+without+money&facets=");
  ASSERT_EQ(res->status, 200);
  rapidjson::Document doc = Json(res->body);
  ASSERT_GE(doc["results"].Size(), 5u);
  bool found = false;
  for (size_t i = 0; i < 5; ++i) {
    found |= std::string(doc["results"][i]["id"].GetString()).find("nibin") != std::string::npos;
  }
  EXPECT_TRUE(found) << "a NIBIN follow-up resource is in the top five";
}

TEST_F(ApiTest, QueryThatCannotBeParsedFallsBackToItsWords) {
  auto res = Get("/api/v1/search?q=ballistic+AND&facets=");
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200) << res->body;
  rapidjson::Document doc = Json(res->body);
  EXPECT_GT(doc["total"].GetUint64(), 0u);
  EXPECT_TRUE(doc["query_used"].IsString());
}

TEST_F(ApiTest, FieldedAndBooleanSyntaxWorks) {
  rapidjson::Document title = Json(Get("/api/v1/search?q=title:nibin&facets=")->body);
  for (const auto& r : title["results"].GetArray()) {
    EXPECT_NE(std::string(r["title"].GetString()).find("NIBIN"), std::string::npos);
  }
  rapidjson::Document excluded =
      Json(Get("/api/v1/search?q=nibin+-tracker&facets=&per_page=100")->body);
  for (const auto& r : excluded["results"].GetArray()) {
    EXPECT_NE(std::string(r["id"].GetString()), "nibin-lead-tracker-tool");
  }
  rapidjson::Document source = Json(Get("/api/v1/search?q=source:atf&facets=&per_page=100")->body);
  ASSERT_GT(source["results"].Size(), 0u);
  for (const auto& r : source["results"].GetArray()) {
    EXPECT_NE(std::string(r["source"].GetString()).find("ATF"), std::string::npos);
  }
  rapidjson::Document prefix = Json(Get("/api/v1/search?q=ballist*&facets=")->body);
  EXPECT_GT(prefix["total"].GetUint64(), 0u);
}

TEST_F(ApiTest, SnippetEscapesHtmlAroundHighlights) {
  auto res = Get("/api/v1/search?q=missing+exploited+children&facets=&per_page=100");
  ASSERT_TRUE(res) << "no answer from the server";
  rapidjson::Document doc = Json(res->body);
  bool checked = false;
  for (const auto& r : doc["results"].GetArray()) {
    std::string snippet = r["snippet"].GetString();
    std::string without_marks = snippet;
    for (const char* tag : {"<mark>", "</mark>"}) {
      for (size_t p; (p = without_marks.find(tag)) != std::string::npos;) {
        without_marks.erase(p, std::string(tag).size());
      }
    }
    EXPECT_EQ(without_marks.find('<'), std::string::npos) << snippet;
    if (snippet.find("<mark>Missing</mark> &amp; <mark>Exploited</mark>") != std::string::npos) {
      checked = true;
    }
  }
  EXPECT_TRUE(checked) << "the ampersand between highlighted words is escaped";
}

TEST_F(ApiTest, SortsByDateAndTitle) {
  rapidjson::Document newest = Json(Get("/api/v1/search?sort=newest&per_page=50&facets=")->body);
  auto published = [](const rapidjson::Value& r) {
    return r["published"].IsString() ? std::string(r["published"].GetString()) : std::string();
  };
  const auto& results = newest["results"];
  ASSERT_EQ(results.Size(), test::LibraryResourceCount());
  for (size_t i = 1; i < results.Size(); ++i) {
    EXPECT_GE(published(results[i - 1]), published(results[i]));
  }
  EXPECT_STREQ(results[results.Size() - 1]["id"].GetString(), "police-open-data-portal")
      << "the library's one undated resource comes last";
  rapidjson::Document title = Json(Get("/api/v1/search?sort=title&per_page=50&facets=")->body);
  for (size_t i = 1; i < title["results"].Size(); ++i) {
    std::string a = title["results"][i - 1]["title"].GetString();
    std::string b = title["results"][i]["title"].GetString();
    std::transform(a.begin(), a.end(), a.begin(), ::tolower);
    std::transform(b.begin(), b.end(), b.begin(), ::tolower);
    EXPECT_LE(a, b);
  }
}

TEST_F(ApiTest, FiltersCombineOrWithinAndAcross) {
  rapidjson::Document doc = Json(
      Get("/api/v1/search?focus_area=technology&type=guide,policy&per_page=100&facets=")->body);
  ASSERT_GT(doc["results"].Size(), 0u);
  for (const auto& r : doc["results"].GetArray()) {
    std::string type = r["type"].GetString();
    EXPECT_TRUE(type == "guide" || type == "policy") << type;
    bool technology = false;
    for (const auto& f : r["focus_areas"].GetArray())
      technology |= std::string(f.GetString()) == "technology";
    EXPECT_TRUE(technology);
  }
  rapidjson::Document dated = Json(
      Get("/api/v1/search?published_from=2020&published_to=2021-06&per_page=100&facets=")->body);
  std::set<std::string> dated_ids;
  for (const auto& r : dated["results"].GetArray()) {
    std::string p = r["published"].GetString();
    EXPECT_GE(p, "2020");
    EXPECT_LE(p.substr(0, 7), "2021-06");
    dated_ids.insert(r["id"].GetString());
  }
  EXPECT_TRUE(dated_ids.count("nibin-lead-follow-up-investigator-guide"))
      << "2021-06: the last month";
  EXPECT_FALSE(dated_ids.count("gunshot-detection-evaluation-report")) << "2021-07: one past it";
}

TEST_F(ApiTest, DidYouMeanSuggestsACorrectedQuery) {
  rapidjson::Document doc =
      Json(Get("/api/v1/search?q=balistic+evidnce&facets=&autocorrect=false")->body);
  ASSERT_TRUE(doc["did_you_mean"].IsString()) << "no suggestion";
  EXPECT_EQ(std::string(doc["did_you_mean"].GetString()), "ballistic evidence");
  EXPECT_TRUE(doc["showing_results_for"].IsNull());
}

TEST_F(ApiTest, MisspeltQueryShowsResultsForTheCorrectionAndOffersTheOriginal) {
  rapidjson::Document doc = Json(Get("/api/v1/search?q=balistic+evidnce&facets=")->body);
  ASSERT_TRUE(doc["showing_results_for"].IsString()) << "not corrected";
  EXPECT_EQ(std::string(doc["showing_results_for"].GetString()), "ballistic evidence");
  EXPECT_EQ(std::string(doc["search_instead_for"].GetString()), "balistic evidnce");
  EXPECT_GT(doc["total"].GetUint64(), 0u);
}

TEST_F(ApiTest, DidYouMeanLeavesWordsTheIndexKnowsAlone) {
  // Regression: Xapian's own correction turned known words into more frequent ones.
  for (const char* q : {"policy", "shooting", "license+plate+readers"}) {
    rapidjson::Document doc = Json(Get(std::string("/api/v1/search?facets=&q=") + q)->body);
    EXPECT_TRUE(doc["did_you_mean"].IsNull()) << q << " -> " << doc["did_you_mean"].GetString();
  }
}

TEST_F(ApiTest, SuggestCompletesTitlesAndTerms) {
  auto res = Get("/api/v1/suggest?q=crime+gun+int");
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200);
  rapidjson::Document doc = Json(res->body);
  ASSERT_GT(doc["suggestions"].Size(), 0u);
  EXPECT_LE(doc["suggestions"].Size(), 10u);
  EXPECT_EQ(std::string(doc["suggestions"][0]["kind"].GetString()), "title");
  rapidjson::Document terms = Json(Get("/api/v1/suggest?q=ballis")->body);
  bool term = false;
  for (const auto& s : terms["suggestions"].GetArray()) {
    if (std::string(s["kind"].GetString()) == "term") {
      term = true;
      EXPECT_EQ(std::string(s["text"].GetString()).rfind("ballis", 0), 0u);
    }
  }
  EXPECT_TRUE(term);
  EXPECT_EQ(Json(Get("/api/v1/suggest?q=")->body)["suggestions"].Size(), 0u);
}

TEST_F(ApiTest, ResourcePageHasBodyAndRelatedFrontMatterFirst) {
  auto res = Get("/api/v1/resources/nibin-lead-tracker-tool");
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200);
  rapidjson::Document page = Json(res->body);
  EXPECT_NE(std::string(page["body_html"].GetString()).find("<h2>"), std::string::npos);
  EXPECT_FALSE(page.HasMember("related")) << "computed from other resources: its own route";
  EXPECT_EQ(std::string(page["related_ids"][0].GetString()),
            "nibin-lead-follow-up-investigator-guide");
  rapidjson::Document doc = Json(Get("/api/v1/resources/nibin-lead-tracker-tool/related")->body);
  EXPECT_EQ(std::string(doc["id"].GetString()), "nibin-lead-tracker-tool");
  ASSERT_GE(doc["related"].Size(), 3u);
  EXPECT_EQ(std::string(doc["related"][0]["id"].GetString()),
            "nibin-lead-follow-up-investigator-guide");
  EXPECT_EQ(std::string(doc["related"][1]["id"].GetString()),
            "crime-gun-intelligence-analyst-training");
  for (const auto& r : doc["related"].GetArray()) {
    EXPECT_NE(std::string(r["id"].GetString()), "nibin-lead-tracker-tool");
  }
}

TEST_F(ApiTest, TaxonomyListsVocabulariesWithCounts) {
  rapidjson::Document doc = Json(Get("/api/v1/taxonomy")->body);
  ASSERT_EQ(doc["focus_areas"].Size(), server_->taxonomy().entries(Vocabulary::kFocusArea).size());
  uint64_t sum = 0;
  for (const auto& f : doc["focus_areas"].GetArray()) sum += f["count"].GetUint64();
  EXPECT_GE(sum, test::LibraryResourceCount()) << "every resource has a focus area";
  EXPECT_TRUE(doc["topics"].IsArray());
  EXPECT_TRUE(doc["types"].IsArray());
  EXPECT_TRUE(doc["audiences"].IsArray());
}

TEST_F(ApiTest, ChangesListsEverythingSinceZero) {
  rapidjson::Document doc = Json(Get("/api/v1/changes?since=0")->body);
  EXPECT_EQ(doc["added"].Size(), test::LibraryResourceCount());
  uint64_t generation = doc["generation"].GetUint64();
  rapidjson::Document none = Json(Get("/api/v1/changes?since=" + std::to_string(generation))->body);
  EXPECT_EQ(none["added"].Size() + none["changed"].Size() + none["removed"].Size(), 0u);
  EXPECT_EQ(Get("/api/v1/changes?since=999999")->status, 410) << "ahead: another index";
  ExpectError("/api/v1/changes?since=abc", 400, "invalid_parameter", "since");
}

TEST_F(ApiTest, AtomFeedListsNewestResources) {
  auto res = Get("/feed.atom?topic=drug-crime");
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/atom+xml; charset=utf-8");
  EXPECT_NE(res->body.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos);
  EXPECT_NE(res->body.find("<entry>"), std::string::npos);
  EXPECT_NE(res->body.find("/resource.html?id="), std::string::npos);
}

TEST_F(ApiTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(Get("/healthz")->status, 200);
  auto ready = Get("/readyz");
  ASSERT_TRUE(ready) << "no answer from the server";
  ASSERT_EQ(ready->status, 200);
  EXPECT_EQ(Json(ready->body)["documents"].GetUint64(), test::LibraryResourceCount());
  Get("/api/v1/search?q=x");
  // A request is counted once its response has been written (so its duration includes the write),
  // which can be a moment after the client has read it: scrape until it shows, as Prometheus would.
  const std::string search_counter =
      "clearinghouse_http_requests_total{route=\"search\",status=\"200\"}";
  std::string metrics;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto res = Get("/metrics");
    ASSERT_TRUE(res) << "no answer from the server";
    ASSERT_EQ(res->status, 200);
    metrics = res->body;
    if (metrics.find(search_counter) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_NE(metrics.find(search_counter), std::string::npos);
  EXPECT_NE(metrics.find("clearinghouse_http_request_duration_seconds_bucket{route=\"search\""),
            std::string::npos);
  EXPECT_NE(
      metrics.find("clearinghouse_index_documents " + std::to_string(test::LibraryResourceCount())),
      std::string::npos);
}

TEST_F(ApiTest, BadParametersGetA400NamingTheParameter) {
  ExpectError("/api/v1/search?per_page=101", 400, "invalid_parameter", "per_page");
  ExpectError("/api/v1/search?per_page=ten", 400, "invalid_parameter", "per_page");
  ExpectError("/api/v1/search?page=0", 400, "invalid_parameter", "page");
  ExpectError("/api/v1/search?page=500&per_page=100", 400, "invalid_parameter", "page");
  ExpectError("/api/v1/search?sort=random", 400, "invalid_parameter", "sort");
  ExpectError("/api/v1/search?focus_area=space", 400, "invalid_parameter", "focus_area");
  ExpectError("/api/v1/search?facets=color", 400, "invalid_parameter", "facets");
  ExpectError("/api/v1/search?published_from=2021-13", 400, "invalid_parameter", "published_from");
  ExpectError("/api/v1/search?published_from=2022&published_to=2020", 400, "invalid_parameter",
              "published_from");
  ExpectError("/api/v1/search?q=a&q=b", 400, "invalid_parameter", "q");
  ExpectError("/api/v1/search?colour=red", 400, "invalid_parameter", "colour");
  ExpectError("/api/v1/search?q=" + std::string(1001, 'a'), 400, "invalid_parameter", "q");
}

TEST_F(ApiTest, UnknownThingsGet404AndWrongMethods405) {
  ExpectError("/api/v1/resources/no-such-thing", 404, "not_found");
  ExpectError("/api/v1/nothing", 404, "not_found");
  ExpectError("/missing.html", 404, "not_found");
  httplib::Client client = server_->Client();
  auto res = client.Delete("/api/v1/search");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 405);
  EXPECT_EQ(res->get_header_value("Allow"), "GET, HEAD");
  EXPECT_NE(res->body.find("method_not_allowed"), std::string::npos);
}

TEST_F(ApiTest, OverlongUrlGets414AndOversizedBodyGets413) {
  auto res = Get("/api/v1/search?q=" + std::string(9000, 'a'));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 414);
  httplib::Client client = server_->Client();
  // To a route that takes a body (a wrong method on /api/v1/search is 405 before any body).
  auto big = client.Post("/api/v1/toolkits", std::string(2 << 20, 'x'), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
}

TEST_F(ApiTest, ETagGivesNotModified) {
  auto first = Get("/api/v1/search?q=cpted");
  ASSERT_TRUE(first) << "no answer from the server";
  ASSERT_EQ(first->status, 200);
  std::string etag = first->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(first->get_header_value("Cache-Control"), "no-cache");
  auto second = Get("/api/v1/search?q=cpted", {{"If-None-Match", etag}});
  ASSERT_TRUE(second) << "no answer from the server";
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->body.empty());
  EXPECT_EQ(second->get_header_value("ETag"), etag);
  auto other = Get("/api/v1/search?q=lighting", {{"If-None-Match", etag}});
  ASSERT_TRUE(other) << "no answer from the server";
  EXPECT_EQ(other->status, 200) << "another query has another ETag";
  auto missing = Get("/api/v1/resources/nope", {{"If-None-Match", "*"}});
  ASSERT_TRUE(missing) << "no answer from the server";
  EXPECT_EQ(missing->status, 404) << "a wildcard never hides an error";
}

TEST_F(ApiTest, GzipWhenAccepted) {
  httplib::Client client = server_->Client();
  client.set_decompress(false);
  auto res = client.Get("/api/v1/taxonomy", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
}

TEST_F(ApiTest, CorsForConfiguredOriginsOnly) {
  auto allowed = Get("/api/v1/taxonomy", {{"Origin", "https://app.example.org"}});
  ASSERT_TRUE(allowed) << "no answer from the server";
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://app.example.org");
  EXPECT_EQ(allowed->get_header_value_count("Access-Control-Allow-Origin"), 1u);
  // A script may read the version, the missing shards and how long to wait after a 429 or 503.
  EXPECT_EQ(allowed->get_header_value("Access-Control-Expose-Headers"),
            "ETag, X-Missing-Shards, Retry-After");
  auto other = Get("/api/v1/taxonomy", {{"Origin", "https://evil.example.com"}});
  ASSERT_TRUE(other) << "no answer from the server";
  EXPECT_FALSE(other->has_header("Access-Control-Allow-Origin"));
  httplib::Client client = server_->Client();
  auto preflight = client.Options("/api/v1/search", {{"Origin", "https://app.example.org"},
                                                     {"Access-Control-Request-Method", "GET"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("GET"),
            std::string::npos);
  EXPECT_EQ(preflight->get_header_value_count("Access-Control-Allow-Origin"), 1u)
      << "regression: the preflight's header was set twice";
}

TEST_F(ApiTest, StaticFilesServeTheWebFolderAndNothingElse) {
  auto home = Get("/");
  ASSERT_TRUE(home) << "no answer from the server";
  ASSERT_EQ(home->status, 200);
  EXPECT_EQ(home->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(Get("/app.js")->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  std::filesystem::create_symlink("/etc", web_->path() / "escape");
  for (const char* path : {"/../CMakeLists.txt", "/%2e%2e/CMakeLists.txt", "/escape/hostname",
                           "/..%2f..%2fetc/passwd", "/a/..%2F..%2Fetc/passwd"}) {
    auto res = Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 404) << path;
  }
}

TEST_F(ApiTest, OpenApiDocumentIsServed) {
  auto res = Get("/api/v1/openapi.json");
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 200);
  rapidjson::Document doc = Json(res->body);
  EXPECT_TRUE(doc.HasMember("openapi"));
}

}  // namespace
}  // namespace ch
