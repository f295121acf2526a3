// PostgresToolkitStore against a real PostgreSQL server started by this binary
// (postgres_fixture.h): the shared store suite (toolkit_store_suite.h), plus what only
// PostgreSQL has: migrations under an advisory lock, replicas, the pool, lost connections,
// timeouts, unreachable servers and URIs.
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/toolkits/postgres_fixture.h"
#include "tests/toolkits/toolkit_store_suite.h"
#include "toolkits/postgres_toolkit_store.h"
#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/toolkit_store_factory.h"

namespace ch {
namespace {

using test::SampleToolkit;

class PostgresBackend : public test::StoreBackend {
 public:
  PostgresBackend(test::TempPostgresServer* server, std::string uri)
      : server_(server), uri_(std::move(uri)) {}
  Result<std::unique_ptr<ToolkitStore>> Open() override {
    Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(uri_);
    if (!store.ok()) return store.status();
    return std::unique_ptr<ToolkitStore>(std::move(store).value());
  }
  Result<std::string> Query(const std::string& sql) override {
    return server_->Query(test::DatabaseNameOf(uri_), sql);
  }

 private:
  test::TempPostgresServer* server_;
  std::string uri_;
};

Result<std::unique_ptr<test::StoreBackend>> MakePostgresBackend() {
  Result<test::TempPostgresServer*> server = test::PostgresTestServer();
  if (!server.ok()) return server.status();
  Result<std::string> uri = test::FreshPostgresDatabase();
  if (!uri.ok()) return uri.status();
  return std::unique_ptr<test::StoreBackend>(std::make_unique<PostgresBackend>(*server, *uri));
}

using test::ToolkitStoreSuite;

INSTANTIATE_TEST_SUITE_P(Postgres, ToolkitStoreSuite,
                         ::testing::Values(test::StoreBackendParam{"Postgres",
                                                                   MakePostgresBackend}),
                         test::StoreBackendName);

class PostgresToolkitStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<test::TempPostgresServer*> server = test::PostgresTestServer();
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = *server;
    Result<std::string> uri = test::FreshPostgresDatabase();
    ASSERT_TRUE(uri.ok()) << uri.status().message();
    uri_ = *uri;
    db_ = test::DatabaseNameOf(uri_);
  }

  std::unique_ptr<PostgresToolkitStore> OpenStore(const PostgresStoreOptions& options = {}) {
    Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(uri_, options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(store).value() : nullptr;
  }

  std::string Query(const std::string& sql) {
    Result<std::string> value = server_->Query(db_, sql);
    EXPECT_TRUE(value.ok()) << sql << ": " << value.status().ToString();
    return value.ok() ? *value : "";
  }

  test::TempPostgresServer* server_ = nullptr;
  std::string uri_;
  std::string db_;
};

TEST_F(PostgresToolkitStoreTest, MigratesAnEmptyDatabase) {
  EXPECT_EQ(Query("SELECT to_regclass('toolkits') IS NULL"), "t");
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), 5);
  EXPECT_EQ(store->schema_version(), PostgresToolkitStore::LatestSchemaVersion());
  EXPECT_EQ(PostgresToolkitStore::LatestSchemaVersion(), SqliteToolkitStore::LatestSchemaVersion());
  EXPECT_EQ(Query("SELECT string_agg(version || ' ' || name, ', ' ORDER BY version) "
                  "FROM schema_migrations"),
            "1 toolkits and items, 2 sections, 3 suggestions, 4 toolkit language, "
            "5 suggestion order");
  EXPECT_EQ(Query("SELECT string_agg(relname::text, ',' ORDER BY relname) FROM pg_class "
                  "WHERE relname LIKE 'toolkit%' AND relkind = 'r'"),
            "toolkit_items,toolkit_sections,toolkits");
  EXPECT_EQ(Query("SELECT condeferred FROM pg_constraint "
                  "WHERE conname = 'toolkit_items_section_fkey'"),
            "t");
}

