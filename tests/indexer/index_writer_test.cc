// Building, switching, syncing and locking: a bad file or a failed build never damages a good
// index, and sync re-indexes exactly what changed.
#include "indexer/index_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include "indexer/index_layout.h"
#include "indexer/schema.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class IndexWriterTest : public ::testing::Test {
 protected:
  IndexWriterTest() : corpus_(dir_ / "corpus"), db_(dir_ / "db") {
    test::CopyTaxonomy(corpus_);
    taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
    for (int i = 0; i < 12; ++i) {
      Write("doc-" + std::to_string(i) + ".md", "Document " + std::to_string(i),
            "Ordinary text about patrol number " + std::to_string(i) + ".");
    }
  }

  void Write(const std::string& name, const std::string& title, const std::string& body) {
    test::WriteTextFile(fs::path(corpus_) / name,
                        test::ResourceMarkdown(title, "technology", body));
  }

  Status Build(IndexOptions options = {}) {
    IndexReport report;
    return BuildIndex(corpus_, db_, *taxonomy_, options, &report);
  }

  Status Sync(IndexReport* report) {
    auto writer = IndexWriter::Open(db_, *taxonomy_, {});
    if (!writer.ok()) return writer.status();
    return (*writer)->Sync(corpus_, report);
  }

  std::vector<std::string> Ids(const std::string& query_term = "") {
    Xapian::Database database(db_);
    Xapian::Enquire enquire(database);
    enquire.set_query(query_term.empty() ? Xapian::Query::MatchAll : Xapian::Query(query_term));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<std::string> out;
    Xapian::MSet mset = enquire.get_mset(0, 1000);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out.push_back(schema::DecodeResource(it.get_document().get_data())->id);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::string Stub() { return test::ReadTextFile(fs::path(db_) / "XAPIANDB"); }

  test::TempDir dir_;
  std::string corpus_, db_;
  std::unique_ptr<Taxonomy> taxonomy_;
};

TEST_F(IndexWriterTest, BuildingTwiceGivesTheSameDocumentsInANewBuild) {
  ASSERT_TRUE(Build().ok());
  std::vector<std::string> first = Ids();
  std::string first_stub = Stub();
  ASSERT_TRUE(Build().ok());
  EXPECT_EQ(Ids(), first);
  EXPECT_EQ(first.size(), 12u);
  EXPECT_NE(Stub(), first_stub);
  EXPECT_NE(Stub().find("build-000002"), std::string::npos);
}

TEST_F(IndexWriterTest, BuildThatFailsMidwayLeavesTheLiveIndexServing) {
  ASSERT_TRUE(Build().ok());
  std::vector<std::string> before = Ids("patrol");
  std::string stub = Stub();
  Write("doc-new.md", "A new document", "Patrol again.");
  IndexOptions options;
  options.progress = [](size_t done, size_t) {
    if (done == 5) throw std::runtime_error("disk unplugged");
  };
  Status s = Build(options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("disk unplugged"), std::string::npos);
  EXPECT_EQ(Stub(), stub);
  EXPECT_EQ(Ids("patrol"), before);
  EXPECT_FALSE(fs::exists(fs::path(db_) / "build-000002"));
}

TEST_F(IndexWriterTest, InvalidFileBlocksTheBuildAndKeepsTheLiveIndex) {
  ASSERT_TRUE(Build().ok());
  std::vector<std::string> before = Ids();
  test::WriteTextFile(fs::path(corpus_) / "broken.md", "no front matter\n");
  IndexReport report;
  Status s = BuildIndex(corpus_, db_, *taxonomy_, {}, &report);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(report.errors, 1u);
  EXPECT_EQ(Ids(), before);
  EXPECT_EQ(report.build, 1u);
}

