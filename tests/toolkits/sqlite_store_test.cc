// SqliteToolkitStore on real files: the shared store suite (toolkit_store_suite.h), plus what
// only SQLite has: WAL, migrations of old files, files that are not databases.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/test_util.h"
#include "tests/toolkits/toolkit_store_suite.h"
#include "toolkits/sqlite_suggestion_store.h"
#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/toolkit_keys.h"

namespace ch {
namespace {

// Runs SQL on the file directly, as another program (or an older release) would.
void RawExec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// The first column of the first row of `sql` ("" when no row).
Result<std::string> TryRawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    return Status::IOError("cannot open " + path);
  }
  sqlite3_stmt* stmt = nullptr;
  Result<std::string> out = std::string();
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    out = Status::Internal(sqlite3_errmsg(db));
  } else if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
    out = std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

std::string RawQuery(const std::string& path, const std::string& sql) {
  Result<std::string> value = TryRawQuery(path, sql);
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status().ToString();
  return value.ok() ? *value : "";
}

std::unique_ptr<SqliteToolkitStore> OpenStore(const std::string& path) {
  Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Each test's database is a new file in its own temporary folder.
class SqliteBackend : public test::StoreBackend {
 public:
  Result<std::unique_ptr<ToolkitStore>> Open() override {
    Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(path_);
    if (!store.ok()) return store.status();
    return std::unique_ptr<ToolkitStore>(std::move(store).value());
  }
  Result<std::string> Query(const std::string& sql) override { return TryRawQuery(path_, sql); }

 private:
  test::TempDir dir_;
  std::string path_ = dir_ / "toolkits.sqlite";
};

using test::ToolkitStoreSuite;

INSTANTIATE_TEST_SUITE_P(Sqlite, ToolkitStoreSuite,
                         ::testing::Values(test::StoreBackendParam{
                             "Sqlite",
                             []() -> Result<std::unique_ptr<test::StoreBackend>> {
                               return std::unique_ptr<test::StoreBackend>(
                                   std::make_unique<SqliteBackend>());
                             }}),
                         test::StoreBackendName);

TEST(SqliteToolkitStore, RecordsItsSchemaVersion) {
  test::TempDir dir;
  auto store = OpenStore(dir / "toolkits.sqlite");
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), SqliteToolkitStore::LatestSchemaVersion());
}

TEST(SqliteToolkitStore, UsesWalForeignKeysAndRecordsMigrations) {
  test::TempDir dir;
  const std::string path = dir / "toolkits.sqlite";
  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(RawQuery(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery(path, "SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5");
  EXPECT_EQ(store->schema_version(), 5);
}

TEST(SqliteToolkitStore, MigratesAVersion1File) {
  test::TempDir dir;
  const std::string path = dir / "old.sqlite";
  // The schema exactly as release 1 wrote it, with one toolkit.
  RawExec(path, R"sql(
    CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                    applied_at INTEGER NOT NULL);
    CREATE TABLE toolkits (id TEXT PRIMARY KEY, title TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '', edit_key_hash TEXT NOT NULL, copied_from TEXT,
      created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE toolkit_items (
      toolkit_id TEXT NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
      position INTEGER NOT NULL, resource_id TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (toolkit_id, position)) WITHOUT ROWID;
    CREATE INDEX toolkit_items_by_resource ON toolkit_items(resource_id);
    INSERT INTO schema_migrations VALUES (1, 'toolkits and items', 1600000000000);
    INSERT INTO toolkits VALUES ('oldoldoldold', 'From v1', 'Made before sections', 'hash', NULL,
                                 1600000000000, 1600000000000, 4);
    INSERT INTO toolkit_items VALUES ('oldoldoldold', 0, 'first-resource', 'kept note');
    INSERT INTO toolkit_items VALUES ('oldoldoldold', 1, 'second-resource', '');
  )sql");
  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), 5);
  test::ExpectVersion1ToolkitMigrated(*store);
  EXPECT_EQ(RawQuery(path, "SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5");
  EXPECT_EQ(*store->GetEditKeyHash("oldoldoldold"), "hash");
}

// Suggestions made before migration 5 keep their insertion order (rowid) for ties of one
// millisecond, whatever their ids.
TEST(SqliteToolkitStore, MigratesVersion4SuggestionsInTheirInsertionOrder) {
  test::TempDir dir;
  const std::string path = dir / "v4.sqlite";
  ASSERT_TRUE(OpenStore(path));
  // Back to version 4 as release 4 left it, then two suggestions of one millisecond.
  RawExec(path, R"sql(
    DROP INDEX suggestions_by_seq;
    ALTER TABLE suggestions DROP COLUMN seq;
    DELETE FROM schema_migrations WHERE version = 5;
    INSERT INTO suggestions (id, token_hash, title, url, status, created_at, updated_at)
      VALUES ('zzzzzzzzzzzz', 'h', 'first', 'https://example.org/1', 'new', 7, 7);
    INSERT INTO suggestions (id, token_hash, title, url, status, created_at, updated_at)
      VALUES ('aaaaaaaaaaaa', 'h', 'second', 'https://example.org/2', 'new', 7, 7);
  )sql");
  Result<std::unique_ptr<SqliteSuggestionStore>> suggestions = SqliteSuggestionStore::Open(path);
  ASSERT_TRUE(suggestions.ok()) << suggestions.status().ToString();
  PublicSuggestion third;
  third.id = "mmmmmmmmmmmm";
  third.title = "third";
  third.url = "https://example.org/3";
  third.created_at_ms = third.updated_at_ms = 7;
  ASSERT_TRUE((*suggestions)->Create(third).ok());
  Result<SuggestionPage> page = (*suggestions)->List("", 0, 10);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> titles;
  for (const PublicSuggestion& s : page->suggestions) titles.push_back(s.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"third", "second", "first"}));
  EXPECT_EQ(RawQuery(path, "SELECT group_concat(version) FROM schema_migrations"), "1,2,3,4,5");
}

TEST(SqliteToolkitStore, RefusesAFileFromANewerRelease) {
  test::TempDir dir;
  const std::string path = dir / "future.sqlite";
  RawExec(path,
          "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (1,'a',0), "
          "(2,'b',0), (3,'c',0), (4,'d',0), (5,'e',0), (6,'from the future',0);");
  Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(path);
  EXPECT_EQ(store.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 6"), std::string::npos)
      << store.status().message();
}

TEST(SqliteToolkitStore, ReportsAFileThatIsNotADatabase) {
  test::TempDir dir;
  test::WriteTextFile(dir.path() / "junk.sqlite", std::string(4096, 'x'));
  Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(dir / "junk.sqlite");
  EXPECT_EQ(store.status().code(), Status::Code::kCorruption) << store.status().ToString();
}

TEST(SqliteToolkitStore, ReportsAnUnopenablePathAsIOError) {
  test::TempDir dir;
  Result<std::unique_ptr<SqliteToolkitStore>> store =
      SqliteToolkitStore::Open(dir / "missing-folder/t.sqlite");
  EXPECT_EQ(store.status().code(), Status::Code::kIOError) << store.status().ToString();
}

}  // namespace
}  // namespace ch
