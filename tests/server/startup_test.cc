// Start-up as an operator sees it, on the real clearinghouse-server binary against a generated
// corpus: it listens at once while the index syncs in the background, /readyz shows the sync's
// progress and then turns ready, the public API waits ("starting") when there was no index to
// serve, SIGTERM in the middle of the sync exits within a second, the next start carries on to
// the same documents as a clean build, and a restart of an index in step re-indexes nothing.
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <thread>

#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"
#include "tests/support/child_process.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Enough documents for the sync to take a while (seconds), few enough for a test.
constexpr int kDocuments = 500;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

class StartupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    corpus_dir_ = new test::TempDir();
    std::string out;
    ASSERT_EQ(test::RunCommand(test::BinaryPath("bin/ch-generate-corpus") + " --seed 7 --docs " +
                                   std::to_string(kDocuments) + " --out " + corpus(),
                               &out),
              0)
        << out;
    // Files changed within the racy window (2 s) of a sync are read again by the next one
    // (corpus_manifest.h); let the fresh corpus age past it, as a real one has.
    std::this_thread::sleep_for(kDefaultRacyWindow + 200ms);
  }
  static void TearDownTestSuite() {
    delete corpus_dir_;
    corpus_dir_ = nullptr;
  }
  static std::string corpus() { return corpus_dir_->path() / "corpus"; }

  std::unique_ptr<test::ChildProcess> Start(const std::vector<std::string>& options = {}) {
    port_ = test::FreeTcpPort();
    std::vector<std::string> args = {test::BinaryPath("bin/clearinghouse-server"),
                                     "--corpus",
                                     corpus(),
                                     "--db",
                                     db_,
                                     "--data",
                                     data_,
                                     "--port",
                                     std::to_string(port_),
                                     "--quiet"};
    args.insert(args.end(), options.begin(), options.end());
    return std::make_unique<test::ChildProcess>(args);
  }

  // GET on the server; status 0 when nothing answers.
  httplib::Result Get(const std::string& path) {
    httplib::Client client("127.0.0.1", port_);
    client.set_connection_timeout(1s);
    client.set_read_timeout(5s);
    return client.Get(path);
  }

  // Polls /readyz until it answers 200 (true) or `limit` passes; keeps the 503 bodies seen.
  bool WaitReady(std::chrono::seconds limit, std::vector<std::string>* progress = nullptr) {
    Clock::time_point start = Clock::now();
    while (Clock::now() - start < limit) {
      auto res = Get("/readyz");
      if (res && res->status == 200) return true;
      if (res && res->status == 503 && progress) progress->push_back(res->body);
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }

  // id -> content hash of every document in the index at `db`.
  static std::map<std::string, std::string> Documents(const std::string& db) {
    std::map<std::string, std::string> out;
    for (const auto& [id, entry] : ReadStoredEntries(Xapian::Database(db))) {
      out[id] = entry.content_hash;
    }
    return out;
  }

  static test::TempDir* corpus_dir_;
  test::TempDir dir_;
  std::string db_ = dir_ / "index", data_ = dir_ / "data";
  int port_ = 0;
};

test::TempDir* StartupTest::corpus_dir_ = nullptr;

TEST_F(StartupTest, ListensAtOnceShowsProgressThenReadyAndARestartReindexesNothing) {
  Clock::time_point started = Clock::now();
  auto server = Start();
  double listened = -1;
  while (SecondsSince(started) < 5) {
    auto res = Get("/healthz");
    if (res && res->status == 200) {
      listened = SecondsSince(started);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_GE(listened, 0) << server->log();
  EXPECT_LT(listened, 1.0);
  // No index before: the public API waits for the sync, and says so.
  auto search = Get("/api/v1/search?q=patrol");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 503);
  EXPECT_NE(search->body.find("\"starting\""), std::string::npos) << search->body;
  EXPECT_EQ(search->get_header_value("Retry-After"), "5");
  std::vector<std::string> progress;
  ASSERT_TRUE(WaitReady(300s, &progress)) << server->log();
  ASSERT_FALSE(progress.empty());
  EXPECT_NE(progress.back().find("\"state\":\"syncing\""), std::string::npos) << progress.back();
  bool saw_indexing = false;
  for (const auto& body : progress) {
    if (body.find("\"phase\":\"indexing\"") != std::string::npos &&
        body.find("\"total\":" + std::to_string(kDocuments)) != std::string::npos) {
      saw_indexing = true;
    }
  }
  EXPECT_TRUE(saw_indexing) << progress.back();
  auto ready_search = Get("/api/v1/search?q=the");
  ASSERT_TRUE(ready_search);
  EXPECT_EQ(ready_search->status, 200);
  server->Stop();

  // The same index, in step: nothing is read again, nothing re-indexed.
  auto again = Start();
  ASSERT_TRUE(WaitReady(60s)) << again->log();
  again->Stop();
  EXPECT_NE(again->log().find("0 added, 0 changed, 0 removed, " + std::to_string(kDocuments) +
                              " unchanged; 0 file(s) read"),
            std::string::npos)
      << again->log();
}

TEST_F(StartupTest, SigtermDuringTheSyncExitsWithinASecondAndTheNextStartCarriesOn) {
  auto server = Start();
  // Wait until the sync is writing documents.
  Clock::time_point start = Clock::now();
  bool indexing = false;
  while (!indexing && SecondsSince(start) < 300) {
    auto res = Get("/readyz");
    indexing = res && res->status == 503 &&
               res->body.find("\"phase\":\"indexing\"") != std::string::npos &&
               res->body.find("\"done\":0,") == std::string::npos;
    if (!indexing) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(indexing) << server->log();
  Clock::time_point signalled = Clock::now();
  server->Stop();  // SIGTERM; SIGKILL only after a second
  EXPECT_LT(SecondsSince(signalled), 1.0) << server->log();
  EXPECT_NE(server->log().find("stopping"), std::string::npos) << server->log();

  auto again = Start();
  ASSERT_TRUE(WaitReady(300s)) << again->log();
  again->Stop();
  Taxonomy taxonomy = Taxonomy::Load(corpus() + "/taxonomy.yaml").value();
  IndexReport clean;
  ASSERT_TRUE(BuildIndex(corpus(), dir_ / "clean", taxonomy, {}, &clean).ok());
  std::map<std::string, std::string> documents = Documents(db_);
  EXPECT_EQ(documents.size(), static_cast<size_t>(kDocuments));
  EXPECT_EQ(documents, Documents(dir_ / "clean"));
}

// --exact-position-checks reaches the search: with a limit of one check, a quoted pair of the
// generated corpus's commonest words (most documents hold it) is counted from a sample and says
// so; with the default limit the same search is counted exactly.
TEST_F(StartupTest, ThePositionCheckLimitComesFromTheCommandLine) {
  const std::string phrase = "/api/v1/search?q=%22of+the%22";
  auto limited = Start({"--exact-position-checks", "1"});
  ASSERT_TRUE(WaitReady(300s)) << limited->log();
  auto res = Get(phrase);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("\"facets_exact\":false"), std::string::npos)
      << "past one position check the counts come from a sample";
  limited->Stop();

  auto defaults = Start();
  ASSERT_TRUE(WaitReady(60s)) << defaults->log();
  res = Get(phrase);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->body.find("\"facets_exact\":true"), std::string::npos)
      << "under the default limit the same search is counted exactly";
}

}  // namespace
}  // namespace ch