TEST_F(IndexWriterTest, SyncReindexesOnlyWhatWasAddedChangedOrDeleted) {
  ASSERT_TRUE(Build().ok());
  Write("doc-3.md", "Document 3 edited", "Now about lighting and vacant lots.");
  Write("doc-new.md", "Brand new", "Fresh content about lighting.");
  fs::remove(fs::path(corpus_) / "doc-7.md");
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.added, 1u);
  EXPECT_EQ(report.changed, 1u);
  EXPECT_EQ(report.removed, 1u);
  EXPECT_EQ(report.unchanged, 10u);
  EXPECT_EQ(report.documents, 12u);
  EXPECT_EQ(Ids("lighting"), (std::vector<std::string>{"doc-3", "doc-new"}));
  std::vector<std::string> all = Ids();
  EXPECT_EQ(std::count(all.begin(), all.end(), "doc-7"), 0);

  IndexReport again;
  ASSERT_TRUE(Sync(&again).ok());
  EXPECT_EQ(again.added + again.changed + again.removed, 0u);
  EXPECT_EQ(again.unchanged, 12u);
}

TEST_F(IndexWriterTest, SyncKeepsThePreviousVersionOfAFileThatBecameInvalid) {
  ASSERT_TRUE(Build().ok());
  test::WriteTextFile(fs::path(corpus_) / "doc-2.md",
                      "---\ntitle: Broken now\nsummary: S\ntype: guide\nfocus_areas: [nowhere]\n"
                      "---\nlighting\n");
  IndexReport report;
  Status s = Sync(&report);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(report.errors, 1u);
  EXPECT_EQ(report.removed, 0u);
  std::vector<std::string> all = Ids();
  EXPECT_EQ(std::count(all.begin(), all.end(), "doc-2"), 1);
  EXPECT_TRUE(Ids("lighting").empty());
}

TEST_F(IndexWriterTest, SyncCreatesTheIndexWhenThereIsNone) {
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.added, 12u);
  EXPECT_EQ(Ids().size(), 12u);
}

TEST_F(IndexWriterTest, ChangedTaxonomyReindexesEverything) {
  ASSERT_TRUE(Build().ok());
  std::string text = test::ReadTextFile(fs::path(corpus_) / "taxonomy.yaml");
  test::WriteTextFile(fs::path(corpus_) / "taxonomy.yaml", text + "\n# edited\n");
  taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.changed, 12u);
}

// An index written by an older indexer lacks terms this version searches: a sync re-indexes every
// file, not only the changed ones, and records the current version.
TEST_F(IndexWriterTest, IndexOfAnotherSchemaVersionIsReindexedBySync) {
  ASSERT_TRUE(Build().ok());
  const std::string shard = IndexLayout::Read(db_)->shard_paths()[0];
  {
    Xapian::WritableDatabase old(shard, Xapian::DB_OPEN);
    old.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion - 1));
    old.commit();
  }
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.changed, 12u);
  EXPECT_EQ(report.unchanged, 0u);
  EXPECT_EQ(Xapian::Database(shard).get_metadata(schema::kMetaSchemaVersion),
            std::to_string(schema::kSchemaVersion));
  IndexReport again;
  ASSERT_TRUE(Sync(&again).ok());
  EXPECT_EQ(again.changed, 0u);
  EXPECT_EQ(again.unchanged, 12u);
}

TEST_F(IndexWriterTest, SecondWriterIsRefusedWithTheHolderNamed) {
  IndexOptions options;
  options.holder = "clearinghouse-server on port 8080";
  auto first = IndexWriter::Open(db_, *taxonomy_, options);
  ASSERT_TRUE(first.ok());
  auto second = IndexWriter::Open(db_, *taxonomy_, {});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kUnavailable);
  EXPECT_NE(second.status().message().find("clearinghouse-server on port 8080"), std::string::npos);
  IndexReport report;
  EXPECT_EQ(BuildIndex(corpus_, db_, *taxonomy_, {}, &report).code(), Status::Code::kUnavailable);
}

TEST_F(IndexWriterTest, ShardedBuildSearchesAsOneAndSyncRoutesToTheRightShard) {
  IndexOptions options;
  options.shards = 3;
  ASSERT_TRUE(Build(options).ok());
  std::string stub = Stub();
  EXPECT_EQ(std::count(stub.begin(), stub.end(), '\n'), 4);  // comment + 3 shards
  EXPECT_EQ(Ids().size(), 12u);
  Write("doc-5.md", "Document 5 edited", "Now about lighting.");
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(report.changed, 1u);
  EXPECT_EQ(Ids().size(), 12u);
  EXPECT_EQ(Ids("lighting"), (std::vector<std::string>{"doc-5"}));
}

