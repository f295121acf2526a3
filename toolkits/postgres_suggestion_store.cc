#include "toolkits/postgres_suggestion_store.h"

#include <algorithm>
#include <chrono>

#include "toolkits/internal/pg_db.h"
#include "toolkits/internal/pg_pool.h"
#include "toolkits/internal/postgres_migrations.h"
#include "toolkits/internal/store_support.h"
#include "toolkits/sqlite_suggestion_store.h"

namespace ch {

using internal::Guarded;
using internal::NowMs;
using internal::PgConnection;
using internal::PgPool;
using internal::PgResult;
using internal::PgTransaction;

namespace {

PublicSuggestion ReadRow(const PgResult& q, int r) {
  PublicSuggestion s;
  s.id = q.Text(r, 0);
  s.token_hash = q.Text(r, 1);
  s.title = q.Text(r, 2);
  s.url = q.Text(r, 3);
  s.why = q.Text(r, 4);
  s.email = q.Text(r, 5);
  s.status = q.Text(r, 6);
  s.reason = q.Text(r, 7);
  s.resource_id = q.Text(r, 8);
  s.decided_by = q.Text(r, 9);
  s.created_at_ms = q.Int(r, 10);
  s.updated_at_ms = q.Int(r, 11);
  s.version = q.Int(r, 12);
  return s;
}

#define CH_SUGGESTION_COLUMNS                                                         \
  "id, token_hash, title, url, why, email, status, reason, resource_id, decided_by, " \
  "created_at, updated_at, version"

Status NoSuchSuggestion(const std::string& id) {
  return Status::NotFound("no suggestion with id '" + id + "'");
}

}  // namespace

PostgresSuggestionStore::PostgresSuggestionStore(std::unique_ptr<PgPool> pool)
    : pool_(std::move(pool)) {}
PostgresSuggestionStore::~PostgresSuggestionStore() = default;

Result<std::unique_ptr<PostgresSuggestionStore>> PostgresSuggestionStore::Open(
    const std::string& conninfo, const PostgresStoreOptions& options) {
  using Out = Result<std::unique_ptr<PostgresSuggestionStore>>;
  return Guarded<Out>([&]() -> Out {
    if (options.max_connections < 1) return Status::InvalidArgument("max_connections must be >= 1");
    internal::PgConnectOptions connect;
    connect.connect_timeout_s = options.connect_timeout_s;
    connect.statement_timeout_ms = options.statement_timeout_ms;
    connect.application_name = options.application_name;
    CH_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> db, PgConnection::Connect(conninfo, connect));
    CH_RETURN_IF_ERROR(internal::MigratePostgresToolkitSchema(*db, NowMs()).status());
    internal::PgPoolOptions pool_options;
    pool_options.max_connections = options.max_connections;
    pool_options.wait = std::chrono::milliseconds(options.pool_wait_ms);
    auto pool = std::make_unique<PgPool>(conninfo, connect, pool_options);
    pool->Adopt(std::move(db));
    return std::unique_ptr<PostgresSuggestionStore>(new PostgresSuggestionStore(std::move(pool)));
  });
}

// One transaction on a leased connection; a pooled connection found dead before anything ran is
// replaced (as PostgresToolkitStore::InTransaction does).
template <typename Body>
Status PostgresSuggestionStore::WithConnection(bool write, Body&& body) {
  const auto mode = write ? PgTransaction::Mode::kWrite : PgTransaction::Mode::kRead;
  for (int attempt = 0;; ++attempt) {
    CH_ASSIGN_OR_RETURN(PgPool::Lease lease, pool_->Acquire());
    PgConnection& db = *lease;
    Result<PgTransaction> tx = PgTransaction::Begin(db, mode);
    if (!tx.ok()) {
      if (lease.reused() && db.broken() && attempt < 9) continue;
      return tx.status();
    }
    CH_RETURN_IF_ERROR(body(db));
    return tx->Commit();
  }
}

Status PostgresSuggestionStore::Create(const PublicSuggestion& s) {
  return Guarded<Status>([&]() -> Status {
    return WithConnection(true, [&](PgConnection& db) -> Status {
      Result<PgResult> inserted =
          db.Exec("insert the suggestion",
                  "INSERT INTO suggestions (" CH_SUGGESTION_COLUMNS
                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1)",
                  {s.id, s.token_hash, s.title, s.url, s.why, s.email, s.status, s.reason,
                   s.resource_id, s.decided_by, s.created_at_ms, s.updated_at_ms});
      if (inserted.status().code() == Status::Code::kAlreadyExists) {
        return Status::AlreadyExists("a suggestion with id '" + s.id + "' already exists");
      }
      return inserted.status();
    });
  });
}

