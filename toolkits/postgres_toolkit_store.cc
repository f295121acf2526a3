#include "toolkits/postgres_toolkit_store.h"

#include <chrono>
#include <vector>

#include "toolkits/internal/pg_db.h"
#include "toolkits/internal/pg_pool.h"
#include "toolkits/internal/postgres_migrations.h"
#include "toolkits/internal/store_support.h"

namespace ch {

using internal::Guarded;
using internal::NoSuchToolkit;
using internal::NowMs;
using internal::PgConnection;
using internal::PgParam;
using internal::PgPool;
using internal::PgResult;
using internal::PgTransaction;

namespace {

// A PostgreSQL array literal of text, sent as ONE query parameter (never as SQL): every element
// double-quoted with `"` and `\` escaped, so any text survives; std::nullopt is NULL.
class TextArray {
 public:
  void Add(std::string_view text) {
    out_ += out_.size() > 1 ? ",\"" : "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out_ += '\\';
      out_ += c;
    }
    out_ += '"';
  }
  // NULL for "" (no section).
  void AddOrNull(std::string_view text) {
    if (!text.empty()) return Add(text);
    out_ += out_.size() > 1 ? ",NULL" : "NULL";
  }
  std::string Literal() const { return out_ + "}"; }

 private:
  std::string out_ = "{";
};

Result<Toolkit> ReadToolkit(PgConnection& db, const std::string& id) {
  Toolkit t;
  CH_ASSIGN_OR_RETURN(
      PgResult head,
      db.Exec("read the toolkit",
              "SELECT title, description, copied_from, created_at, updated_at, version, language "
              "FROM toolkits WHERE id = $1",
              {id}));
  if (head.rows() == 0) return NoSuchToolkit(id);
  t.id = id;
  t.content.title = head.Text(0, 0);
  t.content.description = head.Text(0, 1);
  t.copied_from = head.Text(0, 2);
  t.created_at_ms = head.Int(0, 3);
  t.updated_at_ms = head.Int(0, 4);
  t.version = head.Int(0, 5);
  t.content.language = head.Text(0, 6);
  CH_ASSIGN_OR_RETURN(
      PgResult sections,
      db.Exec(
          "read the sections",
          "SELECT section_id, title FROM toolkit_sections WHERE toolkit_id = $1 ORDER BY position",
          {id}));
  for (int r = 0; r < sections.rows(); ++r) {
    t.content.sections.push_back({sections.Text(r, 0), sections.Text(r, 1)});
  }
  CH_ASSIGN_OR_RETURN(
      PgResult items,
      db.Exec("read the items",
              "SELECT resource_id, note, section_id FROM toolkit_items WHERE toolkit_id = $1 "
              "ORDER BY position",
              {id}));
  for (int r = 0; r < items.rows(); ++r) {
    t.content.items.push_back({items.Text(r, 0), items.Text(r, 1), items.Text(r, 2)});
  }
  return t;
}

// Replaces the sections and items of `t` (four statements, whatever their number).
Status WriteChildren(PgConnection& db, const Toolkit& t) {
  CH_RETURN_IF_ERROR(
      db.Exec("delete the items", "DELETE FROM toolkit_items WHERE toolkit_id = $1", {t.id}));
  CH_RETURN_IF_ERROR(
      db.Exec("delete the sections", "DELETE FROM toolkit_sections WHERE toolkit_id = $1", {t.id}));
  if (!t.content.sections.empty()) {
    TextArray ids, titles;
    for (const ToolkitSection& s : t.content.sections) {
      ids.Add(s.id);
      titles.Add(s.title);
    }
    CH_ASSIGN_OR_RETURN(
        PgResult added,
        db.Exec("write the sections",
                "INSERT INTO toolkit_sections (toolkit_id, position, section_id, title) "
                "SELECT $1, (s.ord - 1)::integer, s.section_id, s.title "
                "FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS s(section_id, title, ord)",
                {t.id, ids.Literal(), titles.Literal()}));
  }
  if (!t.content.items.empty()) {
    TextArray resources, notes, sections;
    for (const ToolkitItem& item : t.content.items) {
      resources.Add(item.resource_id);
      notes.Add(item.note);
      sections.AddOrNull(item.section_id);
    }
    CH_ASSIGN_OR_RETURN(
        PgResult added,
        db.Exec("write the items",
                "INSERT INTO toolkit_items (toolkit_id, position, resource_id, note, section_id) "
                "SELECT $1, (i.ord - 1)::integer, i.resource_id, i.note, i.section_id "
                "FROM unnest($2::text[], $3::text[], $4::text[]) "
                "WITH ORDINALITY AS i(resource_id, note, section_id, ord)",
                {t.id, resources.Literal(), notes.Literal(), sections.Literal()}));
  }
  return Status::Ok();
}

// Why a versioned write changed no row: NotFound, or FailedPrecondition naming both versions.
Status VersionConflict(PgConnection& db, const std::string& id, int64_t expected_version) {
  CH_ASSIGN_OR_RETURN(
      PgResult q, db.Exec("read the version", "SELECT version FROM toolkits WHERE id = $1", {id}));
  if (q.rows() == 0) return NoSuchToolkit(id);
  return Status::FailedPrecondition(
             "toolkit '" + id + "' is at version " + std::to_string(q.Int(0, 0)) + ", not " +
             std::to_string(expected_version) + ": it was changed since you read it")
      .WithField("version");
}

}  // namespace