TEST_F(IndexWriterTest, PutAndRemoveChangeTheIndexAfterCommit) {
  ASSERT_TRUE(Build().ok());
  auto writer = IndexWriter::Open(db_, *taxonomy_, {});
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ((*writer)->Remove("doc-1").code(), Status::Code::kOk);
  EXPECT_EQ((*writer)->Remove("doc-1").code(), Status::Code::kNotFound);
  ASSERT_TRUE((*writer)->Commit().ok());
  EXPECT_EQ(Ids().size(), 11u);
}

TEST_F(IndexWriterTest, ChangeGenerationsSurviveRebuildsAndRecordRemovals) {
  ASSERT_TRUE(Build().ok());
  auto generation_of = [&](const std::string& id) {
    Xapian::Database database(db_);
    auto entries = ReadStoredEntries(database);
    return std::make_pair(entries.at(id).created_generation, entries.at(id).changed_generation);
  };
  EXPECT_EQ(generation_of("doc-1"), std::make_pair(uint64_t{1}, uint64_t{1}));
  Write("doc-1.md", "Document 1 edited", "New words.");
  fs::remove(fs::path(corpus_) / "doc-2.md");
  IndexReport report;
  ASSERT_TRUE(Sync(&report).ok());
  EXPECT_EQ(generation_of("doc-1"), std::make_pair(uint64_t{1}, uint64_t{2}));
  EXPECT_EQ(generation_of("doc-3"), std::make_pair(uint64_t{1}, uint64_t{1}));
  ASSERT_TRUE(Build().ok());  // a rebuild keeps the generations of unchanged documents
  EXPECT_EQ(generation_of("doc-3"), std::make_pair(uint64_t{1}, uint64_t{1}));
  Xapian::Database database(db_);
  EXPECT_EQ(schema::ParseGeneration(database.get_metadata(schema::kMetaGeneration)), 3u);
  EXPECT_EQ(schema::ParseGeneration(
                database.get_metadata(std::string(schema::kMetaRemovedPrefix) + "doc-2")),
            2u);
}

// Regression: the writers once listed DocumentBuilderOptions by position, so turning joined
// compounds off turned the word pairs off instead and left the compounds on.
TEST_F(IndexWriterTest, JoinedCompoundsOffLeavesWordPairsOnInBuildsAndSyncs) {
  Write("doc-c.md", "Street outreach", "A re-entry program.");
  IndexOptions options;
  options.joined_compounds = false;
  auto terms_of_c = [&]() {
    Xapian::Database database(db_);
    Xapian::PostingIterator p = database.postlist_begin(schema::IdTerm("doc-c"));
    std::set<std::string> terms;
    if (p == database.postlist_end(schema::IdTerm("doc-c"))) return terms;
    for (auto t = database.termlist_begin(*p); t != database.termlist_end(*p); ++t) {
      terms.insert(*t);
    }
    return terms;
  };
  ASSERT_TRUE(Build(options).ok());
  std::set<std::string> built = terms_of_c();
  EXPECT_TRUE(built.count("XPoutreach_street")) << "the build dropped the word pairs";
  EXPECT_FALSE(built.count("reentry")) << "the build joined a compound";
  Write("doc-c.md", "Street outreach", "A re-entry program, again.");
  auto writer = IndexWriter::Open(db_, *taxonomy_, options);
  ASSERT_TRUE(writer.ok());
  IndexReport report;
  ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
  writer->reset();
  std::set<std::string> synced = terms_of_c();
  EXPECT_TRUE(synced.count("XPoutreach_street")) << "the sync dropped the word pairs";
  EXPECT_FALSE(synced.count("reentry")) << "the sync joined a compound";
}

TEST(IndexLayoutTest, ShardAssignmentIsStable) {
  EXPECT_EQ(IndexLayout::ShardFor("anything", 1), 0u);
  EXPECT_EQ(IndexLayout::ShardFor("nibin-guide", 4), IndexLayout::ShardFor("nibin-guide", 4));
  EXPECT_LT(IndexLayout::ShardFor("nibin-guide", 4), 4u);
}

}  // namespace
}  // namespace ch