TEST_F(PostgresToolkitStoreTest, ReopeningMigratesNothingAgain) {
  ASSERT_TRUE(OpenStore());
  const std::string applied =
      Query("SELECT string_agg(applied_at::text, ',') FROM schema_migrations");
  auto again = OpenStore();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->schema_version(), 5);
  EXPECT_EQ(Query("SELECT string_agg(applied_at::text, ',') FROM schema_migrations"), applied);
}

// Replicas starting at the same moment on a new database: the advisory lock lets one migrate;
// the others wait for it and find the schema complete.
TEST_F(PostgresToolkitStoreTest, ServersStartingAtOnceMigrateOnce) {
  constexpr int kServers = 6;
  std::vector<std::thread> threads;
  std::vector<std::string> results(kServers);
  for (int i = 0; i < kServers; ++i) {
    threads.emplace_back([&, i] {
      Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(uri_);
      results[i] =
          store.ok() ? std::to_string((*store)->schema_version()) : store.status().ToString();
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& r : results) EXPECT_EQ(r, "5");
  EXPECT_EQ(Query("SELECT count(*) FROM schema_migrations"), "5");
}

TEST_F(PostgresToolkitStoreTest, MigratesAVersion1Database) {
  // The schema exactly as a version-1 server wrote it, with one toolkit.
  ASSERT_TRUE(server_
                  ->Query(db_, R"sql(
    CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL,
                                    applied_at bigint NOT NULL);
    CREATE TABLE toolkits (id text PRIMARY KEY, title text NOT NULL,
      description text NOT NULL DEFAULT '', edit_key_hash text NOT NULL, copied_from text,
      created_at bigint NOT NULL, updated_at bigint NOT NULL, version bigint NOT NULL DEFAULT 1);
    CREATE TABLE toolkit_items (
      toolkit_id text NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
      position integer NOT NULL, resource_id text NOT NULL, note text NOT NULL DEFAULT '',
      PRIMARY KEY (toolkit_id, position));
    CREATE INDEX toolkit_items_by_resource ON toolkit_items(resource_id);
    INSERT INTO schema_migrations VALUES (1, 'toolkits and items', 1600000000000);
    INSERT INTO toolkits VALUES ('oldoldoldold', 'From v1', 'Made before sections', 'hash', NULL,
                                 1600000000000, 1600000000000, 4);
    INSERT INTO toolkit_items VALUES ('oldoldoldold', 0, 'first-resource', 'kept note');
    INSERT INTO toolkit_items VALUES ('oldoldoldold', 1, 'second-resource', '');
  )sql")
                  .ok());
  auto store = OpenStore();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->schema_version(), 5);
  test::ExpectVersion1ToolkitMigrated(*store);
  EXPECT_EQ(Query("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_migrations"),
            "1,2,3,4,5");
  EXPECT_EQ(*store->GetEditKeyHash("oldoldoldold"), "hash");
}

