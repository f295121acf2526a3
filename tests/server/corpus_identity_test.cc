// The index knows its corpus (issue 14, finding 6): a server started with --db X next to the
// wrong corpus folder used to rewrite X into that corpus ("128 added, 3204 removed"). Now the
// server and the CLI's sync refuse, naming both corpora, and change nothing; a corpus with a
// corpus-id can move; --adopt-corpus takes another corpus on purpose.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "indexer/corpus_identity.h"
#include "indexer/index_layout.h"
#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

class CorpusIdentityTest : public ::testing::Test {
 protected:
  CorpusIdentityTest() : library_(dir_ / "library"), other_(dir_ / "other"), db_(dir_ / "db") {
    test::CopyLibrary(library_);
    // Sample data: another, smaller library.
    test::CopyTaxonomy(other_);
    test::WriteTextFile(fs::path(other_) / "resources/sample-other-guide.md",
                        test::ResourceMarkdown("Sample other guide", "technology", "Other."));
  }
  static int Cli(const std::string& args, std::string* out) {
    return test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " " + args, out);
  }
  void Build(const std::string& corpus) {
    std::string out;
    ASSERT_EQ(Cli("build " + corpus + " --db " + db_, &out), 0) << out;
  }
  // Starts a curator server on db_ with `corpus`; returns "" or the start-up error.
  std::string Start(const std::string& corpus, bool adopt = false) {
    test::ServerHarness::Options options;
    options.corpus = corpus;
    options.serve_db_dir = db_;
    options.curator = true;
    options.adopt_corpus = adopt;
    try {
      server_ = std::make_unique<test::ServerHarness>(options);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
  size_t Documents() {
    Result<IndexLayout> layout = IndexLayout::Read(db_);
    EXPECT_TRUE(layout.ok());
    return layout.ok() ? Xapian::Database(layout->shard_paths()[0]).get_doccount() : 0;
  }

  test::TempDir dir_;
  std::string library_, other_, db_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(CorpusIdentityTest, TheServerRefusesAnotherCorpusAndChangesNothing) {
  Build(library_);
  const size_t documents = Documents();
  ASSERT_EQ(documents, test::LibraryResourceCount());
  std::string error = Start(other_);
  EXPECT_NE(error.find("was built from the corpus folder " + fs::canonical(library_).string()),
            std::string::npos)
      << error;
  EXPECT_NE(error.find(fs::canonical(other_).string()), std::string::npos) << error;
  EXPECT_NE(error.find("--adopt-corpus"), std::string::npos) << error;
  EXPECT_EQ(Documents(), documents) << "the index was rewritten into the other corpus";
  // Its own corpus still starts.
  EXPECT_EQ(Start(library_), "");
}

TEST_F(CorpusIdentityTest, TheCliSyncRefusesAnotherCorpusAndAdoptsOnRequest) {
  Build(library_);
  std::string out;
  EXPECT_EQ(Cli("sync " + other_ + " --db " + db_, &out), 2) << out;
  EXPECT_NE(out.find("not from the corpus folder " + fs::canonical(other_).string()),
            std::string::npos)
      << out;
  EXPECT_EQ(Documents(), test::LibraryResourceCount());
  EXPECT_EQ(
      Cli("add " + other_ + "/resources/sample-other-guide.md --corpus " + other_ + " --db " + db_,
          &out),
      2)
      << out;
  EXPECT_EQ(Documents(), test::LibraryResourceCount());

  EXPECT_EQ(Cli("sync " + other_ + " --db " + db_ + " --adopt-corpus", &out), 0) << out;
  EXPECT_EQ(Documents(), 1u);
  EXPECT_EQ(Cli("sync " + other_ + " --db " + db_, &out), 0) << "adopted for good: " << out;
  EXPECT_NE(Start(library_), "") << "the old corpus is now the other one";
}

TEST_F(CorpusIdentityTest, ACorpusWithAnIdMovesFreelyAndNamesItsId) {
  test::WriteTextFile(fs::path(library_) / "corpus-id", "# sample corpus id\n5a3c0e0e-sample-01\n");
  Build(library_);
  const std::string moved = dir_ / "moved-library";
  fs::rename(library_, moved);
  EXPECT_EQ(Start(moved), "");
  server_.reset();
  std::string error = Start(other_);
  EXPECT_NE(error.find("corpus '5a3c0e0e-sample-01'"), std::string::npos) << error;
  EXPECT_EQ(Documents(), test::LibraryResourceCount());
}

TEST_F(CorpusIdentityTest, TheServerAdoptsAnotherCorpusOnlyWhenAsked) {
  Build(library_);
  EXPECT_EQ(Start(other_, /*adopt=*/true), "");
  EXPECT_EQ(Documents(), 1u);
}

TEST_F(CorpusIdentityTest, AnIndexThatRecordsNoCorpusIsNotTakenOver) {
  Build(library_);
  {
    Result<IndexLayout> layout = IndexLayout::Read(db_);
    ASSERT_TRUE(layout.ok());
    Xapian::WritableDatabase db(layout->shard_paths()[0], Xapian::DB_OPEN);
    db.set_metadata(schema::kMetaCorpusId, "");  // as built before identities existed
    db.commit();
  }
  std::string error = Start(other_);
  EXPECT_NE(error.find("does not record which corpus"), std::string::npos) << error;
  EXPECT_EQ(Documents(), test::LibraryResourceCount());
  EXPECT_EQ(Start(library_, /*adopt=*/true), "");
}

TEST_F(CorpusIdentityTest, AMalformedCorpusIdIsNamed) {
  test::WriteTextFile(fs::path(other_) / "corpus-id", "Not An Id\n");
  Result<CorpusIdentity> identity = ReadCorpusIdentity(other_);
  ASSERT_FALSE(identity.ok());
  EXPECT_NE(identity.status().message().find("'Not An Id' is not a corpus id"), std::string::npos)
      << identity.status().message();
}

}  // namespace
}  // namespace ch
