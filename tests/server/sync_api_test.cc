// What an offline client relies on (issue 14): the index's epoch, ETags that never repeat across
// a rebuild and that an unrelated change leaves valid, the bulk fetch's limits, 410
// resync_required, and `added` holding every id a client cannot have seen.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <memory>
#include <string>

#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  return doc;
}

std::string Sample(const std::string& id, const std::string& text) {
  return test::ResourceMarkdown("Sync sample " + id, "technology", "Sample data: " + text + ".",
                                "id: " + id + "\n");
}

class SyncApiTest : public ::testing::Test {
 protected:
  SyncApiTest() {
    corpus_ = temp_ / "corpus";
    test::CopyTaxonomy(corpus_);
    for (const char* id : {"alpha", "bravo", "charlie", "delta"}) {
      test::WriteTextFile(fs::path(corpus_) / "resources" / (std::string(id) + ".md"),
                          Sample(id, std::string("first version of ") + id));
    }
  }

  std::unique_ptr<test::ServerHarness> Start(bool curator, size_t max_changes = 10000) {
    test::ServerHarness::Options options;
    options.corpus = corpus_;
    options.curator = curator;
    options.tune_http = [](HttpServerOptions& http) { http.write_limits.curator.per_period = 0; };
    options.tune_app = [max_changes](AppOptions& app) { app.catalog.max_changes = max_changes; };
    return std::make_unique<test::ServerHarness>(options);
  }

  static httplib::Result Get(test::ServerHarness& server, const std::string& path,
                             const std::string& if_none_match = "") {
    httplib::Client client = server.Client();
    httplib::Headers headers;
    if (!if_none_match.empty()) headers.emplace("If-None-Match", if_none_match);
    return client.Get(path.c_str(), headers);
  }

  static void Put(test::ServerHarness& server, const std::string& key, const std::string& id,
                  const std::string& markdown) {
    httplib::Client client = server.Client();
    auto res =
        client.Put(("/api/v1/curator/resources/" + id).c_str(),
                   httplib::Headers{{"Authorization", "Bearer " + key}}, markdown, "text/markdown");
    ASSERT_TRUE(res && (res->status == 200 || res->status == 201)) << (res ? res->body : "");
  }

  test::TempDir temp_;
  std::string corpus_;
};

TEST_F(SyncApiTest, EveryIndexAnswerCarriesTheEpoch) {
  auto server = Start(false);
  std::string epoch = Json(Get(*server, "/readyz")->body)["epoch"].GetString();
  EXPECT_EQ(epoch.size(), 32u);
  EXPECT_EQ(epoch.find_first_not_of("0123456789abcdef"), std::string::npos) << epoch;
  EXPECT_EQ(Json(Get(*server, "/api/v1/changes?since=0")->body)["epoch"].GetString(), epoch);
  EXPECT_EQ(Json(Get(*server, "/api/v1/search?q=sample")->body)["epoch"].GetString(), epoch);
  EXPECT_EQ(Json(Get(*server, "/api/v1/resources?ids=alpha")->body)["epoch"].GetString(), epoch);
}