TEST_F(PostgresToolkitStoreTest, RefusesADatabaseFromANewerRelease) {
  ASSERT_TRUE(OpenStore());
  Query("INSERT INTO schema_migrations VALUES (6, 'from the future', 0)");
  Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(uri_);
  EXPECT_EQ(store.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 6"), std::string::npos)
      << store.status().message();
}

TEST_F(PostgresToolkitStoreTest, UnreachableServerIsUnavailableAndHidesThePassword) {
  PostgresStoreOptions options;
  options.connect_timeout_s = 2;
  // Port 1 on the loopback: nothing listens there, the connection is refused at once.
  Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(
      "postgresql://alice:Sup3r-Secret@127.0.0.1:1/toolkits_db", options);
  ASSERT_EQ(store.status().code(), Status::Code::kUnavailable) << store.status().ToString();
  // The operator's text (logged, printed at start-up) names the database; what a client would
  // be sent names neither it nor the host.
  const std::string operator_text = store.status().ToString();
  EXPECT_NE(operator_text.find("database 'toolkits_db' on 127.0.0.1:1"), std::string::npos)
      << operator_text;
  EXPECT_EQ(operator_text.find("Sup3r-Secret"), std::string::npos) << operator_text;
  const std::string& client_text = store.status().message();
  EXPECT_NE(client_text.find("cannot connect to the toolkit database"), std::string::npos)
      << client_text;
  EXPECT_EQ(client_text.find("toolkits_db"), std::string::npos) << client_text;
  EXPECT_EQ(client_text.find("127.0.0.1"), std::string::npos) << client_text;

  // The server is up but the database is not there: Unavailable too, naming it to the operator.
  const std::string missing =
      "postgresql://postgres:Sup3r-Secret@127.0.0.1:" + std::to_string(server_->port()) +
      "/no_such_database";
  store = PostgresToolkitStore::Open(missing);
  ASSERT_EQ(store.status().code(), Status::Code::kUnavailable) << store.status().ToString();
  EXPECT_NE(store.status().ToString().find("no_such_database"), std::string::npos);
  EXPECT_EQ(store.status().ToString().find("Sup3r-Secret"), std::string::npos);
  EXPECT_EQ(store.status().message().find("no_such_database"), std::string::npos);
}

TEST_F(PostgresToolkitStoreTest, MalformedUriIsInvalidArgument) {
  Result<std::unique_ptr<PostgresToolkitStore>> store =
      PostgresToolkitStore::Open("postgresql://bob:Sup3r-Secret@127.0.0.1/db?no_such_option=1");
  EXPECT_EQ(store.status().code(), Status::Code::kInvalidArgument) << store.status().ToString();
  EXPECT_NE(store.status().message().find("no_such_option"), std::string::npos);
  EXPECT_EQ(store.status().message().find("Sup3r-Secret"), std::string::npos);
  Result<std::string> described = PostgresToolkitStore::Describe(
      "postgresql://bob:Sup3r-Secret@db.internal:6543/tk?sslmode=require");
  ASSERT_TRUE(described.ok());
  EXPECT_EQ(*described, "postgresql://bob@db.internal:6543/tk");
}

TEST_F(PostgresToolkitStoreTest, WorksThroughTheUnixSocket) {
  Result<std::unique_ptr<PostgresToolkitStore>> store =
      PostgresToolkitStore::Open(server_->SocketUri(db_));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE((*store)->Create(SampleToolkit("socketsocket"), "h").ok());
  EXPECT_EQ((*store)->Get("socketsocket")->version, 1);
}

// The server ends every connection of the store (a restart, a failover, an administrator): the
// next calls open new connections instead of failing.
TEST_F(PostgresToolkitStoreTest, ReconnectsAfterTheServerDropsItsConnections) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  EXPECT_EQ(Query("SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity "
                  "WHERE datname = current_database() AND pid <> pg_backend_pid()"),
            "t");
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_TRUE(store->Update(*got, 1).ok());
}

// Another session holds the toolkit's row lock past the statement timeout: the update gives up
// with Unavailable (503, try again) instead of hanging, and works once the lock is gone.
TEST_F(PostgresToolkitStoreTest, LockWaitPastTheTimeoutIsUnavailable) {
  PostgresStoreOptions options;
  options.statement_timeout_ms = 300;
  auto store = OpenStore(options);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  PGconn* other = PQconnectdb(uri_.c_str());
  ASSERT_EQ(PQstatus(other), CONNECTION_OK) << PQerrorMessage(other);
  PQclear(PQexec(other, "BEGIN; SELECT 1 FROM toolkits WHERE id = 'abcdefghijkl' FOR UPDATE"));
  Result<Toolkit> blocked = store->Update(SampleToolkit("abcdefghijkl"), 1);
  EXPECT_EQ(blocked.status().code(), Status::Code::kUnavailable) << blocked.status().ToString();
  EXPECT_TRUE(store->Get("abcdefghijkl").ok());  // readers are not blocked
  PQclear(PQexec(other, "ROLLBACK"));
  PQfinish(other);
  Result<Toolkit> saved = store->Update(SampleToolkit("abcdefghijkl"), 1);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->version, 2);
}

