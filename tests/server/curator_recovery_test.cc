// Crash recovery at the curator's start: whatever happened to the corpus folder while the server
// was down (a file written just before a crash and never committed, a file deleted or edited by
// hand, a temporary file a crash left behind) is brought into the index before the first request.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "indexer/index_writer.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: three guides of our own in the test's temp folder.
class CuratorRecoveryTest : public ::testing::Test {
 protected:
  CuratorRecoveryTest() : corpus_(dir_ / "corpus"), db_(dir_ / "db") {
    test::CopyTaxonomy(corpus_);
    Write("sample-kept-guide", "Sample kept guide", "Kept text.");
    Write("sample-deleted-guide", "Sample deleted guide", "Deleted text.");
    Write("sample-edited-guide", "Sample edited guide", "Original text.");
  }

  void Write(const std::string& id, const std::string& title, const std::string& body) {
    test::WriteTextFile(File(id), test::ResourceMarkdown(title, "technology", body));
  }
  fs::path File(const std::string& id) { return fs::path(corpus_) / "resources" / (id + ".md"); }

  std::unique_ptr<test::ServerHarness> StartCurator() {
    test::ServerHarness::Options options;
    options.corpus = corpus_;
    options.serve_db_dir = db_;
    options.curator = true;
    return std::make_unique<test::ServerHarness>(options);
  }
  static int HttpStatus(test::ServerHarness& server, const std::string& path) {
    auto res = server.Client().Get(path.c_str());
    EXPECT_TRUE(res) << "no answer for " << path;
    return res ? res->status : 0;
  }
  static std::string Body(test::ServerHarness& server, const std::string& path) {
    auto res = server.Client().Get(path.c_str());
    EXPECT_TRUE(res) << "no answer for " << path;
    return res ? res->body : "";
  }

  test::TempDir dir_;
  std::string corpus_, db_;
};

TEST_F(CuratorRecoveryTest, ChangesMadeWhileTheServerWasDownAreIndexedAtStart) {
  Result<Taxonomy> taxonomy = Taxonomy::Load(corpus_ + "/taxonomy.yaml");
  ASSERT_TRUE(taxonomy.ok()) << taxonomy.status().ToString();
  IndexReport report;
  Status built = BuildIndex(corpus_, db_, *taxonomy, {}, &report);
  ASSERT_TRUE(built.ok()) << built.ToString();
  ASSERT_EQ(report.documents, 3u);

  // While the server is down: a file written just before a crash (never committed), a file
  // deleted and a file edited by hand, and a temporary file the crash left behind.
  Write("sample-crashed-guide", "Sample crashed guide", "Written just before the crash.");
  fs::remove(File("sample-deleted-guide"));
  Write("sample-edited-guide", "Sample edited guide", "Lanterns, edited while the server slept.");
  const fs::path leftover = fs::path(corpus_) / "resources" / ".sample-kept-guide.md.tmp-4242";
  test::WriteTextFile(leftover, "half a file");

  std::unique_ptr<test::ServerHarness> server = StartCurator();
  EXPECT_EQ(HttpStatus(*server, "/api/v1/resources/sample-crashed-guide"), 200)
      << "a file written before a crash was not indexed at start";
  EXPECT_EQ(HttpStatus(*server, "/api/v1/resources/sample-deleted-guide"), 404)
      << "a file deleted while the server was down is still served";
  EXPECT_EQ(HttpStatus(*server, "/api/v1/resources/sample-kept-guide"), 200);
  EXPECT_NE(Body(*server, "/api/v1/search?facets=&q=lanterns").find("sample-edited-guide"),
            std::string::npos)
      << "the edit made while the server was down was not indexed";
  EXPECT_FALSE(fs::exists(leftover)) << "a temporary file a crash left behind is still there";
}

}  // namespace
}  // namespace ch
