// Guards as a client meets them over HTTP: a toolkit's edit key is needed for PUT, PATCH and
// DELETE even when If-Match carries the right version, and repeated failed curator
// authentications are slowed down after exactly the configured number.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <string>

#include "server/http/atom_feed.h"
#include "server/services/rate_limiter.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: two guides of our own in the test's temp folder.
class ToolkitGuardsHttpTest : public ::testing::Test {
 protected:
  ToolkitGuardsHttpTest() {
    corpus_ = dir_ / "corpus";
    test::CopyTaxonomy(corpus_);
    for (const char* id : {"sample-guide-one", "sample-guide-two"}) {
      test::WriteTextFile(fs::path(corpus_) / "resources" / (std::string(id) + ".md"),
                          test::ResourceMarkdown(id, "technology", "Sample text."));
    }
    server_ = std::make_unique<test::ServerHarness>(corpus_);
  }

  httplib::Result Send(const std::string& method, const std::string& path, const std::string& key,
                       const std::string& if_match, const std::string& body = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (!key.empty()) req.set_header("Authorization", "Bearer " + key);
    if (!if_match.empty()) req.set_header("If-Match", if_match);
    if (!body.empty()) {
      req.body = body;
      req.set_header("Content-Type", "application/json");
    }
    return server_->Client().send(req);
  }

  test::TempDir dir_;
  std::string corpus_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(ToolkitGuardsHttpTest, IfMatchWithTheRightVersionIsNoSubstituteForTheEditKey) {
  auto created = server_->Client().Post(
      "/api/v1/toolkits", R"({"title":"Mine","items":[{"resource_id":"sample-guide-one"}]})",
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  rapidjson::Document made;
  made.Parse(created->body.c_str());
  ASSERT_TRUE(made.IsObject() && made.HasMember("id") && made.HasMember("edit_key"))
      << created->body;
  const std::string path = std::string("/api/v1/toolkits/") + made["id"].GetString();
  const std::string key = made["edit_key"].GetString();
  const std::string body = R"({"title":"Taken over"})";

  struct Attempt {
    const char* method;
    std::string key;
    int status;
  };
  const std::vector<Attempt> attempts = {{"PUT", "", 401},    {"PUT", "wrong-key", 403},
                                         {"PATCH", "", 401},  {"PATCH", "wrong-key", 403},
                                         {"DELETE", "", 401}, {"DELETE", "wrong-key", 403}};
  for (const Attempt& a : attempts) {
    for (const char* version : {"\"1\"", "1", "W/\"1\""}) {
      auto res =
          Send(a.method, path, a.key, version, a.method == std::string("DELETE") ? "" : body);
      ASSERT_TRUE(res) << a.method;
      EXPECT_EQ(res->status, a.status)
          << a.method << " with If-Match " << version << " and key '" << a.key << "'";
    }
  }
  auto after = server_->Client().Get(path.c_str());
  ASSERT_TRUE(after);
  ASSERT_EQ(after->status, 200) << "the toolkit was deleted without its key";
  rapidjson::Document t;
  t.Parse(after->body.c_str());
  ASSERT_TRUE(t.IsObject() && t.HasMember("title") && t.HasMember("version")) << after->body;
  EXPECT_STREQ(t["title"].GetString(), "Mine");
  EXPECT_EQ(t["version"].GetInt(), 1);

  auto deleted = Send("DELETE", path, key, "\"1\"");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 204) << deleted->body;
}

TEST_F(ToolkitGuardsHttpTest, ABodyOfExactlyTheLimitIsAcceptedAndOneByteMoreGets413) {
  const std::string json = R"({"title":"Mine","items":[{"resource_id":"sample-guide-one"}]})";
  const std::string at = json + std::string(kMaxToolkitRequestBytes - json.size(), ' ');
  auto accepted = server_->Client().Post("/api/v1/toolkits", at, "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 201) << accepted->body.substr(0, 300);
  auto refused = server_->Client().Post("/api/v1/toolkits", at + " ", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413) << refused->body.substr(0, 300);
}

TEST(RateLimiter, RefusesAfterExactlyMaxFailuresAndOnlyThatAddress) {
  RateLimiterOptions options;
  options.max_failures = 3;
  RateLimiter limiter(options);
  EXPECT_EQ(limiter.SecondsToWait("10.0.0.1"), 0);
  for (int i = 1; i <= 2; ++i) {
    limiter.RecordFailure("10.0.0.1");
    EXPECT_EQ(limiter.SecondsToWait("10.0.0.1"), 0) << "after " << i << " failures";
  }
  limiter.RecordFailure("10.0.0.1");
  int wait = limiter.SecondsToWait("10.0.0.1");
  EXPECT_GT(wait, 0) << "after 3 failures";
  EXPECT_LE(wait, 61);
  EXPECT_EQ(limiter.SecondsToWait("10.0.0.2"), 0) << "another address is not slowed down";
}

TEST(RateLimiter, AWindowThatHasPassedForgetsTheFailures) {
  RateLimiterOptions options;
  options.max_failures = 1;
  options.window = std::chrono::seconds(0);
  RateLimiter limiter(options);
  limiter.RecordFailure("10.0.0.1");
  EXPECT_EQ(limiter.SecondsToWait("10.0.0.1"), 0);
}

TEST(AtomFeed, EscapesEveryMarkupCharacterInTextAndAttributes) {
  EXPECT_EQ(XmlEscape("Fish & <Chips> \"q\" 'a'"),
            "Fish &amp; &lt;Chips&gt; &quot;q&quot; &apos;a&apos;");
  SearchResponse response;
  SearchHit hit;
  hit.resource.id = "sample-feed-entry";
  hit.resource.title = "Guns & <Gangs>";
  hit.resource.summary = "Summary with \"quotes\" & <b>tags</b>.";
  hit.resource.url = "https://example.org/a?x=1&y=\"2\"";
  hit.resource.published = "2021-03-04";
  response.results.push_back(hit);
  std::string feed = RenderAtomFeed(response, "http://127.0.0.1:1", "http://127.0.0.1:1/f?a=1&b=2");
  EXPECT_NE(feed.find("<title>Guns &amp; &lt;Gangs&gt;</title>"), std::string::npos) << feed;
  EXPECT_NE(feed.find("href=\"https://example.org/a?x=1&amp;y=&quot;2&quot;\""), std::string::npos)
      << feed;
  EXPECT_NE(feed.find("href=\"http://127.0.0.1:1/f?a=1&amp;b=2\""), std::string::npos) << feed;
  EXPECT_EQ(feed.find("<Gangs>"), std::string::npos) << feed;
  EXPECT_EQ(feed.find("<b>"), std::string::npos) << feed;
}

}  // namespace
}  // namespace ch