TEST_F(PostgresToolkitStoreTest, RefusesTextPostgresCannotHold) {
  auto store = OpenStore();
  ASSERT_TRUE(store);
  Toolkit nul = SampleToolkit("nulnulnulnul");
  nul.content.items[0].note = std::string("a\0b", 3);
  EXPECT_EQ(store->Create(nul, "h").code(), Status::Code::kInvalidArgument);
  Toolkit bad_utf8 = SampleToolkit("utf8utf8utf8");
  bad_utf8.content.title = "\xff\xfe";
  EXPECT_EQ(store->Create(bad_utf8, "h").code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(Query("SELECT count(*) FROM toolkits"), "0");  // nothing half-written
}

// Many threads through a pool of two connections: calls wait their turn, no update is lost, and
// the store never holds more connections than allowed.
TEST_F(PostgresToolkitStoreTest, ManyThreadsShareASmallPool) {
  PostgresStoreOptions options;
  options.max_connections = 2;
  options.application_name = "small-pool-test";
  auto store = OpenStore(options);
  ASSERT_TRUE(store);
  Toolkit t = SampleToolkit("abcdefghijkl");
  t.content.items.clear();
  ASSERT_TRUE(store->Create(t, "h").ok());
  constexpr int kThreads = 8, kEdits = 5;
  std::atomic<int> failures{0};
  std::atomic<int> most_connections{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int e = 0; e < kEdits; ++e) {
        while (true) {
          Result<Toolkit> current = store->Get("abcdefghijkl");
          if (!current.ok()) return void(++failures);
          Toolkit next = *current;
          next.content.items.push_back({"w" + std::to_string(w) + "-" + std::to_string(e), "", ""});
          Result<Toolkit> saved = store->Update(next, current->version);
          if (saved.ok()) break;
          if (saved.status().code() != Status::Code::kFailedPrecondition) return void(++failures);
        }
      }
    });
  }
  threads.emplace_back([&] {  // watches the server's view of the store's connections
    for (int i = 0; i < 20; ++i) {
      Result<std::string> n = server_->Query(
          db_, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'small-pool-test'");
      if (n.ok()) most_connections = std::max(most_connections.load(), std::stoi(*n));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  Result<Toolkit> final_state = store->Get("abcdefghijkl");
  ASSERT_TRUE(final_state.ok());
  EXPECT_EQ(final_state->version, 1 + kThreads * kEdits);
  EXPECT_EQ(final_state->content.items.size(), static_cast<size_t>(kThreads * kEdits));
  EXPECT_GE(most_connections.load(), 1);
  EXPECT_LE(most_connections.load(), 2);
}

TEST_F(PostgresToolkitStoreTest, FactoryOpensPostgresFromTheOption) {
  for (const std::string scheme : {"postgresql://", "postgres://"}) {
    const std::string uri =
        scheme + "postgres:ignored-password@127.0.0.1:" + std::to_string(server_->port()) + "/" +
        db_;
    Result<ToolkitStoreSpec> spec = ParseToolkitStoreSpec(uri, "unused-data-dir");
    ASSERT_TRUE(spec.ok()) << spec.status().ToString();
    EXPECT_EQ(spec->backend, ToolkitStoreSpec::Backend::kPostgres);
    EXPECT_EQ(spec->description,
              "postgresql://postgres@127.0.0.1:" + std::to_string(server_->port()) + "/" + db_);
    Result<std::unique_ptr<ToolkitStore>> store = OpenToolkitStore(*spec);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Toolkit t = SampleToolkit(scheme == "postgres://" ? "postgresshrt" : "postgreslong");
    ASSERT_TRUE((*store)->Create(t, "h").ok());
    EXPECT_TRUE((*store)->Get(t.id).ok());
  }
}

}  // namespace
}  // namespace ch
