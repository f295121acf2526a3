// sqlite_toolkit_store.h: the ToolkitStore kept in one SQLite file.
//
//   Result<std::unique_ptr<SqliteToolkitStore>> store =
//       SqliteToolkitStore::Open("data/toolkits.sqlite", SqliteStoreOptions());
//   if (!store.ok()) return store.status();
//
// Open creates the file when missing, turns on WAL journaling (readers never block the writer),
// foreign keys and a busy timeout, and applies the schema migrations this build knows
// (internal/sqlite_migrations.h; the file records them in `schema_migrations`). Multi-row writes
// (a toolkit with its sections and items) are one transaction; statements are prepared once and
// cached. Every SQLite error becomes a Status (internal/sqlite_db.h for the mapping).
//
// Concurrency: ONE connection guarded by a mutex; every call holds the mutex for its whole
// transaction. Why: SQLite allows one writer at a time anyway, toolkit operations take well under
// a millisecond, and a single connection means our own threads never meet SQLITE_BUSY and the
// prepared-statement cache needs no pool. The busy timeout covers other processes using the same
// file (a second server, a backup); reads inside a transaction see one consistent snapshot.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/status.h"
#include "toolkits/toolkit_store.h"

namespace ch {

namespace internal {
class SqliteConnection;
}

struct SqliteStoreOptions {
  int busy_timeout_ms = 5000;  // how long to wait for another process's lock
  // "NORMAL" is durable in WAL mode except for the last transactions before a power loss;
  // "FULL" syncs on every commit.
  std::string synchronous = "NORMAL";
};

class SqliteToolkitStore : public ToolkitStore {
 public:
  // Opens or creates the file at `path` and migrates it to the current schema.
  // Errors: IOError (cannot open or create), Corruption (not a SQLite file), FailedPrecondition
  // (the file's schema is newer than this program), Unavailable (locked past the timeout).
  static Result<std::unique_ptr<SqliteToolkitStore>> Open(const std::string& path,
                                                          const SqliteStoreOptions& options = {});
  ~SqliteToolkitStore() override;

  Status Create(const Toolkit& toolkit, const std::string& edit_key_hash) override;
  Result<Toolkit> Get(const std::string& id) override;
  Result<Toolkit> Update(const Toolkit& toolkit, int64_t expected_version) override;
  Status Delete(const std::string& id, std::optional<int64_t> expected_version) override;
  Result<std::string> GetEditKeyHash(const std::string& id) override;

  // The schema version of the open file (the last migration applied).
  int schema_version() const { return schema_version_; }
  // The latest schema version this build knows.
  static int LatestSchemaVersion();

 private:
  SqliteToolkitStore(std::unique_ptr<internal::SqliteConnection> db, int schema_version);

  Result<Toolkit> GetLocked(const std::string& id);
  Status WriteChildrenLocked(const Toolkit& toolkit);
  Status VersionConflictLocked(const std::string& id, int64_t expected_version);

  std::mutex mutex_;
  std::unique_ptr<internal::SqliteConnection> db_;  // guarded by mutex_
  int schema_version_;
};

}  // namespace ch
