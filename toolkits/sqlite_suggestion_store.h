// sqlite_suggestion_store.h: the SuggestionStore in the toolkits' SQLite file.
//
//   Result<std::unique_ptr<SqliteSuggestionStore>> s = SqliteSuggestionStore::Open(path);
//
// Opens its own connection to the file (WAL, so it and the toolkit store's connection never
// block each other for long; the busy timeout covers the rest) and applies the toolkit schema's
// migrations (internal/sqlite_migrations.h), which include the suggestions table. One connection
// guarded by a mutex, as in SqliteToolkitStore. Errors: as SqliteToolkitStore::Open and the
// SuggestionStore interface. Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/suggestion_store.h"

namespace ch {

namespace internal {
class SqliteConnection;
}

class SqliteSuggestionStore : public SuggestionStore {
 public:
  static Result<std::unique_ptr<SqliteSuggestionStore>> Open(
      const std::string& path, const SqliteStoreOptions& options = {});
  ~SqliteSuggestionStore() override;

  Status Create(const PublicSuggestion& s) override;
  Result<PublicSuggestion> Get(const std::string& id) override;
  Result<SuggestionPage> List(const std::string& status, int64_t offset, int64_t limit) override;
  Result<int64_t> Count(const std::string& status) override;
  Result<PublicSuggestion> Update(const PublicSuggestion& s, int64_t expected_version) override;

 private:
  explicit SqliteSuggestionStore(std::unique_ptr<internal::SqliteConnection> db);
  Result<PublicSuggestion> GetLocked(const std::string& id);

  std::mutex mutex_;
  std::unique_ptr<internal::SqliteConnection> db_;  // guarded by mutex_
};

}  // namespace ch
