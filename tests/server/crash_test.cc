// Nothing acknowledged is lost: the real server process is killed with SIGKILL while curators
// write, restarted, and every acknowledged write must be in the corpus folder and in search
// results, no file may be half-written, and xapian-check must pass on the index.
#include <gtest/gtest.h>
#include <httplib.h>
#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include "indexer/corpus.h"
#include "indexer/index_layout.h"
#include "indexer/taxonomy.h"
#include "tests/support/child_process.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// The real clearinghouse-server binary in a child process (its own process group; see
// child_process.h), started on a free port and ready once it says where it listens.
class ServerProcess {
 public:
  ServerProcess(const std::string& corpus, const std::string& db, const std::string& data)
      : process_({test::BinaryPath("bin/clearinghouse-server"), "--corpus", corpus, "--db", db,
                  "--data", data, "--port", "0", "--quiet"}) {
    // The server prints "Listening on http://127.0.0.1:PORT/" once it is ready.
    std::string line = process_.WaitForLine("Listening on", std::chrono::seconds(60));
    size_t colon = line.rfind(':');
    port_ = colon == std::string::npos ? 0 : std::atoi(line.c_str() + colon + 1);
  }
  void Kill() { process_.Kill(); }  // SIGKILL, as a crash
  int port() const { return port_; }
  std::string log() const { return process_.log(); }

 private:
  test::ChildProcess process_;
  int port_ = 0;
};

std::string Resource(int n) {
  return "---\ntitle: \"Crash test resource " + std::to_string(n) +
         "\"\nsummary: \"Written while the server may die.\"\ntype: guide\nfocus_areas: "
         "[technology]\nkeywords: [crashmarker" +
         std::to_string(n) + "]\n---\n" + std::string(200 + (n % 7) * 300, 'x') +
         "\n\nWords about durable writes.\n";
}

TEST(CrashTest, AcknowledgedWritesSurviveSigkillAtAnyMoment) {
  test::TempDir dir;
  std::string corpus = dir / "corpus", db = dir / "index", data = dir / "data";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(fs::path(corpus) / "resources/seed.md",
                      test::ResourceMarkdown("Seed", "technology", "Seed text."));
  std::string out;
  ASSERT_EQ(test::RunCommand(test::BinaryPath("bin/clearinghouse-server") +
                                 " keys create crash --data " + data + " 2>/dev/null | tail -1",
                             &out),
            0);
  std::string key = out.substr(0, out.find('\n'));
  ASSERT_EQ(key.rfind("chk_", 0), 0u) << out;

  std::set<int> acknowledged;
  std::mt19937 random(12345);
  int next = 0;
  for (int round = 0; round < 4; ++round) {
    ServerProcess server(corpus, db, data);
    ASSERT_GT(server.port(), 0) << server.log();
    std::atomic<bool> dead{false};
    std::thread writer([&] {
      httplib::Client client("127.0.0.1", server.port());
      client.set_read_timeout(std::chrono::seconds(10));
      while (!dead.load()) {
        int n = next++;
        auto res = client.Put(("/api/v1/curator/resources/crash-" + std::to_string(n)).c_str(),
                              {{"Authorization", "Bearer " + key}}, Resource(n), "text/markdown");
        if (res && (res->status == 201 || res->status == 200)) acknowledged.insert(n);
        if (!res) break;  // the server is gone
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + random() % 400));
    server.Kill();
    dead = true;
    writer.join();
  }
  ASSERT_GT(acknowledged.size(), 5u);

  // Restart: the server reconciles the index with the corpus at start-up.
  ServerProcess server(corpus, db, data);
  ASSERT_GT(server.port(), 0) << server.log();
  httplib::Client client("127.0.0.1", server.port());
  for (int n : acknowledged) {
    EXPECT_TRUE(fs::exists(fs::path(corpus) / ("resources/crash-" + std::to_string(n) + ".md")))
        << n;
    auto res = client.Get(("/api/v1/search?facets=&q=crashmarker" + std::to_string(n)).c_str());
    ASSERT_TRUE(res);
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    EXPECT_EQ(d["total"].GetUint64(), 1u) << "acknowledged write " << n << " is not searchable";
  }
  server.Kill();

  // No half-written file: every resource file in the corpus is complete and valid.
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  CorpusCheck check = ValidateCorpus(corpus, taxonomy).value();
  EXPECT_EQ(check.error_count, 0u);
  for (const auto& d : check.diagnostics) ADD_FAILURE() << d.ToString();
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
        << "leftover temporary file " << entry.path();
  }
  IndexLayout layout = IndexLayout::Read(db).value();
  for (const auto& shard : layout.shard_paths()) {
    EXPECT_EQ(test::RunCommand("xapian-check " + shard, &out), 0) << out;
  }
}

}  // namespace
}  // namespace ch