int PostgresToolkitStore::LatestSchemaVersion() {
  return internal::PostgresToolkitMigrations().back().version;
}

Result<std::string> PostgresToolkitStore::Describe(const std::string& conninfo) {
  CH_ASSIGN_OR_RETURN(internal::PgTarget target, internal::ParsePgTarget(conninfo));
  return target.RedactedUri();
}

PostgresToolkitStore::PostgresToolkitStore(std::unique_ptr<PgPool> pool, int max_attempts,
                                           int schema_version)
    : pool_(std::move(pool)), max_attempts_(max_attempts), schema_version_(schema_version) {}

PostgresToolkitStore::~PostgresToolkitStore() = default;

Result<std::unique_ptr<PostgresToolkitStore>> PostgresToolkitStore::Open(
    const std::string& conninfo, const PostgresStoreOptions& options) {
  using Out = Result<std::unique_ptr<PostgresToolkitStore>>;
  return Guarded<Out>([&]() -> Out {
    if (options.max_connections < 1) return Status::InvalidArgument("max_connections must be >= 1");
    internal::PgConnectOptions connect;
    connect.connect_timeout_s = options.connect_timeout_s;
    connect.statement_timeout_ms = options.statement_timeout_ms;
    connect.application_name = options.application_name;
    CH_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> db, PgConnection::Connect(conninfo, connect));
    CH_ASSIGN_OR_RETURN(int version, internal::MigratePostgresToolkitSchema(*db, NowMs()));
    internal::PgPoolOptions pool_options;
    pool_options.max_connections = options.max_connections;
    pool_options.wait = std::chrono::milliseconds(options.pool_wait_ms);
    auto pool = std::make_unique<PgPool>(conninfo, connect, pool_options);
    pool->Adopt(std::move(db));
    return std::unique_ptr<PostgresToolkitStore>(new PostgresToolkitStore(
        std::move(pool), static_cast<int>(options.max_connections) + 1, version));
  });
}

template <typename Body>
Status PostgresToolkitStore::InTransaction(Access access, Body&& body) {
  const auto mode =
      access == Access::kWrite ? PgTransaction::Mode::kWrite : PgTransaction::Mode::kRead;
  // Every idle connection may have died with a server restart: each failed BEGIN on a reused
  // connection drops it (nothing ran, so trying again is safe) and the next lease takes another
  // idle one or opens a new one. At most max_connections are idle, so that many tries suffice.
  for (int attempt = 0;; ++attempt) {
    CH_ASSIGN_OR_RETURN(PgPool::Lease lease, pool_->Acquire());
    PgConnection& db = *lease;
    Result<PgTransaction> tx = PgTransaction::Begin(db, mode);  // destroyed before the lease
    if (!tx.ok()) {
      if (lease.reused() && db.broken() && attempt < max_attempts_) continue;
      return tx.status();
    }
    CH_RETURN_IF_ERROR(body(db));
    return tx->Commit();
  }
}