Result<PublicSuggestion> PostgresSuggestionStore::Get(const std::string& id) {
  return Guarded<Result<PublicSuggestion>>([&]() -> Result<PublicSuggestion> {
    PublicSuggestion found;
    CH_RETURN_IF_ERROR(WithConnection(false, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(
          PgResult q,
          db.Exec("read the suggestion",
                  "SELECT " CH_SUGGESTION_COLUMNS " FROM suggestions WHERE id = $1", {id}));
      if (q.rows() == 0) return NoSuchSuggestion(id);
      found = ReadRow(q, 0);
      return Status::Ok();
    }));
    return found;
  });
}

Result<SuggestionPage> PostgresSuggestionStore::List(const std::string& status, int64_t offset,
                                                     int64_t limit) {
  return Guarded<Result<SuggestionPage>>([&]() -> Result<SuggestionPage> {
    SuggestionPage page;
    CH_RETURN_IF_ERROR(WithConnection(false, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(PgResult q,
                          db.Exec("list the suggestions",
                                  "SELECT " CH_SUGGESTION_COLUMNS
                                  " FROM suggestions WHERE ($1 = '' OR status = $1) "
                                  "ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3",
                                  {status, limit, offset}));
      for (int r = 0; r < q.rows(); ++r) page.suggestions.push_back(ReadRow(q, r));
      CH_ASSIGN_OR_RETURN(
          PgResult n,
          db.Exec("count the suggestions",
                  "SELECT COUNT(*) FROM suggestions WHERE ($1 = '' OR status = $1)", {status}));
      page.total = n.Int(0, 0);
      return Status::Ok();
    }));
    return page;
  });
}

Result<int64_t> PostgresSuggestionStore::Count(const std::string& status) {
  return Guarded<Result<int64_t>>([&]() -> Result<int64_t> {
    int64_t count = 0;
    CH_RETURN_IF_ERROR(WithConnection(false, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(PgResult n,
                          db.Exec("count the suggestions",
                                  "SELECT COUNT(*) FROM suggestions WHERE status = $1", {status}));
      count = n.Int(0, 0);
      return Status::Ok();
    }));
    return count;
  });
}

Result<PublicSuggestion> PostgresSuggestionStore::Update(const PublicSuggestion& s,
                                                         int64_t expected_version) {
  return Guarded<Result<PublicSuggestion>>([&]() -> Result<PublicSuggestion> {
    PublicSuggestion stored;
    CH_RETURN_IF_ERROR(WithConnection(true, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(
          PgResult up, db.Exec("update the suggestion",
                               "UPDATE suggestions SET status = $1, reason = $2, resource_id = $3, "
                               "decided_by = $4, updated_at = $5, version = version + 1 "
                               "WHERE id = $6 AND version = $7 RETURNING " CH_SUGGESTION_COLUMNS,
                               {s.status, s.reason, s.resource_id, s.decided_by, s.updated_at_ms,
                                s.id, expected_version}));
      if (up.rows() == 1) {
        stored = ReadRow(up, 0);
        return Status::Ok();
      }
      CH_ASSIGN_OR_RETURN(
          PgResult q,
          db.Exec("read the version", "SELECT version FROM suggestions WHERE id = $1", {s.id}));
      if (q.rows() == 0) return NoSuchSuggestion(s.id);
      return Status::FailedPrecondition("suggestion '" + s.id + "' is at version " +
                                        std::to_string(q.Int(0, 0)) + ", not " +
                                        std::to_string(expected_version) +
                                        ": another curator changed it since you read it")
          .WithField("version");
    }));
    return stored;
  });
}

Result<std::unique_ptr<SuggestionStore>> OpenSuggestionStore(const ToolkitStoreSpec& spec,
                                                             const ToolkitStoreOptions& options) {
  if (spec.backend == ToolkitStoreSpec::Backend::kPostgres) {
    PostgresStoreOptions pg = options.postgres;
    pg.max_connections = std::min<size_t>(pg.max_connections, 2);  // a light, bursty load
    CH_ASSIGN_OR_RETURN(std::unique_ptr<PostgresSuggestionStore> store,
                        PostgresSuggestionStore::Open(spec.target, pg));
    return std::unique_ptr<SuggestionStore>(std::move(store));
  }
  CH_ASSIGN_OR_RETURN(std::unique_ptr<SqliteSuggestionStore> store,
                      SqliteSuggestionStore::Open(spec.target, options.sqlite));
  return std::unique_ptr<SuggestionStore>(std::move(store));
}

}  // namespace ch
