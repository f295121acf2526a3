// Replicas: a writer node (curator API) whose index xapian-replicate-server offers, and a
// read-only search node serving the copy that a real xapian-replicate keeps current. Curator
// writes on the writer reach the search node without a restart and without failed searches.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

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

uint64_t Total(test::ServerHarness& server, const std::string& query) {
  auto res = server.Client().Get("/api/v1/search?facets=&" + query);
  if (!res || res->status != 200) return UINT64_MAX;
  return Json(res->body)["total"].GetUint64();
}

TEST(ReplicaTest, ASearchNodeFollowsCuratorWritesThroughXapianReplicate) {
  KeepReplicationChangesets();  // before the writer opens its database, as the server's main does
  test::ServerHarness::Options writer_options;
  writer_options.curator = true;
  test::TempDir corpus_copy;  // curator writes go into the corpus folder: use a copy
  test::CopyLibrary(corpus_copy.path());
  writer_options.corpus = corpus_copy.path().string();
  const uint64_t documents = test::LibraryResourceCount();
  test::ServerHarness writer(writer_options);
  std::string key = writer.keys().Create("replica-test").value();

  // The writer's index folder is the replication root; its live build is the master database.
  const int port = test::FreeTcpPort();
  test::ChildProcess master({"xapian-replicate-server", "--interface", "127.0.0.1", "--port",
                             std::to_string(port), writer.db_dir()});
  test::TempDir replica_root;
  const std::string replica = replica_root / "index";
  test::ChildProcess follower({"xapian-replicate", "--host", "127.0.0.1", "--port",
                               std::to_string(port), "--master", "build-000001", "--interval", "1",
                               "--reader-time", "1", replica});
  auto deadline = Clock::now() + std::chrono::seconds(30);
  while (!fs::exists(replica + "/XAPIANDB") && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(fs::exists(replica + "/XAPIANDB"))
      << "no replica\nserver: " << master.log() << "\nclient: " << follower.log();

  test::ServerHarness::Options search_options;
  search_options.corpus = writer_options.corpus;
  search_options.serve_db_dir = replica;
  search_options.writer_url = "http://writer.example:8080";
  test::ServerHarness search_node(search_options);
  deadline = Clock::now() + std::chrono::seconds(30);
  while (Total(search_node, "q=") != documents && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(Total(search_node, "q="), documents);

  // Searches run on the search node the whole time; none may fail.
  std::atomic<bool> stop{false};
  std::atomic<int> searches{0}, failures{0};
  std::thread reader([&] {
    httplib::Client client = search_node.Client();
    while (!stop) {
      auto res = client.Get("/api/v1/search?q=violence&facets=type");
      ++searches;
      if (!res || res->status != 200) ++failures;
    }
  });

  // Three curator writes on the writer, each followed to the search node.
  for (int i = 0; i < 3; ++i) {
    std::string word = "zygorepl" + std::string(1, static_cast<char>('a' + i));
    std::string markdown = test::ResourceMarkdown("Replication check " + word, "technology",
                                                  "The word " + word + " appears only here.");
    httplib::Client client = writer.Client();
    auto created = client.Post("/api/v1/curator/resources", {{"Authorization", "Bearer " + key}},
                               markdown, "text/markdown");
    ASSERT_TRUE(created);
    ASSERT_EQ(created->status, 201) << created->body;
    EXPECT_EQ(Total(writer, "q=" + word), 1u);
    deadline = Clock::now() + std::chrono::seconds(30);
    while (Total(search_node, "q=" + word) != 1 && Clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(Total(search_node, "q=" + word), 1u)
        << "the replica did not follow write " << i << "\n"
        << follower.log();
  }
  stop = true;
  reader.join();
  EXPECT_GT(searches.load(), 0);
  EXPECT_EQ(failures.load(), 0) << "searches failed while the replica changed";
  EXPECT_EQ(Total(search_node, "q="), documents + 3);

  // A curator write sent to the search node names the writer.
  auto refused = search_node.Client().Post(
      "/api/v1/curator/resources", {{"Authorization", "Bearer " + key}},
      test::ResourceMarkdown("X", "technology", "Body."), "text/markdown");
  ASSERT_TRUE(refused);
  ASSERT_EQ(refused->status, 503) << refused->body;
  rapidjson::Document error = Json(refused->body);
  EXPECT_STREQ(error["error"]["code"].GetString(), "read_only");
  EXPECT_NE(std::string(error["error"]["message"].GetString()).find("http://writer.example:8080"),
            std::string::npos);
}

}  // namespace
}  // namespace ch
