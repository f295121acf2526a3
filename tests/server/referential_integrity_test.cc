// Referential integrity of curator deletes (issue 14): a resource that other resources list in
// `related`, or that a featured toolkit lists, is not deleted without ?force=true (409
// `referenced`, the referrers named); with it, every referrer is rewritten and the corpus still
// validates and builds with the real command. User toolkits keep a deleted item as unavailable.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <set>
#include <string>

#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

class ReferentialIntegrityTest : public ::testing::Test {
 protected:
  ReferentialIntegrityTest() : corpus_(dir_ / "corpus") {
    test::CopyLibrary(corpus_);
    Start();
  }
  void Start() {
    server_.reset();
    test::ServerHarness::Options options;
    options.corpus = corpus_;
    options.curator = true;
    options.serve_db_dir = dir_ / "db";
    if (!fs::exists(dir_ / "db")) BuildInto(dir_ / "db");
    server_ = std::make_unique<test::ServerHarness>(options);
    Result<std::string> key = server_->keys().Create("integrity");
    ASSERT_TRUE(key.ok()) << key.status().ToString();
    key_ = *key;
  }
  void BuildInto(const std::string& db) {
    std::string out;
    ASSERT_EQ(Cli("build " + corpus_ + " --db " + db, &out), 0) << out;
  }
  static int Cli(const std::string& args, std::string* out) {
    return test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " " + args, out);
  }
  httplib::Headers Auth() { return {{"Authorization", "Bearer " + key_}}; }
  httplib::Result Delete(const std::string& id, const std::string& query = "") {
    return server_->Client().Delete(("/api/v1/curator/resources/" + id + query).c_str(), Auth());
  }
  httplib::Result Put(const std::string& id, const std::string& markdown) {
    return server_->Client().Put(("/api/v1/curator/resources/" + id).c_str(), Auth(), markdown,
                                 "text/markdown");
  }
  std::string File(const std::string& relative) {
    return test::ReadTextFile(fs::path(corpus_) / relative);
  }
  // The real commands, run on the corpus the API changed: validate, then a full build into a
  // new folder. Both must succeed.
  void ExpectTheCorpusStillBuilds() {
    std::string out;
    EXPECT_EQ(Cli("validate " + corpus_, &out), 0) << out;
    EXPECT_EQ(Cli("build " + corpus_ + " --db " + (dir_ / "rebuilt"), &out), 0) << out;
  }
  static std::set<std::string> Referrers(const rapidjson::Value& list) {
    std::set<std::string> out;
    for (const auto& r : list.GetArray()) {
      out.insert(std::string(r["kind"].GetString()) + ":" + r["id"].GetString());
      EXPECT_TRUE(r["title"].IsString() && r["title"].GetStringLength() > 0);
    }
    return out;
  }

  test::TempDir dir_;
  std::string corpus_;
  std::string key_;
  std::unique_ptr<test::ServerHarness> server_;
  test::OpenApiChecker api_{test::SourcePath("server/openapi.json")};
};

const std::set<std::string> kTrackerReferrers = {"resource:crime-gun-intelligence-analyst-training",
                                                 "resource:nibin-lead-follow-up-investigator-guide",
                                                 "featured_toolkit:crime-gun-intelligence"};

TEST_F(ReferentialIntegrityTest, DeleteOfAReferencedResourceIsRefusedWithItsReferrers) {
  auto res = Delete("nibin-lead-tracker-tool");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 409) << res->body;
  rapidjson::Document d = Json(res->body);
  EXPECT_STREQ(d["error"]["code"].GetString(), "referenced");
  EXPECT_NE(std::string(d["error"]["message"].GetString()).find("force=true"), std::string::npos);
  EXPECT_EQ(Referrers(d["error"]["referrers"]), kTrackerReferrers);
  for (const auto& e : api_.Check("delete", "/api/v1/curator/resources/{id}", *res)) {
    ADD_FAILURE() << e;
  }
  EXPECT_EQ(server_->Client().Get("/api/v1/resources/nibin-lead-tracker-tool")->status, 200);
  EXPECT_TRUE(fs::exists(fs::path(corpus_) / "resources/nibin-lead-tracker-tool.md"));
  ExpectTheCorpusStillBuilds();
}

