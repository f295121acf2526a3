// The catalog service without HTTP: the changes feed pages at generation boundaries.
#include "server/services/catalog_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "indexer/index_layout.h"
#include "indexer/index_writer.h"
#include "indexer/schema.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

TEST(ChangesFeedTest, LongAnswersStopAtAGenerationBoundaryAndContinue) {
  test::TempDir dir;
  std::string corpus = dir / "corpus", db = dir / "db";
  test::CopyTaxonomy(corpus);
  auto write = [&](const std::string& name) {
    test::WriteTextFile(fs::path(corpus) / (name + ".md"),
                        test::ResourceMarkdown(name, "technology", "Text about " + name + "."));
  };
  for (int i = 0; i < 8; ++i) write("first-" + std::to_string(i));
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus, db, taxonomy, {}, &report).ok());  // generation 1: 8 documents
  auto sync = [&] {
    auto writer = IndexWriter::Open(db, taxonomy, {});
    IndexReport r;
    ASSERT_TRUE((*writer)->Sync(corpus, &r).ok());
  };
  write("second-0");
  write("second-1");
  sync();  // generation 2
  write("third-0");
  fs::remove(fs::path(corpus) / "first-0.md");
  sync();  // generation 3

  IndexReader reader(IndexReaderOptions{db});
  CatalogServiceOptions options;
  options.max_changes = 3;
  CatalogService catalog(reader, taxonomy, options);

  Result<ChangeSet> first = catalog.Changes(0);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_TRUE(first->more);
  EXPECT_EQ(first->generation, 1u);
  // Generation 1 is never split: all its resources still present (first-0 was removed later).
  EXPECT_EQ(first->added.size(), 7u);
  EXPECT_TRUE(first->removed.empty());

  Result<ChangeSet> rest = catalog.Changes(first->generation);
  ASSERT_TRUE(rest.ok());
  EXPECT_FALSE(rest->more);
  EXPECT_EQ(rest->generation, 3u);
  EXPECT_EQ(rest->added, (std::vector<std::string>{"second-0", "second-1", "third-0"}));
  EXPECT_EQ(rest->removed, (std::vector<std::string>{"first-0"}));
}

// An index built by an older indexer still serves, but readiness says it should be rebuilt.
TEST(IndexStatusTest, AnIndexOfAnotherSchemaVersionServesAndAsksForARebuild) {
  test::TempDir dir;
  std::string corpus = dir / "corpus", db = dir / "db";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(fs::path(corpus) / "one.md",
                      test::ResourceMarkdown("One", "technology", "Text about one."));
  Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus, db, taxonomy, {}, &report).ok());
  {
    IndexReader reader(IndexReaderOptions{db});
    CatalogService catalog(reader, taxonomy, {});
    IndexStatus current = catalog.CheckIndex();
    EXPECT_EQ(current.schema_version, schema::kSchemaVersion);
    EXPECT_TRUE(current.schema_current);
    EXPECT_EQ(current.message, "index open and searchable");
  }
  {
    Xapian::WritableDatabase old(IndexLayout::Read(db)->shard_paths()[0], Xapian::DB_OPEN);
    old.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion - 1));
    old.commit();
  }
  IndexReader reader(IndexReaderOptions{db});
  CatalogService catalog(reader, taxonomy, {});
  IndexStatus stale = catalog.CheckIndex();
  EXPECT_TRUE(stale.ready);
  EXPECT_EQ(stale.documents, 1u);
  EXPECT_EQ(stale.schema_version, schema::kSchemaVersion - 1);
  EXPECT_FALSE(stale.schema_current);
  EXPECT_NE(stale.message.find("rebuilt"), std::string::npos) << stale.message;
}

}  // namespace
}  // namespace ch
