// Remote shards: the test library split over two shards, each served by a real xapian-tcpsrv on
// loopback, searched by a real server, against the same corpus in one local database. Then shards
// die, hang and come back while the server keeps answering.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <thread>

#include <xapian.h>

#include "indexer/index_writer.h"
#include "tests/support/child_process.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  return doc;
}

// A shard database served by xapian-tcpsrv on a free port of 127.0.0.1.
class ShardServer {
 public:
  explicit ShardServer(std::string path) : path_(std::move(path)), port_(test::FreeTcpPort()) {
    Start();
  }
  void Start() {
    process_ = std::make_unique<test::ChildProcess>(std::vector<std::string>{
        "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", std::to_string(port_), path_});
    auto deadline = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < deadline) {
      try {
        Xapian::Remote::open("127.0.0.1", port_, 1000, 200).get_doccount();
        return;
      } catch (const Xapian::Error&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    FAIL() << "xapian-tcpsrv did not start: " << process_->log();
  }
  test::ChildProcess& process() { return *process_; }
  ShardAddress address() const { return {"127.0.0.1", port_}; }

 private:
  std::string path_;
  int port_;
  std::unique_ptr<test::ChildProcess> process_;
};

class RemoteShardsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = test::LibraryPath();
    Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
    IndexOptions options;
    options.shards = 2;
    IndexReport report;
    Status built = BuildIndex(corpus, *dir_ / "sharded", taxonomy, options, &report);
    ASSERT_TRUE(built.ok()) << built.ToString();
    for (const char* shard : {"shard-000", "shard-001"}) {
      shards_.push_back(new ShardServer(*dir_ / (std::string("sharded/build-000001/") + shard)));
    }
    local_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete local_;
    for (auto* s : shards_) delete s;
    shards_.clear();
    delete dir_;
  }
  void TearDown() override {
    // Every test leaves both shards running for the next one.
    for (auto* s : shards_) {
      s->process().Resume();
      if (!s->process().running()) s->Start();
    }
  }

  static RemoteShardOptions Remote(bool allow_partial = true) {
    RemoteShardOptions o;
    for (auto* s : shards_) o.shards.push_back(s->address());
    o.timeout = std::chrono::milliseconds(600);
    o.connect_timeout = std::chrono::milliseconds(300);
    o.retry_interval = std::chrono::milliseconds(100);
    o.allow_partial = allow_partial;
    return o;
  }
  static std::unique_ptr<test::ServerHarness> RemoteServer(RemoteShardOptions remote) {
    test::ServerHarness::Options o;
    o.corpus = test::LibraryPath();
    o.remote = std::move(remote);
    return std::make_unique<test::ServerHarness>(o);
  }
  static rapidjson::Document GetJson(test::ServerHarness& server, const std::string& path,
                                     int expected_status = 200) {
    auto res = server.Client().Get(path);
    EXPECT_TRUE(res) << path;
    if (!res) return Json("{}");
    EXPECT_EQ(res->status, expected_status) << path << "\n" << res->body;
    return Json(res->body);
  }
  // Waits until searches answer from every shard again (the server recovers by itself).
  static bool WaitForFullAnswers(test::ServerHarness& server) {
    auto deadline = Clock::now() + std::chrono::seconds(15);
    while (Clock::now() < deadline) {
      auto res = server.Client().Get("/api/v1/search?q=violence&facets=");
      if (res && res->status == 200 && !Json(res->body)["partial"].GetBool()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }

  static test::TempDir* dir_;
  static std::vector<ShardServer*> shards_;
  static test::ServerHarness* local_;
};

test::TempDir* RemoteShardsTest::dir_ = nullptr;
std::vector<ShardServer*> RemoteShardsTest::shards_;
test::ServerHarness* RemoteShardsTest::local_ = nullptr;

// Results as (score, id) groups: documents with equal scores may come in another order, since
// their docids differ between one database and two shards.
std::vector<std::pair<std::string, std::vector<std::string>>> Ranking(
    const rapidjson::Document& doc) {
  std::map<std::string, std::vector<std::string>> by_score;
  std::vector<std::string> order;
  for (const auto& r : doc["results"].GetArray()) {
    char score[32];
    std::snprintf(
        score, sizeof score, "%.6f|%s", r["score"].GetDouble(),
        r.HasMember("published") && r["published"].IsString() ? r["published"].GetString() : "");
    if (!by_score.count(score)) order.push_back(score);
    by_score[score].push_back(r["id"].GetString());
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& key : order) {
    auto ids = by_score[key];
    std::sort(ids.begin(), ids.end());
    out.emplace_back(key, ids);
  }
  return out;
}

std::map<std::string, uint64_t> FacetCounts(const rapidjson::Document& doc) {
  std::map<std::string, uint64_t> out;
  for (const auto& facet : doc["facets"].GetObject()) {
    for (const auto& v : facet.value.GetArray()) {
      out[std::string(facet.name.GetString()) + "=" + v["value"].GetString()] =
          v["count"].GetUint64();
    }
  }
  return out;
}

// The local server counts facets from its in-memory column (facet_column.h), the remote one with
// Xapian's ValueCountMatchSpy on each shard: the counts must be the same.
TEST_F(RemoteShardsTest, TwoRemoteShardsAnswerLikeOneDatabase) {
  auto remote = RemoteServer(Remote());
  for (const std::string query :
       {"q=violence", "q=NIBIN", "q=National+Integrated+Ballistic+Information+Network",
        "q=%22focused+deterrence%22", "q=how+do+we+start+a+crime+analysis+unit",
        "q=officer+wellness&focus_area=technology&focus_area=gun-violence",
        "q=violence&sort=newest&per_page=20", "q=training&sort=title&page=2", "q=ballist*",
        "q=title:violence", "topic=drug-crime&type=guide",
        "q=community&facets=focus_area,topic,type,audience,year,language,source&per_page=50"}) {
    SCOPED_TRACE(query);
    rapidjson::Document one = GetJson(*local_, "/api/v1/search?" + query);
    rapidjson::Document two = GetJson(*remote, "/api/v1/search?" + query);
    ASSERT_TRUE(two.IsObject() && two.HasMember("total"));
    EXPECT_FALSE(two["partial"].GetBool());
    EXPECT_EQ(two["total"].GetUint64(), one["total"].GetUint64());
    EXPECT_EQ(two["total_exact"].GetBool(), one["total_exact"].GetBool());
    if (query.find('*') == std::string::npos) {
      EXPECT_EQ(Ranking(two), Ranking(one));
    } else {
      // Xapian 1.4 expands a wildcard on each remote shard with that shard's statistics: the
      // same documents match, but their weights differ a little (docs/deployment.md).
      auto ids = [](const rapidjson::Document& d) {
        std::vector<std::string> out;
        for (const auto& r : d["results"].GetArray()) out.push_back(r["id"].GetString());
        std::sort(out.begin(), out.end());
        return out;
      };
      if (two["total"].GetUint64() <= 10) {
        EXPECT_EQ(ids(two), ids(one));
      }
    }
    EXPECT_EQ(FacetCounts(two), FacetCounts(one));
  }
  // Spelling and synonyms, which Xapian's remote backend does not serve, work too.
  rapidjson::Document spelled =
      GetJson(*remote, "/api/v1/search?q=nibbin&facets=&autocorrect=false");
  EXPECT_STREQ(spelled["did_you_mean"].GetString(), "nibin");
}

TEST_F(RemoteShardsTest, ResourcePagesSuggestionsTaxonomyAndToolkitsWork) {
  auto remote = RemoteServer(Remote());
  for (const std::string path :
       {"/api/v1/resources/nibin-lead-tracker-tool",
        "/api/v1/resources/alpr-data-retention-model-policy",
        "/api/v1/resources/weekly-shooting-review-podcast",
        "/api/v1/resources/officer-wellness-app-research-brief", "/api/v1/suggest?q=nib",
        "/api/v1/taxonomy", "/api/v1/changes?since=0"}) {
    SCOPED_TRACE(path);
    auto one = local_->Client().Get(path);
    ASSERT_TRUE(one) << "no answer from the server";
    auto two = remote->Client().Get(path);
    ASSERT_TRUE(two) << "no answer from the server";
    ASSERT_TRUE(one && two);
    EXPECT_EQ(two->status, 200) << two->body;
    rapidjson::Document a = Json(one->body), b = Json(two->body);
    if (path.find("/resources/") != std::string::npos) {
      EXPECT_STREQ(b["title"].GetString(), a["title"].GetString());
      EXPECT_STREQ(b["body_html"].GetString(), a["body_html"].GetString());
      // The front matter's related resources first, then the more-like-this picks, in the same
      // order as on one database (the expansion uses exact term frequencies).
      a = Json(local_->Client().Get(path + "/related")->body);
      b = Json(remote->Client().Get(path + "/related")->body);
      ASSERT_EQ(b["related"].Size(), a["related"].Size());
      EXPECT_GE(a["related"].Size(), 3u);  // more than the front matter lists
      for (rapidjson::SizeType i = 0; i < a["related"].Size(); ++i) {
        EXPECT_STREQ(b["related"][i]["id"].GetString(), a["related"][i]["id"].GetString()) << i;
      }
    } else if (path.find("/changes") != std::string::npos) {
      EXPECT_EQ(b["added"].Size(), a["added"].Size());
    } else {
      EXPECT_EQ(two->body, one->body);
    }
  }
  rapidjson::Document featured = GetJson(*remote, "/api/v1/toolkits/featured");
  ASSERT_TRUE(featured.IsArray() || featured.IsObject());
}

TEST_F(RemoteShardsTest, AKilledShardGivesPartialAnswersThenRecovers) {
  auto remote = RemoteServer(Remote());
  rapidjson::Document full = GetJson(*remote, "/api/v1/search?q=violence&facets=type");
  const std::string dead = shards_[1]->address().name();
  shards_[1]->process().Kill();

  rapidjson::Document partial = GetJson(*remote, "/api/v1/search?q=violence&facets=type");
  EXPECT_TRUE(partial["partial"].GetBool());
  ASSERT_EQ(partial["missing_shards"].Size(), 1u);
  EXPECT_EQ(partial["missing_shards"][0].GetString(), dead);
  EXPECT_GT(partial["total"].GetUint64(), 0u);
  EXPECT_LT(partial["total"].GetUint64(), full["total"].GetUint64());

  rapidjson::Document ready = GetJson(*remote, "/readyz");
  EXPECT_TRUE(ready["partial"].GetBool());
  EXPECT_FALSE(ready["shards"][1]["up"].GetBool());
  EXPECT_STRNE(ready["shards"][1]["error"].GetString(), "");
  auto metrics = remote->Client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("clearinghouse_shard_up{shard=\"" + dead + "\"} 0"),
            std::string::npos);

  // A resource that lives on the dead shard is unavailable, not "not found".
  rapidjson::Document taxonomy = GetJson(*local_, "/api/v1/changes?since=0");
  std::string on_dead_shard;
  for (const auto& id : taxonomy["added"].GetArray()) {
    if (IndexLayout::ShardFor(id.GetString(), 2) == 1) {
      on_dead_shard = id.GetString();
      break;
    }
  }
  ASSERT_FALSE(on_dead_shard.empty());
  GetJson(*remote, "/api/v1/resources/" + on_dead_shard, 503);

  shards_[1]->Start();
  EXPECT_TRUE(WaitForFullAnswers(*remote)) << "the server did not take the shard back";
  rapidjson::Document again = GetJson(*remote, "/api/v1/search?q=violence&facets=type");
  EXPECT_EQ(again["total"].GetUint64(), full["total"].GetUint64());
  EXPECT_EQ(FacetCounts(again), FacetCounts(full));
  EXPECT_TRUE(GetJson(*remote, "/readyz")["shards"][1]["up"].GetBool());
}