// The first bug: a rebuild into a new folder reaches the same build and generation
// numbers, and answered 304 to a client holding the old content.
TEST_F(SyncApiTest, EtagsNeverRepeatAcrossARebuildIntoANewFolder) {
  auto first = Start(false);
  auto second = Start(false);  // the same corpus built again, into another folder
  rapidjson::Document a = Json(Get(*first, "/readyz")->body);
  rapidjson::Document b = Json(Get(*second, "/readyz")->body);
  ASSERT_EQ(a["build"].GetUint64(), b["build"].GetUint64());
  ASSERT_EQ(a["generation"].GetUint64(), b["generation"].GetUint64());
  EXPECT_STRNE(a["epoch"].GetString(), b["epoch"].GetString());
  for (const char* path :
       {"/api/v1/search?q=sample", "/api/v1/resources/alpha", "/api/v1/resources/alpha/related",
        "/api/v1/resources?ids=alpha,bravo", "/api/v1/taxonomy", "/api/v1/changes?since=0",
        "/api/v1/suggest?q=sam"}) {
    auto old = Get(*first, path);
    ASSERT_TRUE(old && old->status == 200) << path;
    std::string etag = old->get_header_value("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    EXPECT_EQ(Get(*first, path, etag)->status, 304) << path << ": same index, same ETag";
    EXPECT_EQ(Get(*second, path, etag)->status, 200) << path << ": another epoch, no 304";
  }
}

TEST_F(SyncApiTest, ResourceEtagAndBodySurviveAnUnrelatedChange) {
  auto server = Start(true);
  std::string key = server->keys().Create("sync").value();
  auto before = Get(*server, "/api/v1/resources/alpha");
  ASSERT_EQ(before->status, 200);
  std::string etag = before->get_header_value("ETag");
  Put(*server, key, "bravo", Sample("bravo", "second version of bravo"));
  auto after = Get(*server, "/api/v1/resources/alpha");
  EXPECT_EQ(after->body, before->body) << "no index-wide number in a resource page";
  EXPECT_EQ(after->get_header_value("ETag"), etag);
  EXPECT_EQ(Get(*server, "/api/v1/resources/alpha", etag)->status, 304);
  // Its own change: a new body (with its own generation) and a new ETag.
  Put(*server, key, "alpha", Sample("alpha", "second version of alpha"));
  auto changed = Get(*server, "/api/v1/resources/alpha", etag);
  ASSERT_EQ(changed->status, 200);
  EXPECT_NE(changed->get_header_value("ETag"), etag);
  uint64_t generation = Json(Get(*server, "/readyz")->body)["generation"].GetUint64();
  EXPECT_EQ(Json(changed->body)["generation"].GetUint64(), generation) << "the resource's own";
}

TEST_F(SyncApiTest, IfNoneMatchStarMatchesOnlyWhatExists) {
  auto server = Start(true);
  EXPECT_EQ(Get(*server, "/api/v1/resources/alpha", "*")->status, 304);
  EXPECT_EQ(Get(*server, "/api/v1/resources/no-such-thing", "*")->status, 404);
  EXPECT_EQ(Get(*server, "/api/v1/resources/no-such-thing/related", "*")->status, 404);
  EXPECT_EQ(Get(*server, "/api/v1/search?q=sample", "*")->status, 304);
  // The curator's source GET honours If-None-Match with the file's version.
  std::string key = server->keys().Create("sync").value();
  httplib::Client client = server->Client();
  httplib::Headers auth{{"Authorization", "Bearer " + key}};
  auto source = client.Get("/api/v1/curator/resources/alpha/source", auth);
  ASSERT_EQ(source->status, 200);
  httplib::Headers again = auth;
  again.emplace("If-None-Match", source->get_header_value("ETag"));
  auto revalidated = client.Get("/api/v1/curator/resources/alpha/source", again);
  EXPECT_EQ(revalidated->status, 304);
  EXPECT_TRUE(revalidated->body.empty());
  httplib::Headers other = auth;
  other.emplace("If-None-Match", "\"not-the-version\"");
  EXPECT_EQ(client.Get("/api/v1/curator/resources/alpha/source", other)->status, 200);
}

TEST_F(SyncApiTest, BulkFetchKeepsTheOrderAskedListsMissingIdsAndEnforcesItsLimits) {
  auto server = Start(false);
  auto res = Get(*server, "/api/v1/resources?ids=delta,nope,alpha,delta");
  ASSERT_EQ(res->status, 200) << res->body;
  rapidjson::Document doc = Json(res->body);
  ASSERT_EQ(doc["resources"].Size(), 2u);
  EXPECT_STREQ(doc["resources"][0]["id"].GetString(), "delta");
  EXPECT_STREQ(doc["resources"][1]["id"].GetString(), "alpha");
  ASSERT_EQ(doc["missing"].Size(), 1u);
  EXPECT_STREQ(doc["missing"][0].GetString(), "nope");
  EXPECT_EQ(Json(Get(*server, "/readyz")->body)["generation"].GetUint64(),
            doc["generation"].GetUint64());
  // Each element is exactly the resource's page.
  std::string page = Get(*server, "/api/v1/resources/delta")->body;
  EXPECT_EQ(Json(page), doc["resources"][0]);

  std::string hundred, hundred_and_one;
  for (int i = 0; i < 100; ++i) hundred += (i ? ",id-" : "id-") + std::to_string(i);
  hundred_and_one = hundred + ",id-100";
  EXPECT_EQ(Get(*server, "/api/v1/resources?ids=" + hundred)->status, 200);
  for (const std::string& bad :
       {"/api/v1/resources?ids=" + hundred_and_one, std::string("/api/v1/resources?ids="),
        std::string("/api/v1/resources?ids=alpha,,bravo"), std::string("/api/v1/resources")}) {
    auto answer = Get(*server, bad);
    ASSERT_EQ(answer->status, 400) << bad;
    EXPECT_STREQ(Json(answer->body)["error"]["param"].GetString(), "ids") << bad;
  }
}

TEST_F(SyncApiTest, ChangesAnswer410WhenTheCopyCannotBeContinued) {
  auto server = Start(false);
  rapidjson::Document now = Json(Get(*server, "/api/v1/changes?since=0")->body);
  std::string epoch = now["epoch"].GetString();
  uint64_t generation = now["generation"].GetUint64();
  auto expect_gone = [&](const std::string& query) {
    auto res = Get(*server, "/api/v1/changes?" + query);
    ASSERT_EQ(res->status, 410) << query;
    rapidjson::Document body = Json(res->body);
    EXPECT_STREQ(body["error"]["code"].GetString(), "resync_required");
    EXPECT_EQ(body["epoch"].GetString(), epoch);
    EXPECT_EQ(body["generation"].GetUint64(), generation);
  };
  expect_gone("since=" + std::to_string(generation) + "&epoch=0123456789abcdef0123456789abcdef");
  expect_gone("since=" + std::to_string(generation + 1));
  expect_gone("since=" + std::to_string(generation + 1) + "&epoch=" + epoch);
  EXPECT_EQ(Get(*server, "/api/v1/changes?since=" + std::to_string(generation) + "&epoch=" + epoch)
                ->status,
            200);
  EXPECT_EQ(Get(*server, "/api/v1/changes?epoch=")->status, 400);
  EXPECT_EQ(Get(*server, "/api/v1/changes?include=everything")->status, 400);

  // Tombstones forgotten up to a generation: an older `since` cannot learn its removals.
  fs::remove(fs::path(corpus_) / "resources" / "charlie.md");
  {
    Taxonomy taxonomy = Taxonomy::Load(corpus_ + "/taxonomy.yaml").value();
    auto writer = IndexWriter::Open(server->db_dir(), taxonomy, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    IndexReport report;
    ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
    EXPECT_EQ((*writer)->epoch(), epoch) << "an in-place sync keeps the epoch";
    ASSERT_TRUE((*writer)->PruneTombstones((*writer)->generation()).ok());
    generation = (*writer)->generation();
  }
  server->reader().NotifyChanged();
  expect_gone("since=1&epoch=" + epoch);
  auto fresh = Get(*server, "/api/v1/changes?since=0");
  EXPECT_EQ(fresh->status, 200) << "since=0 needs no tombstones";
  EXPECT_EQ(Get(*server, "/api/v1/changes?since=" + std::to_string(generation))->status, 200);
}

TEST_F(SyncApiTest, EpochIsKeptBySyncsAndSameFolderRebuildsAndNewInANewFolder) {
  Taxonomy taxonomy = Taxonomy::Load(corpus_ + "/taxonomy.yaml").value();
  std::string db = temp_ / "db", other = temp_ / "other";
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus_, db, taxonomy, {}, &report).ok());
  auto epoch_of = [](const std::string& dir) { return schema::ReadEpoch(Xapian::Database(dir)); };
  std::string epoch = epoch_of(db);
  ASSERT_EQ(Xapian::Database(db).get_metadata(schema::kMetaEpoch), epoch) << "stored, not derived";
  test::WriteTextFile(fs::path(corpus_) / "resources" / "echo.md", Sample("echo", "new"));
  {
    auto writer = IndexWriter::Open(db, taxonomy, {});
    ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
  }
  EXPECT_EQ(epoch_of(db), epoch);
  ASSERT_TRUE(BuildIndex(corpus_, db, taxonomy, {}, &report).ok());
  EXPECT_EQ(epoch_of(db), epoch) << "a rebuild that carries the generations forward keeps it";
  ASSERT_TRUE(BuildIndex(corpus_, other, taxonomy, {}, &report).ok());
  EXPECT_NE(epoch_of(other), epoch);
}

