// SqliteToolkitStore on real files: round trips, migrations, versions, errors, concurrency.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"
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

std::string RawQuery(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK);
  std::string out;
  if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
    out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return out;
}

Toolkit Sample(const std::string& id) {
  Toolkit t;
  t.id = id;
  t.content.title = "Officer wellness";
  t.content.description = "Line one.\nLine two, with \"quotes\" and ünïcode.";
  t.content.sections = {{"start", "Start here"}, {"evidence", "Evidence"}};
  t.content.items = {{"officer-wellness-app-implementation-toolkit", "Begin here.", "start"},
                     {"officer-wellness-apps-research-brief", "", "evidence"},
                     {"police-fatigue-shift-length-podcast", "No section.", ""}};
  t.copied_from = "AAAAAAAAAAAA";
  t.created_at_ms = 1700000000123;
  t.updated_at_ms = 1700000000456;
  return t;
}

std::unique_ptr<SqliteToolkitStore> OpenStore(const std::string& path) {
  Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(SqliteToolkitStore, RoundTripsEveryField) {
  test::TempDir dir;
  auto store = OpenStore(dir / "toolkits.sqlite");
  ASSERT_TRUE(store);
  Toolkit t = Sample("abcdefghijkl");
  ASSERT_TRUE(store->Create(t, HashEditKey("key")).ok());
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, t.id);
  EXPECT_EQ(got->content.title, t.content.title);
  EXPECT_EQ(got->content.description, t.content.description);
  ASSERT_EQ(got->content.sections.size(), 2u);
  EXPECT_EQ(got->content.sections[1].id, "evidence");
  EXPECT_EQ(got->content.sections[1].title, "Evidence");
  ASSERT_EQ(got->content.items.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(got->content.items[i].resource_id, t.content.items[i].resource_id);
    EXPECT_EQ(got->content.items[i].note, t.content.items[i].note);
    EXPECT_EQ(got->content.items[i].section_id, t.content.items[i].section_id);
  }
  EXPECT_EQ(got->copied_from, "AAAAAAAAAAAA");
  EXPECT_EQ(got->created_at_ms, 1700000000123);
  EXPECT_EQ(got->updated_at_ms, 1700000000456);
  EXPECT_EQ(got->version, 1);
  Result<std::string> hash = store->GetEditKeyHash("abcdefghijkl");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, HashEditKey("key"));
}

TEST(SqliteToolkitStore, SurvivesReopening) {
  test::TempDir dir;
  const std::string path = dir / "toolkits.sqlite";
  {
    auto store = OpenStore(path);
    ASSERT_TRUE(store->Create(Sample("abcdefghijkl"), "h").ok());
  }
  auto store = OpenStore(path);
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->content.items.size(), 3u);
  EXPECT_EQ(store->schema_version(), SqliteToolkitStore::LatestSchemaVersion());
}

