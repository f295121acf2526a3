// toolkit_store.h: where saved toolkits live, behind a small interface.
//
// The store keeps toolkits exactly as given (the service validates them first) together with the
// SHA-256 hash of each toolkit's edit key. It owns versions: Create stores version 1 and every
// successful Update or Delete checks the caller's expected version, so two editors who read the
// same version cannot both write (optimistic concurrency; the loser gets FailedPrecondition,
// re-reads and retries). Implementations: SqliteToolkitStore (sqlite_toolkit_store.h), one file
// for one server, and PostgresToolkitStore (postgres_toolkit_store.h), shared by several server
// replicas; toolkit_store_factory.h picks one from --toolkits-db. One test suite
// (tests/toolkits/toolkit_store_suite.h) runs against both.
//
//   Result<Toolkit> t = store.Get(id);
//   t->content.title = "New title";
//   Result<Toolkit> saved = store.Update(*t, t->version);  // saved->version == t->version + 1
//
// Errors (every method): NotFound for an unknown id; Unavailable when the storage is busy or
// locked; IOError, Corruption or Internal for storage failures. No exceptions escape.
// Thread-safety: implementations must be safe to call from many threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/status.h"
#include "toolkits/toolkit.h"

namespace ch {

class ToolkitStore {
 public:
  virtual ~ToolkitStore() = default;

  // Stores a new toolkit with `toolkit.version` forced to 1. `edit_key_hash` is
  // HashEditKey(key) (toolkit_keys.h); the key itself is never stored.
  // AlreadyExists when the id is taken.
  virtual Status Create(const Toolkit& toolkit, const std::string& edit_key_hash) = 0;

  // The stored toolkit: content, copied_from, times and current version.
  virtual Result<Toolkit> Get(const std::string& id) = 0;

  // Replaces the content, copied_from and updated_at_ms of toolkit `toolkit.id` (created_at_ms
  // and version in `toolkit` are ignored) when its stored version is `expected_version`, and
  // increments the version. Returns the toolkit as stored, with the new version.
  // FailedPrecondition when the stored version differs (someone else changed it).
  virtual Result<Toolkit> Update(const Toolkit& toolkit, int64_t expected_version) = 0;

  // Deletes the toolkit and everything in it. With `expected_version`, only when the stored
  // version matches (FailedPrecondition otherwise).
  virtual Status Delete(const std::string& id, std::optional<int64_t> expected_version) = 0;

  // The stored edit-key hash of a toolkit, for ToolkitService::Authorize.
  virtual Result<std::string> GetEditKeyHash(const std::string& id) = 0;
};

}  // namespace ch
