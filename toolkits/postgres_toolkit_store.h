// postgres_toolkit_store.h: the ToolkitStore kept in a PostgreSQL database, shared by servers.
//
//   Result<std::unique_ptr<PostgresToolkitStore>> store = PostgresToolkitStore::Open(
//       "postgresql://clearinghouse@db.internal:5432/toolkits?sslmode=require");
//   if (!store.ok()) return store.status();  // Unavailable: "... database 'toolkits' on ..."
//
// The URI (or key=value connection string) goes to libpq as it is, so every libpq parameter
// works (sslmode, host lists, a socket folder as host, passwords from PGPASSWORD or ~/.pgpass);
// the store only adds defaults the URI may override (connect_timeout, application_name) and
// forces UTF-8 as the client encoding. Open connects once, applies the schema migrations
// (internal/postgres_migrations.h: one transaction under an advisory lock, so several servers
// may start at once) and keeps that connection for later calls.
//
// Semantics are those of ToolkitStore and match SqliteToolkitStore exactly: a toolkit with its
// sections and items is written in one transaction; an update is `UPDATE ... SET version =
// version + 1 WHERE id = $n AND version = $m`, which takes the row's lock and re-checks the
// version after waiting for a concurrent writer, so the loser gets FailedPrecondition; reads
// see one snapshot. SQL is constant text and data are always parameters.
//
// Concurrency: a small pool of connections (internal/pg_pool.h), at most
// `max_connections`, opened on demand; each call leases one connection for its whole
// transaction, so calls from many threads run in parallel on the server and never share a
// connection (libpq connections are not safe to share between threads). Several stores, in one
// process or in several server replicas, may use one database at once: every piece of state is
// in the database, and they see each other's writes as soon as they commit. Thread-safe.
//
// Errors: Unavailable when the server cannot be reached, refuses the login, drops the
// connection or a statement or lock wait passes `statement_timeout_ms`; then the caller may
// retry. Its message, which the API sends to clients, does not name the server;
// Status::detail() names the database, host and port (never the password) for the log. A
// pooled connection found dead at the start of a call (the server restarted) is replaced
// transparently; a connection lost during a write returns Unavailable (the write may or may not
// have committed; a retry with the same expected version tells). AlreadyExists, NotFound,
// FailedPrecondition as in the interface; InvalidArgument for text PostgreSQL cannot hold (NUL
// bytes, invalid UTF-8); Internal otherwise. No exception escapes.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "toolkits/toolkit_store.h"

namespace ch {

namespace internal {
class PgConnection;
class PgPool;
}  // namespace internal

struct PostgresStoreOptions {
  size_t max_connections = 8;       // the pool's size; calls beyond it wait
  int pool_wait_ms = 5000;          // how long a call waits for a free connection (Unavailable)
  int connect_timeout_s = 5;        // per connection attempt, unless the URI sets connect_timeout
  int statement_timeout_ms = 5000;  // a statement or row-lock wait running longer: Unavailable
  std::string application_name = "clearinghouse-server";  // in pg_stat_activity; URI may override
};

class PostgresToolkitStore : public ToolkitStore {
 public:
  // Connects to `conninfo` (`postgresql://user@host:port/db?param=value`, `postgres://...`, or
  // `host=... dbname=...`) and migrates the database to the current schema.
  // Errors: InvalidArgument (the URI does not parse), Unavailable (cannot connect or log in;
  // the message names the target without the password), FailedPrecondition (the database's
  // schema is newer than this program), Internal (e.g. no privilege to create tables).
  static Result<std::unique_ptr<PostgresToolkitStore>> Open(
      const std::string& conninfo, const PostgresStoreOptions& options = {});
  ~PostgresToolkitStore() override;

  Status Create(const Toolkit& toolkit, const std::string& edit_key_hash) override;
  Result<Toolkit> Get(const std::string& id) override;
  Result<Toolkit> Update(const Toolkit& toolkit, int64_t expected_version) override;
  Status Delete(const std::string& id, std::optional<int64_t> expected_version) override;
  Result<std::string> GetEditKeyHash(const std::string& id) override;

  // The schema version the database had after Open's migrations.
  int schema_version() const { return schema_version_; }
  // The latest schema version this build knows (the same number as SQLite's).
  static int LatestSchemaVersion();
  // `conninfo` for messages and logs: "postgresql://user@host:port/db", without the password
  // or parameters; InvalidArgument when it does not parse.
  static Result<std::string> Describe(const std::string& conninfo);

 private:
  enum class Access { kRead, kWrite };
  PostgresToolkitStore(std::unique_ptr<internal::PgPool> pool, int max_attempts,
                       int schema_version);

  // Runs `body` in one transaction on a leased connection; commits when it returns OK, rolls
  // back otherwise. Retries on a fresh connection when a pooled one turns out to be dead before
  // anything ran.
  template <typename Body>
  Status InTransaction(Access access, Body&& body);

  std::unique_ptr<internal::PgPool> pool_;
  const int max_attempts_;  // for InTransaction: max_connections + 1
  const int schema_version_;
};

}  // namespace ch
