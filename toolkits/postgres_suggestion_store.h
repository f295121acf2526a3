// postgres_suggestion_store.h: the SuggestionStore in the toolkits' PostgreSQL database.
//
//   Result<std::unique_ptr<PostgresSuggestionStore>> s = PostgresSuggestionStore::Open(uri);
//
// Connects like PostgresToolkitStore (same options, its own small pool), applies the toolkit
// schema's migrations (internal/postgres_migrations.h, under the same advisory lock), which
// include the suggestions table. A versioned update is `UPDATE ... WHERE id = $n AND version =
// $m`, as for toolkits. SQL is constant text; data are always parameters. Errors: as
// PostgresToolkitStore and the SuggestionStore interface. Thread-safe.
#pragma once

#include <memory>
#include <string>

#include "toolkits/postgres_toolkit_store.h"
#include "toolkits/suggestion_store.h"

namespace ch {

namespace internal {
class PgConnection;
class PgPool;
}  // namespace internal

class PostgresSuggestionStore : public SuggestionStore {
 public:
  static Result<std::unique_ptr<PostgresSuggestionStore>> Open(
      const std::string& conninfo, const PostgresStoreOptions& options = {});
  ~PostgresSuggestionStore() override;

  Status Create(const PublicSuggestion& s) override;
  Result<PublicSuggestion> Get(const std::string& id) override;
  Result<SuggestionPage> List(const std::string& status, int64_t offset, int64_t limit) override;
  Result<int64_t> Count(const std::string& status) override;
  Result<PublicSuggestion> Update(const PublicSuggestion& s, int64_t expected_version) override;

 private:
  explicit PostgresSuggestionStore(std::unique_ptr<internal::PgPool> pool);
  template <typename Body>
  Status WithConnection(bool write, Body&& body);

  std::unique_ptr<internal::PgPool> pool_;
};

}  // namespace ch