TEST_F(ReferentialIntegrityTest, ForcedDeleteRewritesEveryReferrerAndTheCorpusStillBuilds) {
  auto res = Delete("nibin-lead-tracker-tool", "?force=true");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  for (const auto& e : api_.Check("delete", "/api/v1/curator/resources/{id}", *res)) {
    ADD_FAILURE() << e;
  }
  rapidjson::Document d = Json(res->body);
  EXPECT_TRUE(d["deleted"].GetBool());
  EXPECT_EQ(Referrers(d["rewritten"]), kTrackerReferrers);
  EXPECT_EQ(server_->Client().Get("/api/v1/resources/nibin-lead-tracker-tool")->status, 404);

  // The files, rewritten as text: the other id and everything else kept.
  std::string guide = File("resources/nibin-lead-follow-up-investigator-guide.md");
  EXPECT_NE(guide.find("related: [etrace-firearm-tracing-fact-sheet]\n"), std::string::npos)
      << guide;
  std::string training = File("resources/crime-gun-intelligence-analyst-training.md");
  EXPECT_NE(training.find("related: []\n"), std::string::npos) << training;
  std::string toolkit = File("toolkits/crime-gun-intelligence.yaml");
  EXPECT_EQ(toolkit.find("resource: nibin-lead-tracker-tool"), std::string::npos) << toolkit;
  EXPECT_EQ(toolkit.find("Enough to manage leads"), std::string::npos) << "the item's note stayed";
  EXPECT_NE(toolkit.find("resource: etrace-firearm-tracing-fact-sheet"), std::string::npos);
  EXPECT_NE(toolkit.find("# Sample data for tests"), std::string::npos) << "comments were lost";

  // The index too: the referrer's page no longer lists it.
  auto page = server_->Client().Get("/api/v1/resources/nibin-lead-follow-up-investigator-guide");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->body.find("nibin-lead-tracker-tool"), std::string::npos) << page->body;
  ExpectTheCorpusStillBuilds();

  // After a restart the featured toolkit loads from its rewritten file.
  Start();
  auto featured = server_->Client().Get("/api/v1/toolkits/crime-gun-intelligence");
  ASSERT_TRUE(featured);
  EXPECT_EQ(featured->status, 200) << featured->body;
  EXPECT_EQ(featured->body.find("nibin-lead-tracker-tool"), std::string::npos);
}

TEST_F(ReferentialIntegrityTest, ForcedDeleteEditsABlockListLineByLine) {
  const std::string markdown = test::ResourceMarkdown(
      "Sample block list guide", "technology", "A sample resource with a block related list.",
      "related:\n  - etrace-firearm-tracing-fact-sheet   # keep\n  - police-open-data-portal\n"
      "  - hot-spots-policing-research-brief\n");
  auto put = Put("sample-block-list-guide", markdown);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 201) << put->body;
  auto res = Delete("police-open-data-portal", "?force=true");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  std::string expected = markdown;
  expected.erase(expected.find("  - police-open-data-portal\n"),
                 std::string("  - police-open-data-portal\n").size());
  EXPECT_EQ(File("resources/sample-block-list-guide.md"), expected);
  ExpectTheCorpusStillBuilds();
}

TEST_F(ReferentialIntegrityTest, UnreferencedDeleteAndForceWithoutReferrers) {
  auto plain = Delete("drug-market-intervention-guide");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 204) << plain->body;
  auto forced = Delete("overdose-spike-response-webinar", "?force=true");
  ASSERT_TRUE(forced);
  ASSERT_EQ(forced->status, 200) << forced->body;
  EXPECT_EQ(Json(forced->body)["rewritten"].Size(), 0u);
  auto bad = Delete("vacant-lot-greening-fact-sheet", "?force=yes");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
  auto unknown = Delete("vacant-lot-greening-fact-sheet", "?forse=true");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400) << unknown->body;
  EXPECT_EQ(server_->Client().Get("/api/v1/resources/vacant-lot-greening-fact-sheet")->status, 200);
  ExpectTheCorpusStillBuilds();
}

TEST_F(ReferentialIntegrityTest, UserToolkitsKeepADeletedItemAsUnavailable) {
  auto created = server_->Client().Post(
      "/api/v1/toolkits",
      R"({"title":"Sample toolkit","items":[{"resource_id":"nibin-lead-tracker-tool"},)"
      R"({"resource_id":"rtcc-planning-guide"}]})",
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  std::string id = Json(created->body)["id"].GetString();
  ASSERT_EQ(Delete("nibin-lead-tracker-tool", "?force=true")->status, 200);
  auto read = server_->Client().Get(("/api/v1/toolkits/" + id).c_str());
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200) << read->body;
  rapidjson::Document t = Json(read->body);
  ASSERT_EQ(t["items"].Size(), 2u) << "a user toolkit lost an item";
  EXPECT_STREQ(t["items"][0]["resource_id"].GetString(), "nibin-lead-tracker-tool");
  EXPECT_FALSE(t["items"][0]["available"].GetBool());
  EXPECT_TRUE(t["items"][1]["available"].GetBool());
}

}  // namespace
}  // namespace ch
