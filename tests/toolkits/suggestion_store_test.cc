// The SQLite SuggestionStore: the shared suite, and that it lives beside the toolkits in one file.
#include <gtest/gtest.h>

#include "tests/support/test_util.h"
#include "tests/toolkits/suggestion_store_suite.h"
#include "toolkits/sqlite_suggestion_store.h"
#include "toolkits/sqlite_toolkit_store.h"

namespace ch {
namespace {

class SqliteSuggestionStoreTest : public ::testing::Test {
 protected:
  test::SuggestionStoreFactory Factory() {
    return [this]() -> std::unique_ptr<SuggestionStore> {
      auto store = SqliteSuggestionStore::Open(dir_ / ("s" + std::to_string(++n_) + ".sqlite"));
      if (!store.ok()) ADD_FAILURE() << store.status().ToString();
      return store.ok() ? std::move(store).value() : nullptr;
    };
  }
  test::TempDir dir_;
  int n_ = 0;
};

TEST_F(SqliteSuggestionStoreTest, KeepsEveryField) {
  test::CheckSuggestionStoreKeepsEveryField(Factory());
}
TEST_F(SqliteSuggestionStoreTest, ListsNewestFirstByStatus) {
  test::CheckSuggestionStoreListsNewestFirstByStatus(Factory());
}
TEST_F(SqliteSuggestionStoreTest, ListsOneMillisecondByInsertOrder) {
  test::CheckSuggestionStoreListsOneMillisecondByInsertOrder(Factory());
}
TEST_F(SqliteSuggestionStoreTest, RefusesAStaleVersion) {
  test::CheckSuggestionStoreRefusesAStaleVersion(Factory());
}

TEST_F(SqliteSuggestionStoreTest, SharesTheToolkitFileWithTheToolkitStore) {
  const std::string path = dir_ / "toolkits.sqlite";
  auto toolkits = SqliteToolkitStore::Open(path);
  ASSERT_TRUE(toolkits.ok());
  auto suggestions = SqliteSuggestionStore::Open(path);
  ASSERT_TRUE(suggestions.ok()) << suggestions.status().ToString();
  EXPECT_EQ((*toolkits)->schema_version(), SqliteToolkitStore::LatestSchemaVersion());
  PublicSuggestion s;
  s.id = "cccccccccccc";
  s.title = "t";
  s.url = "https://example.org/";
  EXPECT_TRUE((*suggestions)->Create(s).ok());
  EXPECT_EQ(*(*suggestions)->Count("new"), 1);
}

}  // namespace
}  // namespace ch