// The fourth bug: a resource created and then edited within one paged window came only
// in `changed`, which a client that updates only rows it has would drop.
TEST_F(SyncApiTest, AResourceCreatedThenEditedWithinOnePagedWindowIsAdded) {
  auto server = Start(true, /*max_changes=*/1);
  std::string key = server->keys().Create("sync").value();
  uint64_t start = Json(Get(*server, "/readyz")->body)["generation"].GetUint64();
  Put(*server, key, "fresh", Sample("fresh", "created"));               // start + 1
  Put(*server, key, "bravo", Sample("bravo", "edited"));                // start + 2
  Put(*server, key, "fresh", Sample("fresh", "created, then edited"));  // start + 3
  std::set<std::string> have = {"alpha", "bravo", "charlie", "delta"};
  uint64_t since = start;
  for (int page = 0; page < 10; ++page) {
    rapidjson::Document changes =
        Json(Get(*server, "/api/v1/changes?since=" + std::to_string(since))->body);
    for (const auto& id : changes["changed"].GetArray()) {
      EXPECT_TRUE(have.count(id.GetString())) << id.GetString() << " in changed, never added";
    }
    for (const auto& id : changes["added"].GetArray()) have.insert(id.GetString());
    since = changes["generation"].GetUint64();
    if (!changes["more"].GetBool()) break;
  }
  EXPECT_TRUE(have.count("fresh"));
  EXPECT_EQ(since, start + 3);
}

TEST_F(SyncApiTest, IncludeResourcesSendsEachResourcePageInSmallerPages) {
  auto server = Start(false);
  rapidjson::Document all = Json(Get(*server, "/api/v1/changes?since=0&include=resources")->body);
  ASSERT_EQ(all["added"].Size(), 4u);
  ASSERT_EQ(all["resources"].Size(), 4u);
  for (rapidjson::SizeType i = 0; i < 4; ++i) {
    std::string id = all["added"][i].GetString();
    EXPECT_STREQ(all["resources"][i]["id"].GetString(), id.c_str());
    EXPECT_EQ(Json(Get(*server, "/api/v1/resources/" + id)->body), all["resources"][i]) << id;
  }
  EXPECT_FALSE(Json(Get(*server, "/api/v1/changes?since=0")->body).HasMember("resources"));
}

}  // namespace
}  // namespace ch
