// The clearinghouse-index command as a curator runs it.
#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace ch {
namespace {

std::string Cli() { return test::BinaryPath("bin/clearinghouse-index"); }

TEST(CliTest, ValidateOfAValidCorpusExitsZero) {
  std::string out;
  EXPECT_EQ(test::RunCommand(Cli() + " validate " + test::LibraryPath(), &out), 0) << out;
  EXPECT_NE(out.find("0 error(s)"), std::string::npos) << out;
}

TEST(CliTest, ValidateReportsEveryBrokenTestFileWithItsLineAndExitsOne) {
  std::string out;
  int status =
      test::RunCommand(Cli() + " validate " + test::SourcePath("tests/testdata/invalid-corpus") +
                           " --taxonomy " + test::LibraryPath("taxonomy.yaml"),
                       &out);
  EXPECT_EQ(status, 1);
  for (const char* expected :
       {"missing-front-matter.md:1:1: error: front_matter:", "bad-date.md:6:12: error: published:",
        "unknown-type.md:4:7: error: type: unknown value 'brochure' (allowed: guide,",
        "duplicate-id-b.md:6:5: error: id:", "related-missing.md:8:5: error: related:",
        "invalid-utf8.md:8:", "empty-body.md:7:1: error: body:",
        "unterminated-front-matter.md:1:1:", "yaml-syntax-error.md:6:", "unknown-focus-area.md:5:",
        "unknown-topic.md:8:", "unknown-audience.md:6:", "bad-url-scheme.md:6:",
        "missing-required-fields.md:1:1: error: summary:"}) {
    EXPECT_NE(out.find(expected), std::string::npos) << "missing: " << expected << "\n" << out;
  }
}

TEST(CliTest, BuildAddRemoveAndSyncEndWithAOneLineSummary) {
  test::TempDir dir;
  std::string corpus = dir / "corpus", db = dir / "db";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(dir.path() / "corpus/a.md",
                      test::ResourceMarkdown("A", "technology", "Alpha."));
  std::string out;
  ASSERT_EQ(test::RunCommand(Cli() + " build " + corpus + " --db " + db, &out), 0) << out;
  EXPECT_NE(out.find("build: 1 documents"), std::string::npos) << out;

  test::WriteTextFile(dir.path() / "corpus/b.md",
                      test::ResourceMarkdown("B", "technology", "Beta."));
  ASSERT_EQ(
      test::RunCommand(Cli() + " add " + corpus + "/b.md --corpus " + corpus + " --db " + db, &out),
      0)
      << out;
  EXPECT_NE(out.find("add: 2 documents"), std::string::npos) << out;

  ASSERT_EQ(test::RunCommand(Cli() + " remove a --corpus " + corpus + " --db " + db, &out), 0)
      << out;
  EXPECT_NE(out.find("remove: 1 documents"), std::string::npos) << out;
  EXPECT_EQ(test::RunCommand(Cli() + " remove nope --corpus " + corpus + " --db " + db, &out), 1);
  EXPECT_NE(out.find("no resource with id 'nope'"), std::string::npos) << out;

  ASSERT_EQ(test::RunCommand(Cli() + " sync " + corpus + " --db " + db, &out), 0) << out;
  EXPECT_NE(out.find("sync: 2 documents"), std::string::npos) << out;
  EXPECT_NE(out.find("1 added"), std::string::npos) << out;
}

TEST(CliTest, AddRefusesFilesOutsideTheCorpus) {
  test::TempDir dir;
  std::string corpus = dir / "corpus";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(dir.path() / "elsewhere.md", test::ResourceMarkdown("E", "technology", "E."));
  std::string out;
  EXPECT_EQ(test::RunCommand(Cli() + " add " + (dir / "elsewhere.md") + " --corpus " + corpus +
                                 " --db " + (dir / "db"),
                             &out),
            1);
  EXPECT_NE(out.find("is not inside the corpus folder"), std::string::npos) << out;
}

TEST(CliTest, ValidateChecksFeaturedToolkitsAgainstTheResources) {
  test::TempDir dir;
  std::string corpus = dir / "corpus";
  test::CopyTaxonomy(corpus);
  test::WriteTextFile(dir.path() / "corpus/a.md", test::ResourceMarkdown("A", "technology", "A."));
  test::WriteTextFile(dir.path() / "corpus/toolkits/kit.yaml",
                      "id: kit\ntitle: Kit\nsections:\n  - title: Start\n    items:\n"
                      "      - resource: a\n      - resource: missing-one\n");
  std::string out;
  EXPECT_EQ(test::RunCommand(Cli() + " validate " + corpus, &out), 1);
  EXPECT_NE(out.find("kit.yaml:7:"), std::string::npos) << out;
  EXPECT_NE(out.find("missing-one"), std::string::npos) << out;
}

TEST(CliTest, BuildTakesABatchSizeAndRefusesZero) {
  test::TempDir dir;
  std::string out;
  ASSERT_EQ(test::RunCommand(Cli() + " build " + test::LibraryPath() + " --db " + (dir / "db") +
                                 " --batch-size 3",
                             &out),
            0)
      << out;
  EXPECT_NE(out.find("build: " + std::to_string(test::LibraryResourceCount()) + " documents"),
            std::string::npos)
      << out;
  EXPECT_EQ(test::RunCommand(Cli() + " build " + test::LibraryPath() + " --db " + (dir / "b") +
                                 " --batch-size 0",
                             &out),
            2);
  EXPECT_NE(out.find("--batch-size"), std::string::npos) << out;
}

TEST(CliTest, UnknownSubcommandIsAUsageError) {
  std::string out;
  EXPECT_EQ(test::RunCommand(Cli() + " frobnicate", &out), 2);
}

}  // namespace
}  // namespace ch
