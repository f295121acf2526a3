// The PostgreSQL SuggestionStore: the shared suite on a fresh database of the binary's server.
#include <gtest/gtest.h>

#include "tests/toolkits/postgres_fixture.h"
#include "tests/toolkits/suggestion_store_suite.h"
#include "toolkits/postgres_suggestion_store.h"
#include "toolkits/postgres_toolkit_store.h"

namespace ch {
namespace {

test::SuggestionStoreFactory Factory() {
  return []() -> std::unique_ptr<SuggestionStore> {
    Result<std::string> uri = test::FreshPostgresDatabase();
    if (!uri.ok()) {
      ADD_FAILURE() << uri.status().ToString();
      return nullptr;
    }
    auto store = PostgresSuggestionStore::Open(*uri);
    if (!store.ok()) ADD_FAILURE() << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  };
}

TEST(PostgresSuggestionStore, KeepsEveryField) {
  test::CheckSuggestionStoreKeepsEveryField(Factory());
}
TEST(PostgresSuggestionStore, ListsNewestFirstByStatus) {
  test::CheckSuggestionStoreListsNewestFirstByStatus(Factory());
}
TEST(PostgresSuggestionStore, ListsOneMillisecondByInsertOrder) {
  test::CheckSuggestionStoreListsOneMillisecondByInsertOrder(Factory());
}
TEST(PostgresSuggestionStore, RefusesAStaleVersion) {
  test::CheckSuggestionStoreRefusesAStaleVersion(Factory());
}

TEST(PostgresSuggestionStore, SharesTheDatabaseWithTheToolkitStore) {
  Result<std::string> uri = test::FreshPostgresDatabase();
  ASSERT_TRUE(uri.ok()) << uri.status().ToString();
  auto suggestions = PostgresSuggestionStore::Open(*uri);
  ASSERT_TRUE(suggestions.ok()) << suggestions.status().ToString();
  auto toolkits = PostgresToolkitStore::Open(*uri);  // finds the schema migrated already
  ASSERT_TRUE(toolkits.ok()) << toolkits.status().ToString();
  EXPECT_EQ((*toolkits)->schema_version(), PostgresToolkitStore::LatestSchemaVersion());
}

}  // namespace
}  // namespace ch