TEST_F(RemoteShardsTest, AHungShardTimesOutIntoAPartialAnswer) {
  auto remote = RemoteServer(Remote());
  GetJson(*remote, "/api/v1/search?q=violence&facets=");
  shards_[0]->process().Pause();
  auto start = Clock::now();
  rapidjson::Document partial = GetJson(*remote, "/api/v1/search?q=violence&facets=");
  auto took = Clock::now() - start;
  EXPECT_TRUE(partial["partial"].GetBool());
  EXPECT_LT(took, std::chrono::seconds(5)) << "the shard timeout bounds the wait";
  // Without shard 0 the changes feed cannot be complete: it says so instead of guessing.
  GetJson(*remote, "/api/v1/changes?since=0", 503);
  shards_[0]->process().Resume();
  EXPECT_TRUE(WaitForFullAnswers(*remote));
}

// Searches take turns for the cores (--concurrent-searches), but a search of remote shards
// waits on them, not on the cores: it takes no turn, so that searches behind a slow shard do not
// wait for each other's timeouts.
TEST_F(RemoteShardsTest, SearchesOfRemoteShardsDoNotTakeTurns) {
  test::ServerHarness::Options o;
  o.corpus = test::LibraryPath();
  o.remote = Remote();
  o.tune_app = [](AppOptions& app) { app.search.max_concurrent_searches = 1; };
  test::ServerHarness remote(o);
  std::vector<std::thread> searches;
  std::atomic<int> answered{0};
  for (const char* q : {"violence", "police", "prevention"}) {
    searches.emplace_back([&, q] {
      auto res = remote.Client().Get(std::string("/api/v1/search?facets=&q=") + q);
      if (res && res->status == 200) ++answered;
    });
  }
  for (auto& t : searches) t.join();
  EXPECT_EQ(answered.load(), 3);
  EXPECT_EQ(remote.search().gate_stats().entered, 0u) << "a search of remote shards took a turn";
}