Status PostgresToolkitStore::Create(const Toolkit& t, const std::string& edit_key_hash) {
  return Guarded<Status>([&]() -> Status {
    return InTransaction(Access::kWrite, [&](PgConnection& db) -> Status {
      Result<PgResult> inserted = db.Exec(
          "insert the toolkit",
          "INSERT INTO toolkits (id, title, description, edit_key_hash, copied_from, created_at, "
          "updated_at, version, language) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
          {t.id, t.content.title, t.content.description, edit_key_hash,
           PgParam::OrNull(t.copied_from), t.created_at_ms, t.updated_at_ms, t.content.language});
      if (inserted.status().code() == Status::Code::kAlreadyExists) {
        return Status::AlreadyExists("a toolkit with id '" + t.id + "' already exists");
      }
      if (!inserted.ok()) return inserted.status();
      return WriteChildren(db, t);
    });
  });
}

Result<Toolkit> PostgresToolkitStore::Get(const std::string& id) {
  return Guarded<Result<Toolkit>>([&]() -> Result<Toolkit> {
    std::optional<Toolkit> found;
    CH_RETURN_IF_ERROR(InTransaction(Access::kRead, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(Toolkit t, ReadToolkit(db, id));
      found = std::move(t);
      return Status::Ok();
    }));
    return std::move(*found);
  });
}

Result<Toolkit> PostgresToolkitStore::Update(const Toolkit& t, int64_t expected_version) {
  return Guarded<Result<Toolkit>>([&]() -> Result<Toolkit> {
    Toolkit saved = t;
    CH_RETURN_IF_ERROR(InTransaction(Access::kWrite, [&](PgConnection& db) -> Status {
      // Waits for a concurrent writer's row lock, then re-checks `version` on the new row.
      CH_ASSIGN_OR_RETURN(
          PgResult up,
          db.Exec(
              "update the toolkit",
              "UPDATE toolkits SET title = $1, description = $2, copied_from = $3, updated_at = "
              "$4, language = $7, "
              "version = version + 1 WHERE id = $5 AND version = $6 RETURNING created_at, version",
              {t.content.title, t.content.description, PgParam::OrNull(t.copied_from),
               t.updated_at_ms, t.id, expected_version, t.content.language}));
      if (up.rows() == 0) return VersionConflict(db, t.id, expected_version);
      saved.created_at_ms = up.Int(0, 0);
      saved.version = up.Int(0, 1);
      return WriteChildren(db, t);
    }));
    return saved;
  });
}

Status PostgresToolkitStore::Delete(const std::string& id,
                                    std::optional<int64_t> expected_version) {
  return Guarded<Status>([&]() -> Status {
    return InTransaction(Access::kWrite, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(
          PgResult del,
          db.Exec(
              "delete the toolkit",
              "DELETE FROM toolkits WHERE id = $1 AND ($2::bigint IS NULL OR version = $2::bigint)",
              {id, expected_version ? PgParam(*expected_version) : PgParam::Null()}));
      if (del.affected() == 0) return VersionConflict(db, id, expected_version.value_or(0));
      return Status::Ok();
    });
  });
}

Result<std::string> PostgresToolkitStore::GetEditKeyHash(const std::string& id) {
  return Guarded<Result<std::string>>([&]() -> Result<std::string> {
    std::string hash;
    CH_RETURN_IF_ERROR(InTransaction(Access::kRead, [&](PgConnection& db) -> Status {
      CH_ASSIGN_OR_RETURN(PgResult q,
                          db.Exec("read the edit key hash",
                                  "SELECT edit_key_hash FROM toolkits WHERE id = $1", {id}));
      if (q.rows() == 0) return NoSuchToolkit(id);
      hash = q.Text(0, 0);
      return Status::Ok();
    }));
    return hash;
  });
}

}  // namespace ch
