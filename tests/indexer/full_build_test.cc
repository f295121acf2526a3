// A full build writes documents from a second thread and its spelling data in one pass: the index
// it produces is the one that indexing the same files one by one produces.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class FullBuildTest : public ::testing::Test {
 protected:
  FullBuildTest() : corpus_(dir_ / "corpus") {
    test::CopyTaxonomy(corpus_);
    taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
    // Repeated words across the weighted fields (title 5, summary 3, keywords 2 by default), a
    // stop word, digits and a word only in a keyword, over enough documents to fill the pipeline.
    for (int i = 0; i < 150; ++i) {
      std::string n = std::to_string(i);
      std::string body = "Patrol patrol officers met the community " + n + " times.\n\n";
      if (i % 3 == 0) body += "Ballistic evidence was linked in case " + n + ".\n";
      if (i % 7 == 0) body += "Wellness checks for dispatchers and patrol supervisors.\n";
      test::WriteTextFile(fs::path(corpus_) / ("doc-" + n + ".md"),
                          test::ResourceMarkdown("Patrol report " + n, "technology", body,
                                                 "keywords: [hotspot" + n + ", patrol]\n"));
    }
  }

  std::string Build(const std::string& name, IndexOptions options) {
    std::string db = dir_ / name;
    IndexReport report;
    Status built = BuildIndex(corpus_, db, *taxonomy_, options, &report);
    EXPECT_TRUE(built.ok()) << built.ToString();
    EXPECT_EQ(report.documents, 150u);
    return db;
  }

  // Incremental indexing: every document added on its own with FLAG_SPELLING.
  std::string AddOneByOne(const std::string& name) {
    std::string db = dir_ / name;
    auto writer = IndexWriter::Open(db, *taxonomy_, {});
    if (!writer.ok()) {
      ADD_FAILURE() << writer.status().ToString();
      return db;  // the comparison that follows fails on an empty index
    }
    IndexReport report;
    Status synced = (*writer)->Sync(corpus_, &report);
    EXPECT_TRUE(synced.ok()) << synced.ToString();
    EXPECT_EQ(report.added, 150u);
    return db;
  }

  static std::map<std::string, Xapian::doccount> Spellings(const std::string& db_dir) {
    Xapian::Database db(db_dir);
    std::map<std::string, Xapian::doccount> out;
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) out[*w] = w.get_termfreq();
    return out;
  }

  // Every document's id term with its terms, wdfs and positions, and its data.
  static std::map<std::string, std::string> Documents(const std::string& db_dir) {
    Xapian::Database db(db_dir);
    std::map<std::string, std::string> out;
    for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
      Xapian::Document doc = db.get_document(*db.postlist_begin(*id));
      std::string terms;
      for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        terms += *t + ":" + std::to_string(t.get_wdf()) + "@";
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
          terms += std::to_string(*p) + ",";
        }
        terms += " ";
      }
      out[*id] = terms + "|" + doc.get_data();
    }
    return out;
  }

  test::TempDir dir_;
  std::string corpus_;
  std::unique_ptr<Taxonomy> taxonomy_;
};

TEST_F(FullBuildTest, SpellingDataMatchesIndexingDocumentsOneByOne) {
  std::map<std::string, Xapian::doccount> built = Spellings(Build("built", {}));
  std::map<std::string, Xapian::doccount> added = Spellings(AddOneByOne("added"));
  ASSERT_FALSE(built.empty());
  EXPECT_EQ(built, added);
  // Frequencies count occurrences, not wdf: "patrol" is in every title (weight 5), summary
  // (weight 3, which repeats the title), keyword list (weight 2) and body (twice), and a third
  // time in the body of 22 documents: 5 x 150 + 22, not (5 + 3 + 2 + 2) x 150 + 22.
  EXPECT_EQ(built["patrol"], 5u * 150u + 22u);
  EXPECT_EQ(built["ballistic"], 50u);
  EXPECT_EQ(built.count("hotspot7"), 1u);
}