TEST_F(RemoteShardsTest, PartialAnswersCanBeTurnedOff) {
  auto remote = RemoteServer(Remote(/*allow_partial=*/false));
  GetJson(*remote, "/api/v1/search?q=violence&facets=");
  shards_[1]->process().Kill();
  rapidjson::Document error = GetJson(*remote, "/api/v1/search?q=violence&facets=", 503);
  EXPECT_STREQ(error["error"]["code"].GetString(), "unavailable");
  EXPECT_NE(std::string(error["error"]["message"].GetString()).find(shards_[1]->address().name()),
            std::string::npos);
  shards_[1]->Start();
  EXPECT_TRUE(WaitForFullAnswers(*remote));
}

// Starting a node with `shards` must fail; returns the error message (the harness throws what
// App::Open returns, which is what clearinghouse-server prints before it exits 2).
std::string StartupError(RemoteShardOptions shards) {
  test::ServerHarness::Options o;
  o.corpus = test::SourcePath("corpus");
  o.remote = std::move(shards);
  try {
    test::ServerHarness server(o);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST_F(RemoteShardsTest, AShardListInTheWrongOrderIsRefused) {
  RemoteShardOptions reversed = Remote();
  std::reverse(reversed.shards.begin(), reversed.shards.end());
  std::string error = StartupError(reversed);
  EXPECT_NE(error.find("list the shards in shard order"), std::string::npos) << error;
  EXPECT_NE(error.find(reversed.shards[0].name() + " is listed at position 0"), std::string::npos)
      << error;
}

TEST_F(RemoteShardsTest, AShardListedTwiceIsRefused) {
  RemoteShardOptions twice = Remote();
  twice.shards[1] = twice.shards[0];
  std::string error = StartupError(twice);
  EXPECT_NE(error.find("shard 0 is listed 2 times"), std::string::npos) << error;
}

TEST_F(RemoteShardsTest, MissingAndExtraShardsAreRefused) {
  RemoteShardOptions one = Remote();
  one.shards.pop_back();
  std::string missing = StartupError(one);
  EXPECT_NE(missing.find("shards are missing from the list"), std::string::npos) << missing;
  RemoteShardOptions three = Remote();
  three.shards.push_back(three.shards[1]);
  std::string extra = StartupError(three);
  EXPECT_NE(extra.find("the list has extra shards"), std::string::npos) << extra;
}

TEST_F(RemoteShardsTest, ScoresEqualAFreshNodesAfterAShardRestart) {
  const std::vector<std::string> queries = {
      "/api/v1/search?q=title:violence+community&facets=",
      "/api/v1/search?q=violence+community&facets=", "/api/v1/search?q=type:guide+training&facets=",
      "/api/v1/search?q=ballist*&facets="};
  auto remote = RemoteServer(Remote());
  std::vector<rapidjson::Document> before;
  for (const auto& q : queries) before.push_back(GetJson(*remote, q));
  shards_[1]->process().Kill();
  EXPECT_TRUE(GetJson(*remote, queries[0])["partial"].GetBool());
  shards_[1]->Start();
  ASSERT_TRUE(WaitForFullAnswers(*remote)) << "the server did not take the shard back";
  // Every pooled searcher, not only the one that happened to notice the shard, answers in full.
  for (int round = 0; round < 8; ++round) {
    for (size_t i = 0; i < queries.size(); ++i) {
      SCOPED_TRACE(queries[i]);
      rapidjson::Document after = GetJson(*remote, queries[i]);
      ASSERT_FALSE(after["partial"].GetBool());
      EXPECT_EQ(Ranking(after), Ranking(before[i]));
      EXPECT_EQ(after["total"].GetUint64(), before[i]["total"].GetUint64());
    }
  }
  auto fresh = RemoteServer(Remote());
  for (size_t i = 0; i < queries.size(); ++i) {
    SCOPED_TRACE(queries[i]);
    rapidjson::Document a = GetJson(*remote, queries[i]), b = GetJson(*fresh, queries[i]);
    EXPECT_EQ(Ranking(a), Ranking(b));
    EXPECT_EQ(a["total"].GetUint64(), b["total"].GetUint64());
  }
}

// Writes to the shards while a node serves them (and a shard restart between them): the node's
// ranking stays that of a freshly started node. Its own index and shard servers, so that the
// other tests keep comparing with the unchanged corpus.
TEST_F(RemoteShardsTest, ScoresEqualAFreshNodesAfterWritesAndARestart) {
  test::TempDir dir;
  std::string corpus = test::SourcePath("corpus");
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  IndexOptions index_options;
  index_options.shards = 2;
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus, dir / "idx", taxonomy, index_options, &report).ok());
  ShardServer s0(dir / "idx/build-000001/shard-000"), s1(dir / "idx/build-000001/shard-001");
  RemoteShardOptions options = Remote();
  options.shards = {s0.address(), s1.address()};
  auto remote = RemoteServer(options);
  const std::string probe = "/api/v1/search?q=title:violence+community&facets=";
  auto write = [&](int first, int count) {
    auto writer = IndexWriter::Open(dir / "idx", taxonomy, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    for (int n = first; n < first + count; ++n) {
      Resource r;  // sample data
      r.id = "sample-community-violence-note-" + std::to_string(n);
      r.title = "Community violence sample note " + std::to_string(n);
      r.summary = "A sample note about community violence programmes, for a test.";
      r.type = "guide";
      r.focus_areas = {"community-engagement"};
      r.body_text = "Community violence intervention sample text number " + std::to_string(n);
      ASSERT_TRUE((*writer)->Put(r).ok());
    }
    ASSERT_TRUE((*writer)->Commit().ok());
  };
  auto wait_for_total = [&](uint64_t expected) {
    auto deadline = Clock::now() + std::chrono::seconds(15);
    uint64_t seen = 0;
    while (Clock::now() < deadline) {
      rapidjson::Document d = GetJson(*remote, "/api/v1/search?q=%22sample+note%22&facets=");
      seen = d["total"].GetUint64();
      if (!d["partial"].GetBool() && d["total_exact"].GetBool() && seen == expected) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the node shows " << seen << " of " << expected << " sample notes";
    return false;
  };
  write(1, 3);
  ASSERT_TRUE(wait_for_total(3));
  s1.process().Kill();
  EXPECT_TRUE(GetJson(*remote, probe)["partial"].GetBool());
  s1.Start();
  ASSERT_TRUE(WaitForFullAnswers(*remote));
  write(4, 3);
  ASSERT_TRUE(wait_for_total(6));
  auto fresh = RemoteServer(options);
  for (const std::string& q : {probe, std::string("/api/v1/search?q=violence+community&facets="),
                              std::string("/api/v1/search?q=type:guide+community&facets=")}) {
    SCOPED_TRACE(q);
    for (int round = 0; round < 4; ++round) {
      rapidjson::Document a = GetJson(*remote, q), b = GetJson(*fresh, q);
      EXPECT_EQ(Ranking(a), Ranking(b));
      EXPECT_EQ(a["total"].GetUint64(), b["total"].GetUint64());
    }
  }
}

TEST_F(RemoteShardsTest, PartialAnswersAreNotStoredAndHaveNoETag) {
  auto remote = RemoteServer(Remote());
  const std::string search = "/api/v1/search?q=violence&facets=";
  auto full = remote->Client().Get(search);
  ASSERT_TRUE(full && full->status == 200);
  const std::string full_etag = full->get_header_value("ETag");
  ASSERT_FALSE(full_etag.empty());
  EXPECT_EQ(full->get_header_value("Cache-Control"), "no-cache");

  shards_[1]->process().Kill();
  const std::string dead = shards_[1]->address().name();
  for (const std::string& path : {search, std::string("/api/v1/suggest?q=vio"),
                                 std::string("/api/v1/taxonomy"), std::string("/feed.atom")}) {
    SCOPED_TRACE(path);
    auto res = remote->Client().Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
    EXPECT_EQ(res->get_header_value("X-Missing-Shards"), dead);
    EXPECT_FALSE(res->has_header("ETag"));
    if (path != "/feed.atom") {
      rapidjson::Document doc = Json(res->body);
      EXPECT_TRUE(doc["partial"].GetBool());
      ASSERT_EQ(doc["missing_shards"].Size(), 1u);
      EXPECT_EQ(doc["missing_shards"][0].GetString(), dead);
    }
  }
  // The full answer's ETag does not revalidate a partial answer.
  auto conditional = remote->Client().Get(search, {{"If-None-Match", full_etag}});
  ASSERT_TRUE(conditional);
  EXPECT_EQ(conditional->status, 200);
  EXPECT_TRUE(Json(conditional->body)["partial"].GetBool());

  // The changes feed is all or nothing: a client stores it and never asks for it again.
  rapidjson::Document changes = GetJson(*remote, "/api/v1/changes?since=0", 503);
  EXPECT_STREQ(changes["error"]["code"].GetString(), "unavailable");
  EXPECT_NE(std::string(changes["error"]["message"].GetString()).find(dead), std::string::npos);

  shards_[1]->Start();
  ASSERT_TRUE(WaitForFullAnswers(*remote));
  auto again = remote->Client().Get(search, {{"If-None-Match", full_etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304) << "a full answer revalidates the full answer's ETag";
  GetJson(*remote, "/api/v1/changes?since=0", 200);
}

TEST_F(RemoteShardsTest, AStoppedShardCostsOneTimeoutPerRequest) {
  RemoteShardOptions options = Remote();
  options.timeout = std::chrono::milliseconds(1500);
  options.probe_timeout = std::chrono::milliseconds(150);
  options.retry_interval = std::chrono::milliseconds(2000);
  auto remote = RemoteServer(options);
  GetJson(*remote, "/api/v1/search?q=violence&facets=");
  shards_[1]->process().Pause();
  auto start = Clock::now();
  rapidjson::Document partial = GetJson(*remote, "/api/v1/search?q=violence&facets=");
  auto first = Clock::now() - start;
  EXPECT_TRUE(partial["partial"].GetBool());
  // One timeout (1.5 s) plus a short probe; before, a probe waited a second full timeout (3 s+).
  EXPECT_LT(first, std::chrono::milliseconds(2400));
  // The failure is remembered: the next requests do not wait for the stopped shard at all.
  start = Clock::now();
  rapidjson::Document next = GetJson(*remote, "/api/v1/search?q=community&facets=");
  EXPECT_TRUE(next["partial"].GetBool());
  EXPECT_LT(Clock::now() - start, std::chrono::milliseconds(1000));
  shards_[1]->process().Resume();
  EXPECT_TRUE(WaitForFullAnswers(*remote));
}

}  // namespace
}  // namespace ch
