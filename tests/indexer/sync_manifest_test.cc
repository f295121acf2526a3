// The start-up path of the index: an in-step sync reads no file (the manifest vouches for them),
// yet never misses a change; a stopped sync keeps what it wrote and the next one carries on; a
// stopped build leaves the live index alone; progress can be read while a run goes.
#include <fcntl.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <stop_token>
#include <thread>

#include "indexer/corpus_manifest.h"
#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto kRacyWindow = 50ms;

class SyncManifestTest : public ::testing::Test {
 protected:
  SyncManifestTest() : corpus_(dir_ / "corpus"), db_(dir_ / "db") {
    test::CopyTaxonomy(corpus_);
    taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
    for (int i = 0; i < 30; ++i) Write(i, "Ordinary text about patrol number " + Pad(i) + ".");
    options_.racy_window = kRacyWindow;
  }

  static std::string Pad(int i) { return (i < 10 ? "0" : "") + std::to_string(i); }
  std::string PathOf(int i) { return (fs::path(corpus_) / ("doc-" + Pad(i) + ".md")).string(); }
  void Write(int i, const std::string& body) {
    test::WriteTextFile(PathOf(i),
                        test::ResourceMarkdown("Document " + Pad(i), "technology", body));
  }
  // Lets every file written so far fall out of the racy window.
  void Settle() { std::this_thread::sleep_for(kRacyWindow * 2); }

  Status Sync(IndexReport* report, const RunControl& control = {}, IndexOptions options = {}) {
    options.racy_window = kRacyWindow;
    auto writer = IndexWriter::Open(db_, *taxonomy_, options);
    if (!writer.ok()) return writer.status();
    return (*writer)->Sync(corpus_, report, control);
  }

  // Every document of the index at `db`: id -> content hash.
  static std::map<std::string, std::string> Documents(const std::string& db) {
    std::map<std::string, std::string> out;
    for (const auto& [id, entry] : ReadStoredEntries(Xapian::Database(db))) {
      out[id] = entry.content_hash;
    }
    return out;
  }

  test::TempDir dir_;
  std::string corpus_, db_;
  std::unique_ptr<Taxonomy> taxonomy_;
  IndexOptions options_;
};

TEST_F(SyncManifestTest, InStepRestartReadsNoFileAndWritesNothing) {
  Settle();
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  ASSERT_EQ(first.added, 30u);
  ASSERT_TRUE(fs::exists(CorpusManifest::PathFor(db_)));
  std::string generation = Xapian::Database(db_).get_metadata(schema::kMetaGeneration);

  IndexReport again;
  ASSERT_TRUE(Sync(&again).ok());
  EXPECT_EQ(again.hashed, 0u);
  EXPECT_EQ(again.unchanged, 30u);
  EXPECT_EQ(again.added + again.changed + again.removed, 0u);
  EXPECT_EQ(Xapian::Database(db_).get_metadata(schema::kMetaGeneration), generation);
}

TEST_F(SyncManifestTest, AFullBuildLeavesAManifestTheNextSyncTrusts) {
  Settle();
  IndexReport built;
  ASSERT_TRUE(BuildIndex(corpus_, db_, *taxonomy_, options_, &built).ok());
  // One line per file, streamed as the build wrote them: every path with its id and hash.
  Result<CorpusManifest> manifest = CorpusManifest::Load(CorpusManifest::PathFor(db_));
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  ASSERT_EQ(manifest->entries().size(), 30u);
  const ManifestEntry* first = manifest->Find("doc-00.md");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->id, "doc-00");
  EXPECT_EQ(first->file_hash.size(), 64u);
  EXPECT_EQ(first->indexed_hash, first->file_hash);
  EXPECT_FALSE(fs::exists(fs::path(db_) / ".corpus-manifest.building"));
  IndexReport again;
  ASSERT_TRUE(Sync(&again).ok());
  EXPECT_EQ(again.hashed, 0u);
  EXPECT_EQ(again.unchanged, 30u);
}

