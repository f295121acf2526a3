// ParseToolkitStoreSpec and OpenToolkitStore: the --toolkits-db forms (PostgreSQL itself is
// opened in postgres_store_test.cc, against a real server).
#include "toolkits/toolkit_store_factory.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_util.h"
#include "tests/toolkits/toolkit_store_suite.h"

namespace ch {
namespace {

using Backend = ToolkitStoreSpec::Backend;

TEST(ToolkitStoreFactory, EmptyMeansTheSqliteFileInTheDataFolder) {
  Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec("", "data");
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->backend, Backend::kSqlite);
  EXPECT_EQ(spec->target, "data/toolkits.sqlite");
  EXPECT_EQ(spec->description, "data/toolkits.sqlite");
}

TEST(ToolkitStoreFactory, ReadsSqliteForms) {
  struct Case {
    const char* value;
    const char* path;
  };
  for (const Case& c : {Case{"sqlite:/var/lib/ch/toolkits.db", "/var/lib/ch/toolkits.db"},
                        Case{"sqlite:relative/t.sqlite", "relative/t.sqlite"},
                        Case{"/srv/toolkits.sqlite", "/srv/toolkits.sqlite"},
                        Case{"toolkits.sqlite", "toolkits.sqlite"},
                        Case{"./odd:name.sqlite", "./odd:name.sqlite"}}) {
    Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(c.value, "data");
    ASSERT_TRUE(spec.ok()) << c.value << ": " << spec.status().ToString();
    EXPECT_EQ(spec->backend, Backend::kSqlite) << c.value;
    EXPECT_EQ(spec->target, c.path) << c.value;
  }
}

TEST(ToolkitStoreFactory, ReadsPostgresUrisAndHidesThePassword) {
  for (const char* value : {"postgresql://ch:s3cret@db.internal:5433/toolkits?sslmode=require",
                            "postgres://ch:s3cret@db.internal:5433/toolkits"}) {
    Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(value, "data");
    ASSERT_TRUE(spec.ok()) << value << ": " << spec.status().ToString();
    EXPECT_EQ(spec->backend, Backend::kPostgres);
    EXPECT_EQ(spec->target, value);  // handed to libpq as it is
    EXPECT_EQ(spec->description, "postgresql://ch@db.internal:5433/toolkits");
  }
}

TEST(ToolkitStoreFactory, RefusesUnknownFormsNamingTheAcceptedOnes) {
  for (const char* value :
       {"mysql://ch@db/toolkits", "file:toolkits.sqlite", "sqlite:", "redis://localhost"}) {
    Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(value, "data");
    ASSERT_EQ(spec.status().code(), Status::Code::kInvalidArgument) << value;
    EXPECT_NE(spec.status().message().find("postgresql://"), std::string::npos);
    EXPECT_NE(spec.status().message().find("sqlite:PATH"), std::string::npos);
  }
}

TEST(ToolkitStoreFactory, RefusesAMalformedPostgresUriWithoutThePassword) {
  Result<ToolkitStoreSpec> spec =
      ParseToolkitStoreSpec("postgresql://ch:s3cret@db/toolkits?bogus=1", "data");
  EXPECT_EQ(spec.status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(spec.status().message().find("s3cret"), std::string::npos) << spec.status().message();
}

TEST(ToolkitStoreFactory, OpensSqlite) {
  test::TempDir dir;
  Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec("", dir.path().string());
  ASSERT_TRUE(spec.ok());
  Result<std::unique_ptr<ToolkitStore>> store = OpenToolkitStore(*spec);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Create(test::SampleToolkit("abcdefghijkl"), "h").ok());
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "toolkits.sqlite"));
  EXPECT_EQ((*store)->Get("abcdefghijkl")->version, 1);
}

}  // namespace
}  // namespace ch
