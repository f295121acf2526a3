// The server follows the index as it changes underneath it: a rebuild or sync switches results
// without errors, and searches from several threads never fail while it happens.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <thread>

#include "indexer/index_writer.h"
#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class LiveIndexTest : public ::testing::Test {
 protected:
  LiveIndexTest() {
    corpus_ = corpus_dir_ / "corpus";
    test::CopyLibrary(corpus_);
    server_ = std::make_unique<test::ServerHarness>(corpus_);
  }

  uint64_t Total(const std::string& q) {
    httplib::Client client = server_->Client();
    auto res = client.Get("/api/v1/search?facets=&autocorrect=false&q=" + q);
    if (!res) {
      ADD_FAILURE() << "no answer from the server";
      return UINT64_MAX;
    }
    EXPECT_EQ(res->status, 200);
    rapidjson::Document doc;
    doc.Parse(res->body.c_str());
    if (!doc.IsObject() || !doc.HasMember("total") || !doc["total"].IsUint64()) {
      ADD_FAILURE() << "no total in " << res->body;
      return UINT64_MAX;
    }
    return doc["total"].GetUint64();
  }

  Status Rebuild() {
    IndexReport report;
    return BuildIndex(corpus_, server_->db_dir(), server_->taxonomy(), {}, &report);
  }

  void AddZebraDocument(int n) {
    test::WriteTextFile(
        fs::path(corpus_) / ("zebra-" + std::to_string(n) + ".md"),
        test::ResourceMarkdown("Zebra crossings " + std::to_string(n), "community-engagement",
                               "Zebra crossings near schools."));
  }

  void WaitFor(const std::function<bool()>& condition) {
    EXPECT_TRUE(test::WaitUntil(condition, std::chrono::seconds(5)));
  }

  test::TempDir corpus_dir_;
  std::string corpus_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(LiveIndexTest, RebuildWhileServingSwitchesResults) {
  EXPECT_EQ(Total("zebra"), 0u);
  AddZebraDocument(1);
  ASSERT_TRUE(Rebuild().ok());
  WaitFor([&] { return Total("zebra") == 1u; });
}

TEST_F(LiveIndexTest, SyncWhileServingShowsAddedAndRemovedDocuments) {
  AddZebraDocument(1);
  AddZebraDocument(2);
  {
    auto writer = IndexWriter::Open(server_->db_dir(), server_->taxonomy(), {});
    ASSERT_TRUE(writer.ok());
    IndexReport report;
    ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
  }
  WaitFor([&] { return Total("zebra") == 2u; });
  fs::remove(fs::path(corpus_) / "zebra-1.md");
  {
    auto writer = IndexWriter::Open(server_->db_dir(), server_->taxonomy(), {});
    IndexReport report;
    ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
  }
  WaitFor([&] { return Total("zebra") == 1u; });
  httplib::Client client = server_->Client();
  rapidjson::Document changes;
  changes.Parse(client.Get("/api/v1/changes?since=1")->body.c_str());
  ASSERT_EQ(changes["removed"].Size(), 1u);
  EXPECT_EQ(std::string(changes["removed"][0].GetString()), "zebra-1");
  ASSERT_EQ(changes["added"].Size(), 1u);
  EXPECT_EQ(std::string(changes["added"][0].GetString()), "zebra-2");
}

TEST_F(LiveIndexTest, ConcurrentSearchesNeverFailDuringRebuildsAndSyncs) {
  std::atomic<bool> stop{false};
  std::atomic<int> requests{0}, failures{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&, t] {
      httplib::Client client = server_->Client();
      const char* queries[] = {"/api/v1/search?q=violence", "/api/v1/search?q=zebra&facets=",
                               "/api/v1/search?focus_area=technology",
                               "/api/v1/resources/nibin-lead-tracker-tool"};
      while (!stop.load()) {
        auto res = client.Get(queries[(requests.load() + t) % 4]);
        ++requests;
        if (!res || res->status != 200) ++failures;
      }
    });
  }
  for (int round = 0; round < 4; ++round) {
    AddZebraDocument(round);
    if (round % 2 == 0) {
      ASSERT_TRUE(Rebuild().ok());
    } else {
      auto writer = IndexWriter::Open(server_->db_dir(), server_->taxonomy(), {});
      IndexReport report;
      ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0) << "of " << requests.load() << " requests";
  EXPECT_GT(requests.load(), 20);
  WaitFor([&] { return Total("zebra") == 4u; });
}

}  // namespace
}  // namespace ch