TEST_F(SyncManifestTest, FileRewrittenWithTheSameSizeAndItsOldMtimeIsReindexed) {
  Settle();
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  struct stat before;
  ASSERT_EQ(::stat(PathOf(7).c_str(), &before), 0);
  Write(7, "Ordinary text about lights number 07.");  // same length as "patrol number 07."
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, PathOf(7).c_str(), times, 0), 0);
  struct stat after;
  ASSERT_EQ(::stat(PathOf(7).c_str(), &after), 0);
  ASSERT_EQ(after.st_size, before.st_size);
  ASSERT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  ASSERT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);

  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.changed, 1u);
  EXPECT_EQ(report.hashed, 1u);  // ctime gave it away; nothing else was read
}

TEST_F(SyncManifestTest, FilesChangedJustBeforeASyncAreReadAgainByTheNextOne) {
  Settle();
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  Write(3, "Ordinary text about patrol number 03, edited.");  // inside the racy window
  IndexReport second;
  ASSERT_TRUE(Sync(&second).ok());
  ASSERT_EQ(second.changed, 1u);
  ASSERT_EQ(second.hashed, 1u);

  // Its stat was taken within the window of that sync's start: a change in the same timestamp
  // tick could keep the stat, so the manifest does not vouch for it yet.
  IndexReport third;
  ASSERT_TRUE(Sync(&third).ok());
  EXPECT_EQ(third.hashed, 1u);
  EXPECT_EQ(third.changed, 0u);
  // Once a sync starts well after the change, the file is trusted again.
  Settle();
  IndexReport fourth, fifth;
  ASSERT_TRUE(Sync(&fourth).ok());
  EXPECT_LE(fourth.hashed, 1u);
  ASSERT_TRUE(Sync(&fifth).ok());
  EXPECT_EQ(fifth.hashed, 0u);
}

TEST_F(SyncManifestTest, MissingOrDamagedManifestOnlyCostsReading) {
  Settle();
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  Write(4, "Ordinary text about patrol number 04, edited.");
  fs::remove(PathOf(5));
  test::WriteTextFile(CorpusManifest::PathFor(db_), "not a manifest\n");
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.hashed, 29u);
  EXPECT_EQ(report.changed, 1u);
  EXPECT_EQ(report.removed, 1u);
  EXPECT_EQ(report.unchanged, 28u);
}

TEST_F(SyncManifestTest, ManifestFollowsAddAndRemoveThroughTheWriter) {
  Settle();
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  Write(40, "A new one about patrol.");
  {
    auto writer = IndexWriter::Open(db_, *taxonomy_, options_);
    ASSERT_TRUE(writer.ok());
    IndexReport added, removed;
    ASSERT_TRUE((*writer)->AddFiles(corpus_, {PathOf(40)}, &added).ok());
    ASSERT_TRUE((*writer)->RemoveIds({"doc-02"}, &removed).ok());
  }  // saves the manifest, stamped with the last commit
  fs::remove(PathOf(2));
  Settle();
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.added + report.changed + report.removed, 0u);
  EXPECT_EQ(report.hashed, 1u);  // only the added file, hashed after that manifest's time
  EXPECT_EQ(report.documents, 30u);
}

TEST_F(SyncManifestTest, StoppedSyncKeepsItsWorkAndTheNextOneEndsLikeACleanBuild) {
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  ASSERT_EQ(first.documents, 30u);
  for (int i = 0; i < 10; ++i) Write(i, "Rewritten text about lighting number " + Pad(i) + ".");
  for (int i = 30; i < 45; ++i) Write(i, "New text about vacant lots number " + Pad(i) + ".");
  fs::remove(PathOf(20));
  fs::remove(PathOf(21));

  std::stop_source stop;
  IndexOptions stopping;
  stopping.progress = [&](size_t done, size_t) {
    if (done == 12) stop.request_stop();
  };
  IndexReport stopped;
  Status s = Sync(&stopped, {stop.get_token(), nullptr}, stopping);
  ASSERT_EQ(s.code(), Status::Code::kCancelled) << s.ToString();
  EXPECT_EQ(stopped.added + stopped.changed, 12u);
  EXPECT_EQ(stopped.removed, 0u);
  EXPECT_EQ(Documents(db_).size(), 30u + (stopped.added));

  IndexReport resumed;
  ASSERT_TRUE(Sync(&resumed).ok());
  EXPECT_EQ(resumed.added + resumed.changed, 25u - 12u);
  EXPECT_EQ(resumed.removed, 2u);
  IndexReport clean;
  ASSERT_TRUE(BuildIndex(corpus_, dir_ / "clean", *taxonomy_, {}, &clean).ok());
  EXPECT_EQ(Documents(db_), Documents(dir_ / "clean"));
  EXPECT_EQ(Documents(db_).size(), 43u);
}

