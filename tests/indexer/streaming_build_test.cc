// The streamed build (index_build.cc): the index it writes does not depend on its batch size, and
// the checks across files it makes as it streams (duplicate ids, `related` and `translations` ids)
// report exactly what validating the whole corpus at once reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>

#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Every document by id term: its docid, terms with wdf and positions, values and data; and the
// spelling, synonym and metadata tables.
std::map<std::string, std::string> Contents(const std::string& db_dir) {
  Xapian::Database db(db_dir);
  std::map<std::string, std::string> out;
  for (auto id = db.allterms_begin("Q"); id != db.allterms_end("Q"); ++id) {
    const Xapian::docid docid = *db.postlist_begin(*id);
    Xapian::Document doc = db.get_document(docid);
    std::string text = "#" + std::to_string(docid) + " ";
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      text += *t + ":" + std::to_string(t.get_wdf()) + "@";
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        text += std::to_string(*p) + ",";
      }
      text += " ";
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      text += "[" + std::to_string(v.get_valueno()) + "=" + *v + "]";
    }
    out["doc " + *id] = text + "|" + doc.get_data();
  }
  for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
    out["spelling " + *w] = std::to_string(w.get_termfreq());
  }
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
    for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) {
      out["synonym " + *k] += *s + ";";
    }
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out["metadata " + *k] = db.get_metadata(*k);
  }
  return out;
}

class StreamingBuildTest : public ::testing::Test {
 protected:
  StreamingBuildTest() : corpus_(dir_ / "corpus") {
    test::CopyLibrary(corpus_);
    taxonomy_ = std::make_unique<Taxonomy>(Taxonomy::Load(corpus_ + "/taxonomy.yaml").value());
  }

  Status Build(const std::string& db, size_t batch_size, IndexReport* report, bool compact = true) {
    IndexOptions options;
    options.batch_size = batch_size;
    options.compact = compact;
    return BuildIndex(corpus_, db, *taxonomy_, options, report);
  }

  test::TempDir dir_;
  std::string corpus_;
  std::unique_ptr<Taxonomy> taxonomy_;
};

TEST_F(StreamingBuildTest, TinyBatchesWriteTheSameIndexAsTheDefault) {
  IndexReport tiny_report, default_report;
  ASSERT_TRUE(Build(dir_ / "tiny", 2, &tiny_report).ok());
  ASSERT_TRUE(Build(dir_ / "default", IndexOptions{}.batch_size, &default_report).ok());
  EXPECT_EQ(tiny_report.documents, test::LibraryResourceCount());
  EXPECT_EQ(tiny_report.added, default_report.added);
  auto tiny = Contents(dir_ / "tiny");
  auto standard = Contents(dir_ / "default");
  // Each build into a new folder starts a history of its own: a new random epoch.
  ASSERT_EQ(tiny.count("metadata ch:epoch"), 1u);
  ASSERT_EQ(standard.count("metadata ch:epoch"), 1u);
  EXPECT_NE(tiny["metadata ch:epoch"], standard["metadata ch:epoch"]);
  tiny.erase("metadata ch:epoch");
  standard.erase("metadata ch:epoch");
  EXPECT_EQ(tiny, standard);
  EXPECT_EQ(tiny.count("doc Q" + test::LibraryResourceIds().front()), 1u);
  // Compacted, a build is written in parts (fresh databases, here of two documents each) that
  // the compaction merges; without compaction, into one database committed every batch.
  IndexReport single_report;
  ASSERT_TRUE(Build(dir_ / "single", 2, &single_report, /*compact=*/false).ok());
  auto single = Contents(dir_ / "single");
  single.erase("metadata ch:epoch");
  EXPECT_EQ(single, standard);
}

TEST_F(StreamingBuildTest, CrossFileChecksReportWhatValidatingTheWholeCorpusReports) {
  const fs::path resources = fs::path(corpus_) / "resources";
  const std::string first_id = test::LibraryResourceIds().front();
  // A duplicate id far (in path order) from the file it repeats, a related id that no file has,
  // one that a later file has (fine), and a resource related to itself.
  test::WriteTextFile(resources / "zz-duplicate.md",
                      test::ResourceMarkdown("Duplicate sample", "technology", "Sample data.",
                                             "id: " + first_id + "\n"));
  test::WriteTextFile(
      resources / "aa-related.md",
      test::ResourceMarkdown("Related sample", "technology", "Sample data.",
                             "related: [no-such-resource, zz-later, aa-related]\n"));
  test::WriteTextFile(resources / "zz-later.md",
                      test::ResourceMarkdown("Later sample", "technology", "Sample data."));
  // Translations: a later file in the same language, a missing one and itself (errors); an
  // earlier file in another language (fine).
  test::WriteTextFile(resources / "ab-translated.md",
                      test::ResourceMarkdown("Translated sample", "technology", "Sample data.",
                                             "translations: [zz-later, no-such-translation, "
                                             "ab-translated, aa-spanish]\n"));
  test::WriteTextFile(resources / "aa-spanish.md",
                      test::ResourceMarkdown("Muestra", "technology", "Datos de muestra.",
                                             "language: es\ntranslations: [ab-translated]\n"));
  Result<CorpusCheck> whole = ValidateCorpus(corpus_, *taxonomy_);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->error_count, 5u)
      << "the duplicate, the missing related id and three translations";

  IndexReport report;
  Status built = Build(dir_ / "index", 2, &report);
  EXPECT_EQ(built.code(), Status::Code::kInvalidArgument) << built.ToString();
  EXPECT_EQ(report.errors, whole->error_count);
  EXPECT_EQ(report.warnings, whole->warning_count);
  ASSERT_EQ(report.diagnostics.size(), whole->diagnostics.size());
  for (size_t i = 0; i < report.diagnostics.size(); ++i) {
    EXPECT_EQ(report.diagnostics[i].ToString(), whole->diagnostics[i].ToString());
  }
  EXPECT_EQ(report.documents, 0u);
  EXPECT_FALSE(IndexLayout::Read(dir_ / "index").value().exists()) << "nothing was published";
}

TEST_F(StreamingBuildTest, EveryProblemOfTheInvalidCorpusIsReportedAsValidateReportsIt) {
  const std::string invalid = test::SourcePath("tests/testdata/invalid-corpus");
  Result<CorpusCheck> whole = ValidateCorpus(invalid, *taxonomy_);
  ASSERT_TRUE(whole.ok());
  ASSERT_GT(whole->error_count, 10u);
  IndexReport report;
  IndexOptions options;
  options.batch_size = 2;
  Status built = BuildIndex(invalid, dir_ / "index", *taxonomy_, options, &report);
  EXPECT_EQ(built.code(), Status::Code::kInvalidArgument) << built.ToString();
  EXPECT_EQ(report.errors, whole->error_count);
  ASSERT_EQ(report.diagnostics.size(), whole->diagnostics.size());
  for (size_t i = 0; i < report.diagnostics.size(); ++i) {
    EXPECT_EQ(report.diagnostics[i].ToString(), whole->diagnostics[i].ToString());
  }
  EXPECT_FALSE(fs::exists(dir_ / "index/.corpus-manifest.building"));
}

}  // namespace
}  // namespace ch
