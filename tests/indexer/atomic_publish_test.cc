// The atomic publish of a rebuild, at the indexer's own level: a build that fails at its commit
// (or anywhere before) leaves the live index exactly as it was, and readers never see the new
// build before it is complete.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "indexer/index_layout.h"
#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class AtomicPublishTest : public ::testing::Test {
 protected:
  AtomicPublishTest() : corpus_(dir_ / "corpus"), db_(dir_ / "db") {
    test::CopyTaxonomy(corpus_);
    taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
    for (int i = 0; i < 3; ++i) Write(i);
  }

  void Write(int i) {
    test::WriteTextFile(fs::path(corpus_) / ("doc-" + std::to_string(i) + ".md"),
                        test::ResourceMarkdown("Sample document " + std::to_string(i), "technology",
                                               "Sample text, number " + std::to_string(i) + "."));
  }

  Status Build(IndexOptions options = {}) {
    IndexReport report;
    return BuildIndex(corpus_, db_, *taxonomy_, options, &report);
  }

  uint64_t LiveBuild() {
    Result<IndexLayout> layout = IndexLayout::Read(db_);
    EXPECT_TRUE(layout.ok()) << layout.status().ToString();
    return layout.ok() ? layout->build() : 0;
  }

  // Documents a new reader of the folder sees; -1 when the folder cannot be opened.
  int ReaderDocuments() {
    try {
      return static_cast<int>(Xapian::Database(db_).get_doccount());
    } catch (const Xapian::Error& e) {
      ADD_FAILURE() << "a reader cannot open the live index: " << e.get_description();
      return -1;
    }
  }

  // Where BuildIndex writes build `n` before publishing it (compacted builds are written to a
  // staging folder first, then compacted into the build folder).
  std::string Unpublished(uint64_t n, bool compact) {
    std::string build_dir = IndexLayout::BuildDir(db_, n);
    if (!compact) return build_dir;
    return (fs::path(db_) / (".staging-" + fs::path(build_dir).filename().string())).string();
  }

  void ExpectFailedCommitKeepsBuildOne(bool compact) {
    ASSERT_TRUE(Build().ok());
    ASSERT_EQ(LiveBuild(), 1u);
    ASSERT_EQ(ReaderDocuments(), 3);
    Write(3);
    Write(4);
    const std::string unpublished = Unpublished(2, compact);
    IndexOptions options;
    options.compact = compact;
    options.second_thread = false;
    options.progress = [&](size_t done, size_t total) {
      if (done != total) return;
      // Every document is written; the commit comes next. Take its folder away, so that the
      // commit (which writes its version file there) fails.
      std::error_code ec;
      fs::remove_all(unpublished, ec);
      ASSERT_FALSE(fs::exists(unpublished));
    };
    Status failed = Build(options);
    ASSERT_FALSE(failed.ok()) << "the commit was expected to fail without its folder";
    EXPECT_EQ(LiveBuild(), 1u) << "a failed build was published";
    EXPECT_EQ(ReaderDocuments(), 3);
    EXPECT_NE(test::ReadTextFile(fs::path(db_) / "XAPIANDB").find("build-000001"),
              std::string::npos);
    EXPECT_FALSE(fs::exists(IndexLayout::BuildDir(db_, 2))) << "the failed build was left behind";
    // And the next build, with nothing in the way, publishes every document.
    ASSERT_TRUE(Build().ok());
    EXPECT_EQ(ReaderDocuments(), 5);
  }

  test::TempDir dir_;
  std::string corpus_, db_;
  std::unique_ptr<Taxonomy> taxonomy_;
};

TEST_F(AtomicPublishTest, FailedCommitOfACompactedBuildLeavesTheLiveIndexUnchanged) {
  ExpectFailedCommitKeepsBuildOne(/*compact=*/true);
}

TEST_F(AtomicPublishTest, FailedCommitOfAPlainBuildLeavesTheLiveIndexUnchanged) {
  ExpectFailedCommitKeepsBuildOne(/*compact=*/false);
}

TEST_F(AtomicPublishTest, ReadersSeeTheOldBuildUntilTheNewOneIsComplete) {
  ASSERT_TRUE(Build().ok());
  ASSERT_EQ(ReaderDocuments(), 3);
  Write(3);
  int seen_during_build = -2;
  uint64_t live_during_build = 0;
  IndexOptions options;
  options.second_thread = false;
  options.progress = [&](size_t done, size_t total) {
    if (done != total) return;
    seen_during_build = ReaderDocuments();
    live_during_build = LiveBuild();
  };
  ASSERT_TRUE(Build(options).ok());
  EXPECT_EQ(seen_during_build, 3) << "a reader saw the new build before it was committed";
  EXPECT_EQ(live_during_build, 1u);
  EXPECT_EQ(LiveBuild(), 2u);
  EXPECT_EQ(ReaderDocuments(), 4);
}

TEST_F(AtomicPublishTest, BuildStoppedBeforeItsCommitPublishesNothing) {
  ASSERT_TRUE(Build().ok());
  Write(3);
  IndexOptions options;
  options.progress = [](size_t done, size_t total) {
    if (done == total) throw std::runtime_error("stopped on purpose");
  };
  Status failed = Build(options);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("stopped on purpose"), std::string::npos) << failed.ToString();
  EXPECT_EQ(LiveBuild(), 1u);
  EXPECT_EQ(ReaderDocuments(), 3);
  EXPECT_FALSE(fs::exists(IndexLayout::BuildDir(db_, 2)));
  EXPECT_FALSE(fs::exists(Unpublished(2, /*compact=*/true)));
}

}  // namespace
}  // namespace ch