// The sync keeps only the ids and references of the changed files while it checks them, and
// reads each file again to write it: a file rewritten in between must not be written from the
// first read (nor with the new text under the old checks); the next sync takes it.
TEST_F(SyncManifestTest, FileRewrittenDuringTheSyncIsLeftForTheNextSync) {
  IndexReport first;
  ASSERT_TRUE(Sync(&first).ok());
  const std::map<std::string, std::string> before = Documents(db_);
  for (int i = 0; i < 30; ++i) Write(i, "Second version about lighting number " + Pad(i) + ".");
  IndexOptions rewriting;
  rewriting.progress = [&](size_t done, size_t) {
    if (done == 1) Write(29, "Third version, written while the sync ran.");
  };
  IndexReport during;
  Status s = Sync(&during, {}, rewriting);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(during.changed, 29u);
  ASSERT_EQ(during.warnings, 1u);
  EXPECT_NE(during.diagnostics.back().message.find("changed while the corpus was synced"),
            std::string::npos)
      << during.diagnostics.back().ToString();
  const std::string id29 = "doc-29";
  ASSERT_TRUE(before.count(id29)) << "fixture ids changed";
  EXPECT_EQ(Documents(db_).at(id29), before.at(id29)) << "the file's first version stays";

  Settle();
  IndexReport next;
  ASSERT_TRUE(Sync(&next).ok());
  EXPECT_EQ(next.changed, 1u);
  IndexReport clean;
  ASSERT_TRUE(BuildIndex(corpus_, dir_ / "clean", *taxonomy_, {}, &clean).ok());
  EXPECT_EQ(Documents(db_), Documents(dir_ / "clean"));
}

TEST_F(SyncManifestTest, StoppedBuildLeavesTheLiveIndexAsItWas) {
  IndexReport built;
  ASSERT_TRUE(BuildIndex(corpus_, db_, *taxonomy_, options_, &built).ok());
  std::string stub = test::ReadTextFile(fs::path(db_) / "XAPIANDB");
  std::map<std::string, std::string> before = Documents(db_);
  std::string manifest = test::ReadTextFile(CorpusManifest::PathFor(db_));
  Write(50, "Text that must not appear.");

  std::stop_source stop;
  IndexOptions stopping = options_;
  stopping.progress = [&](size_t done, size_t) {
    if (done == 5) stop.request_stop();
  };
  IndexReport report;
  Status s = BuildIndex(corpus_, db_, *taxonomy_, stopping, &report, {stop.get_token(), nullptr});
  ASSERT_EQ(s.code(), Status::Code::kCancelled) << s.ToString();
  EXPECT_EQ(test::ReadTextFile(fs::path(db_) / "XAPIANDB"), stub);
  EXPECT_EQ(Documents(db_), before);
  EXPECT_EQ(test::ReadTextFile(CorpusManifest::PathFor(db_)), manifest);
  EXPECT_FALSE(fs::exists(fs::path(db_) / "build-000002"));
  EXPECT_FALSE(fs::exists(fs::path(db_) / ".staging-build-000002"));
  EXPECT_FALSE(fs::exists(fs::path(db_) / ".corpus-manifest.building"));
}

TEST_F(SyncManifestTest, ProgressIsReadableWhileTheSyncRuns) {
  IndexProgress progress;
  std::vector<IndexProgress::Snapshot> seen;
  IndexOptions watching;
  watching.progress = [&](size_t, size_t) { seen.push_back(progress.Read()); };
  IndexReport report;
  ASSERT_TRUE(Sync(&report, {std::stop_token(), &progress}, watching).ok());
  ASSERT_EQ(seen.size(), 30u);
  EXPECT_EQ(seen.front().phase, IndexPhase::kIndexing);
  EXPECT_EQ(seen.front().total, 30u);
  EXPECT_EQ(seen.back().done, 30u);
  EXPECT_EQ(progress.Read().phase, IndexPhase::kDone);
}

}  // namespace
}  // namespace ch
