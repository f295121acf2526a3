// What the routes answer while the start-up sync runs (startup_state.h), on an in-process App
// whose background sync is held back until the test starts it: /readyz reports progress, the
// public API serves the index that was there at start (or answers 503 "starting" with
// Retry-After when there was none), and the curator API waits for the sync.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include "indexer/index_writer.h"
#include "server/app.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
using namespace std::chrono_literals;

class StartupPolicyTest : public ::testing::Test {
 protected:
  StartupPolicyTest() : corpus_(temp_ / "corpus") {
    test::CopyTaxonomy(corpus_);
    test::WriteTextFile(std::filesystem::path(corpus_) / "resources/sample.md",
                        test::ResourceMarkdown("Sample deterrence guide", "technology",
                                               "Sample data about focused deterrence."));
  }
  ~StartupPolicyTest() override {
    if (app_) app_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  void BuildFirst() {
    Taxonomy taxonomy = Taxonomy::Load(corpus_ + "/taxonomy.yaml").value();
    IndexReport report;
    ASSERT_TRUE(BuildIndex(corpus_, temp_ / "index", taxonomy, {}, &report).ok());
  }

  // Opens and serves an App that syncs in the background; the sync starts with StartSync.
  void Serve() {
    AppOptions o;
    o.db_dir = temp_ / "index";
    o.corpus_dir = corpus_;
    o.data_dir = temp_ / "data";
    o.http.port = 0;
    o.http.access_log = false;
    o.log = &log_;
    o.sync_in_background = true;
    Result<std::unique_ptr<App>> app = App::Open(o);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    Result<int> port = app_->Bind();
    ASSERT_TRUE(port.ok());
    port_ = *port;
    serving_ = std::thread([this] { app_->Serve(); });
  }

  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    return client.Get(path);
  }
  httplib::Result PostValidate() {
    httplib::Client client("127.0.0.1", port_);
    return client.Post("/api/v1/curator/validate", "---\ntitle: x\n---\n", "text/markdown");
  }

  test::TempDir temp_;
  std::string corpus_;
  std::ostringstream log_;
  std::unique_ptr<App> app_;
  std::thread serving_;
  int port_ = 0;
};

TEST_F(StartupPolicyTest, WhileSyncingReadyzReportsProgressAndCuratorWritesWait) {
  ASSERT_NO_FATAL_FAILURE(Serve());
  auto health = Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto ready = Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 503);
  EXPECT_NE(ready->body.find("\"state\":\"syncing\""), std::string::npos) << ready->body;
  EXPECT_NE(ready->body.find("\"done\":0"), std::string::npos) << ready->body;
  EXPECT_EQ(ready->get_header_value("Retry-After"), "5");
  auto validate = PostValidate();
  ASSERT_TRUE(validate);
  EXPECT_EQ(validate->status, 503);
  EXPECT_NE(validate->body.find("\"starting\""), std::string::npos) << validate->body;
}

TEST_F(StartupPolicyTest, WithAnIndexAtStartSearchesAreServedWhileTheSyncRuns) {
  ASSERT_NO_FATAL_FAILURE(BuildFirst());
  ASSERT_NO_FATAL_FAILURE(Serve());
  auto search = Get("/api/v1/search?q=deterrence");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200) << search->body;
  EXPECT_NE(search->body.find("Sample deterrence guide"), std::string::npos) << search->body;
  ASSERT_EQ(Get("/readyz")->status, 503);
}

TEST_F(StartupPolicyTest, WithoutAnIndexThePublicApiAnswersStartingUntilTheSyncEnds) {
  ASSERT_NO_FATAL_FAILURE(Serve());
  auto search = Get("/api/v1/search?q=deterrence");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 503);
  EXPECT_NE(search->body.find("\"code\":\"starting\""), std::string::npos) << search->body;
  EXPECT_EQ(search->get_header_value("Retry-After"), "5");
  EXPECT_EQ(Get("/api/v1/openapi.json")->status, 200);

  app_->StartSync();
  test::WaitUntil([&] { return Get("/readyz")->status == 200; }, 60s);
  ASSERT_EQ(Get("/readyz")->status, 200) << log_.str();
  auto after = Get("/api/v1/search?q=deterrence");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
  EXPECT_NE(after->body.find("Sample deterrence guide"), std::string::npos) << after->body;
  auto validate = PostValidate();
  ASSERT_TRUE(validate);
  EXPECT_NE(validate->status, 503);  // open now: it checks the (missing) key instead
  EXPECT_EQ(validate->body.find("\"starting\""), std::string::npos) << validate->body;
}

}  // namespace
}  // namespace ch