TEST(SqliteToolkitStore, UsesWalForeignKeysAndRecordsMigrations) {
  test::TempDir dir;
  const std::string path = dir / "toolkits.sqlite";
  auto store = OpenStore(path);
  ASSERT_TRUE(store);
  EXPECT_EQ(RawQuery(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(RawQuery(path, "SELECT group_concat(version) FROM schema_migrations"), "1,2");
  EXPECT_EQ(store->schema_version(), 2);
}

TEST(SqliteToolkitStore, UpdateBumpsTheVersionAndReplacesChildren) {
  test::TempDir dir;
  auto store = OpenStore(dir / "t.sqlite");
  ASSERT_TRUE(store->Create(Sample("abcdefghijkl"), "h").ok());
  Toolkit t = *store->Get("abcdefghijkl");
  t.content.title = "Renamed";
  t.content.sections = {{"only", "Only"}};
  t.content.items = {{"a", "note a", "only"}};
  t.updated_at_ms = 1800000000000;
  Result<Toolkit> saved = store->Update(t, 1);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->content.title, "Renamed");
  EXPECT_EQ(saved->created_at_ms, 1700000000123);
  EXPECT_EQ(saved->updated_at_ms, 1800000000000);
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_EQ(got->content.items.size(), 1u);
  EXPECT_EQ(got->content.items[0].section_id, "only");
  EXPECT_EQ(got->version, 2);
}

TEST(SqliteToolkitStore, StaleVersionIsFailedPrecondition) {
  test::TempDir dir;
  auto store = OpenStore(dir / "t.sqlite");
  ASSERT_TRUE(store->Create(Sample("abcdefghijkl"), "h").ok());
  Toolkit t = *store->Get("abcdefghijkl");
  ASSERT_TRUE(store->Update(t, 1).ok());
  t.content.title = "Lost update";
  Result<Toolkit> stale = store->Update(t, 1);
  EXPECT_EQ(stale.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(stale.status().message().find("version 2"), std::string::npos);
  EXPECT_EQ(store->Get("abcdefghijkl")->content.title, "Officer wellness");
  EXPECT_EQ(store->Delete("abcdefghijkl", 1).code(), Status::Code::kFailedPrecondition);
}

TEST(SqliteToolkitStore, UnknownIdsAreNotFound) {
  test::TempDir dir;
  auto store = OpenStore(dir / "t.sqlite");
  EXPECT_EQ(store->Get("nope").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->GetEditKeyHash("nope").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Update(Sample("nope"), 1).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Delete("nope", std::nullopt).code(), Status::Code::kNotFound);
}

TEST(SqliteToolkitStore, DuplicateIdIsAlreadyExists) {
  test::TempDir dir;
  auto store = OpenStore(dir / "t.sqlite");
  ASSERT_TRUE(store->Create(Sample("abcdefghijkl"), "h").ok());
  EXPECT_EQ(store->Create(Sample("abcdefghijkl"), "h").code(), Status::Code::kAlreadyExists);
}

TEST(SqliteToolkitStore, DeleteRemovesItemsAndSectionsToo) {
  test::TempDir dir;
  const std::string path = dir / "t.sqlite";
  auto store = OpenStore(path);
  ASSERT_TRUE(store->Create(Sample("abcdefghijkl"), "h").ok());
  ASSERT_TRUE(store->Create(Sample("mnopqrstuvwx"), "h").ok());
  ASSERT_TRUE(store->Delete("abcdefghijkl", 1).ok());
  EXPECT_EQ(store->Get("abcdefghijkl").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM toolkit_items WHERE toolkit_id='abcdefghijkl'"),
            "0");
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM toolkit_sections WHERE toolkit_id='abcdefghijkl'"),
            "0");
  EXPECT_EQ(RawQuery(path, "SELECT count(*) FROM toolkit_items"), "3");
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
  EXPECT_EQ(store->schema_version(), 2);
  Result<Toolkit> old = store->Get("oldoldoldold");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->content.title, "From v1");
  EXPECT_EQ(old->version, 4);
  EXPECT_TRUE(old->content.sections.empty());
  ASSERT_EQ(old->content.items.size(), 2u);
  EXPECT_EQ(old->content.items[0].resource_id, "first-resource");
  EXPECT_EQ(old->content.items[0].note, "kept note");
  EXPECT_EQ(old->content.items[0].section_id, "");
  // The new schema works on the migrated data.
  Toolkit t = *old;
  t.content.sections = {{"new", "New section"}};
  t.content.items[1].section_id = "new";
  Result<Toolkit> saved = store->Update(t, 4);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->content.items[1].section_id, "new");
  EXPECT_EQ(RawQuery(path, "SELECT group_concat(version) FROM schema_migrations"), "1,2");
  EXPECT_EQ(*store->GetEditKeyHash("oldoldoldold"), "hash");
}

TEST(SqliteToolkitStore, RefusesAFileFromANewerRelease) {
  test::TempDir dir;
  const std::string path = dir / "future.sqlite";
  RawExec(path,
          "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
          "applied_at INTEGER NOT NULL); INSERT INTO schema_migrations VALUES (1,'a',0), "
          "(2,'b',0), (3,'from the future',0);");
  Result<std::unique_ptr<SqliteToolkitStore>> store = SqliteToolkitStore::Open(path);
  EXPECT_EQ(store.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 3"), std::string::npos)
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

// Writers on two connections (as two server processes would be) and several threads each: every
// writer reads, changes and writes with the version it read, retrying when it lost the race.
// Every change must survive.
TEST(SqliteToolkitStore, ConcurrentWritersLoseNoUpdate) {
  test::TempDir dir;
  const std::string path = dir / "t.sqlite";
  auto first = OpenStore(path);
  auto second = OpenStore(path);
  ASSERT_TRUE(first && second);
  Toolkit t = Sample("abcdefghijkl");
  t.content.items.clear();
  ASSERT_TRUE(first->Create(t, "h").ok());
  constexpr int kThreads = 6, kEdits = 15;
  std::atomic<int> conflicts{0}, failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      SqliteToolkitStore& store = w % 2 ? *second : *first;
      for (int e = 0; e < kEdits; ++e) {
        while (true) {
          Result<Toolkit> current = store.Get("abcdefghijkl");
          if (!current.ok()) {
            ++failures;
            return;
          }
          Toolkit next = *current;
          next.content.items.push_back(
              {"w" + std::to_string(w) + "-e" + std::to_string(e), "", ""});
          Result<Toolkit> saved = store.Update(next, current->version);
          if (saved.ok()) break;
          if (saved.status().code() != Status::Code::kFailedPrecondition) {
            ++failures;
            return;
          }
          ++conflicts;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Result<Toolkit> final_state = first->Get("abcdefghijkl");
  ASSERT_TRUE(final_state.ok());
  EXPECT_EQ(final_state->content.items.size(), static_cast<size_t>(kThreads * kEdits));
  EXPECT_EQ(final_state->version, 1 + kThreads * kEdits);
  std::set<std::string> ids;
  for (const auto& item : final_state->content.items) ids.insert(item.resource_id);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEdits));
}

}  // namespace
}  // namespace ch