TEST_F(FullBuildTest, SecondThreadBuildsTheSameIndexAsOneThread) {
  IndexOptions one_thread;
  one_thread.second_thread = false;
  std::string single = Build("single", one_thread);
  std::string pipelined = Build("pipelined", {});
  EXPECT_EQ(Documents(single), Documents(pipelined));
  EXPECT_EQ(Spellings(single), Spellings(pipelined));
}

TEST_F(FullBuildTest, ShardsGetTheSpellingOfTheirOwnDocuments) {
  IndexOptions options;
  options.shards = 2;
  std::string db = Build("sharded", options);
  Xapian::termcount total = 0;
  for (const auto& shard : IndexLayout::ShardPaths(db, 1, 2)) {
    Xapian::Database one(shard);
    std::map<std::string, Xapian::doccount> spellings = Spellings(shard);
    // "ballistic" is written once in each document that has it.
    EXPECT_EQ(spellings["ballistic"], one.get_termfreq("ballistic")) << shard;
    EXPECT_GT(one.get_termfreq("ballistic"), 0u) << shard;
    total += spellings["ballistic"];
  }
  EXPECT_EQ(total, 50u);
  Xapian::Database all(db);  // the stub opens both shards as one
  EXPECT_EQ(all.get_doccount(), 150u);
  EXPECT_EQ(all.get_spelling_suggestion("balistic"), "ballistic");
}

TEST_F(FullBuildTest, CompactionKeepsEveryDocumentAndLeavesNoStagingFolder) {
  IndexOptions uncompacted;
  uncompacted.compact = false;
  for (size_t shards : {1u, 2u}) {
    SCOPED_TRACE(shards);
    uncompacted.shards = shards;
    IndexOptions compacted;
    compacted.shards = shards;
    std::string a = Build("plain-" + std::to_string(shards), uncompacted);
    std::string b = Build("compact-" + std::to_string(shards), compacted);
    EXPECT_EQ(Documents(b), Documents(a));
    EXPECT_EQ(Spellings(b), Spellings(a));
    Xapian::Database da(a), db(b);
    for (auto key = da.metadata_keys_begin(); key != da.metadata_keys_end(); ++key) {
      if (*key == schema::kMetaEpoch) continue;  // two builds from scratch: two epochs
      EXPECT_EQ(db.get_metadata(*key), da.get_metadata(*key)) << *key;
    }
    EXPECT_NE(db.get_metadata(schema::kMetaEpoch), da.get_metadata(schema::kMetaEpoch));
    size_t synonym_keys = 0;
    for (auto key = da.synonym_keys_begin(); key != da.synonym_keys_end(); ++key) {
      ++synonym_keys;
      EXPECT_TRUE(db.synonyms_begin(*key) != db.synonyms_end(*key)) << *key;
    }
    EXPECT_GT(synonym_keys, 0u);
    for (const auto& entry : fs::directory_iterator(b)) {
      EXPECT_NE(entry.path().filename().string().rfind(".staging", 0), 0u) << entry.path();
    }
    // A compacted build stays writable: an incremental write goes to it.
    auto writer = IndexWriter::Open(b, *taxonomy_, {});
    ASSERT_TRUE(writer.ok()) << writer.status().ToString();
    IndexReport report;
    test::WriteTextFile(fs::path(corpus_) / "late.md",
                        test::ResourceMarkdown("Late arrival", "technology", "Added later."));
    ASSERT_TRUE((*writer)->Sync(corpus_, &report).ok());
    EXPECT_EQ(report.added, 1u);
    fs::remove(fs::path(corpus_) / "late.md");
  }
}

TEST_F(FullBuildTest, NoSpellingWritesNoSpellingData) {
  IndexOptions options;
  options.spelling = false;
  EXPECT_TRUE(Spellings(Build("plain", options)).empty());
}

}  // namespace
}  // namespace ch
