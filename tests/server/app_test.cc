// The composition root: App::Open reports each start-up problem with the option or file at fault,
// and a read-only App serves searches without taking the index's writer lock.
#include "server/app.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    corpus_ = temp_ / "corpus";
    std::filesystem::create_directories(corpus_ + "/resources");
    std::filesystem::copy_file(test::SourcePath("corpus/taxonomy.yaml"),
                               corpus_ + "/taxonomy.yaml");
    test::WriteTextFile(corpus_ + "/resources/sample-guide.md", R"(---
title: "Sample Guide to Focused Deterrence"
summary: "Sample data: a short guide used by the App tests."
type: guide
focus_areas: [gun-violence]
topics: [gang-violence]
audience: [law-enforcement-executives]
language: en
---
Sample data. Focused deterrence meets the few people driving violence with a clear message.
)");
  }

  AppOptions Options() {
    AppOptions o;
    o.db_dir = temp_ / "index";
    o.corpus_dir = corpus_;
    o.data_dir = temp_ / "data";
    o.http.port = 0;
    o.http.access_log = false;
    o.log = &log_;
    return o;
  }

  test::TempDir temp_;
  std::string corpus_;
  std::ostringstream log_;
};

TEST_F(AppTest, MissingTaxonomyIsAnErrorNamingTheFile) {
  AppOptions o = Options();
  o.corpus_dir = temp_ / "no-such-corpus";
  Result<std::unique_ptr<App>> app = App::Open(o);
  ASSERT_FALSE(app.ok());
  EXPECT_NE(app.status().message().find("taxonomy.yaml"), std::string::npos)
      << app.status().message();
}

TEST_F(AppTest, MalformedToolkitStoreIsAnErrorNamingTheOption) {
  AppOptions o = Options();
  o.toolkits_db = "mysql://nobody@localhost/toolkits";
  Result<std::unique_ptr<App>> app = App::Open(o);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(app.status().message().rfind("--toolkits-db", 0), 0u) << app.status().message();
}

TEST_F(AppTest, WritableAppSyncsTheCorpusAndReportsIt) {
  Result<std::unique_ptr<App>> app = App::Open(Options());
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  EXPECT_NE(log_.str().find("corpus and index in step: 1 added"), std::string::npos) << log_.str();
  EXPECT_EQ((*app)->DescribeIndex(), "serving 1 documents from " + temp_ / "index");
}

TEST_F(AppTest, ReadOnlyAppLeavesTheWriterLockFree) {
  Taxonomy taxonomy = Taxonomy::Load(corpus_ + "/taxonomy.yaml").value();
  IndexReport report;
  ASSERT_TRUE(BuildIndex(corpus_, temp_ / "index", taxonomy, {}, &report).ok());
  AppOptions o = Options();
  o.read_only = true;
  Result<std::unique_ptr<App>> reader = App::Open(o);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  // A writable App on the same index opens: the read-only one took no lock.
  AppOptions writer = Options();
  writer.data_dir = temp_ / "writer-data";
  Result<std::unique_ptr<App>> app = App::Open(writer);
  EXPECT_TRUE(app.ok()) << app.status().ToString();
}

TEST_F(AppTest, SecondWriterIsRefusedWithTheHolderNamed) {
  AppOptions first = Options();
  first.curator_holder = "first test server";
  Result<std::unique_ptr<App>> app = App::Open(first);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  AppOptions second = Options();
  second.data_dir = temp_ / "second-data";
  Result<std::unique_ptr<App>> other = App::Open(second);
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("--read-only"), std::string::npos)
      << other.status().message();
}

}  // namespace
}  // namespace ch
