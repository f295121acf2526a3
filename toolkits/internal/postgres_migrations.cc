#include "toolkits/internal/postgres_migrations.h"

#include <string>

namespace ch::internal {
namespace {

constexpr char kMigration1[] = R"sql(
CREATE TABLE toolkits (
  id            text PRIMARY KEY,
  title         text NOT NULL,
  description   text NOT NULL DEFAULT '',
  edit_key_hash text NOT NULL,
  copied_from   text,
  created_at    bigint NOT NULL,  -- Unix milliseconds, UTC
  updated_at    bigint NOT NULL,
  version       bigint NOT NULL DEFAULT 1
);
CREATE TABLE toolkit_items (
  toolkit_id  text NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
  position    integer NOT NULL,  -- 0-based display order
  resource_id text NOT NULL,
  note        text NOT NULL DEFAULT '',
  PRIMARY KEY (toolkit_id, position)
);
CREATE INDEX toolkit_items_by_resource ON toolkit_items(resource_id);
)sql";

// Unlike SQLite, PostgreSQL adds a column and a composite foreign key in place.
constexpr char kMigration2[] = R"sql(
CREATE TABLE toolkit_sections (
  toolkit_id text NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
  position   integer NOT NULL,  -- 0-based display order
  section_id text NOT NULL,     -- slug, unique within the toolkit
  title      text NOT NULL,
  PRIMARY KEY (toolkit_id, position),
  UNIQUE (toolkit_id, section_id)
);
ALTER TABLE toolkit_items ADD COLUMN section_id text;  -- NULL: not in a section
ALTER TABLE toolkit_items ADD CONSTRAINT toolkit_items_section_fkey
  FOREIGN KEY (toolkit_id, section_id) REFERENCES toolkit_sections(toolkit_id, section_id)
  DEFERRABLE INITIALLY DEFERRED;
)sql";

// Suggestions from the public (suggestion_store.h); the same columns as SQLite's migration 3.
constexpr char kMigration3[] = R"sql(
CREATE TABLE suggestions (
  id          text PRIMARY KEY,
  token_hash  text NOT NULL,
  title       text NOT NULL,
  url         text NOT NULL,
  why         text NOT NULL DEFAULT '',
  email       text NOT NULL DEFAULT '',
  status      text NOT NULL,
  reason      text NOT NULL DEFAULT '',
  resource_id text NOT NULL DEFAULT '',
  decided_by  text NOT NULL DEFAULT '',
  created_at  bigint NOT NULL,
  updated_at  bigint NOT NULL,
  version     bigint NOT NULL DEFAULT 1
);
CREATE INDEX suggestions_by_status ON suggestions(status, created_at);
)sql";

constexpr char kMigration4[] = R"sql(
ALTER TABLE toolkits ADD COLUMN language text NOT NULL DEFAULT 'en';
)sql";

// SQLite's migration 5: the order suggestions were made in, for ties of one millisecond. The
// sequence numbers rows already present in the order the table holds them.
constexpr char kMigration5[] = R"sql(
ALTER TABLE suggestions ADD COLUMN seq bigserial;
)sql";

constexpr char kCreateMigrationsTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at bigint NOT NULL  -- Unix milliseconds, UTC
)
)sql";

Status NewerThanThisProgram(int found, int latest) {
  return Status::FailedPrecondition("the toolkit database has schema version " +
                                    std::to_string(found) + ", newer than this program supports (" +
                                    std::to_string(latest) + ")");
}

}  // namespace

const std::vector<PostgresMigration>& PostgresToolkitMigrations() {
  static const std::vector<PostgresMigration> kMigrations = {
      {1, "toolkits and items", kMigration1},
      {2, "sections", kMigration2},
      {3, "suggestions", kMigration3},
      {4, "toolkit language", kMigration4},
      {5, "suggestion order", kMigration5},
  };
  return kMigrations;
}

Result<int> PostgresToolkitSchemaVersion(PgConnection& db) {
  CH_ASSIGN_OR_RETURN(
      PgResult exists,
      db.Exec("look for schema_migrations", "SELECT to_regclass('schema_migrations') IS NOT NULL"));
  if (exists.Text(0, 0) != "t") return 0;
  CH_ASSIGN_OR_RETURN(PgResult max,
                      db.Exec("read the schema version",
                              "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return static_cast<int>(max.Int(0, 0));
}

Result<int> MigratePostgresToolkitSchema(PgConnection& db, int64_t now_ms) {
  const int latest = PostgresToolkitMigrations().back().version;
  CH_ASSIGN_OR_RETURN(PgTransaction tx, PgTransaction::Begin(db, PgTransaction::Mode::kWrite));
  // Held until commit or rollback: concurrent starts migrate one after another.
  CH_ASSIGN_OR_RETURN(PgResult locked,
                      db.Exec("lock the schema for migration", "SELECT pg_advisory_xact_lock($1)",
                              {kToolkitSchemaLockKey}));
  CH_ASSIGN_OR_RETURN(int current, PostgresToolkitSchemaVersion(db));
  if (current > latest) return NewerThanThisProgram(current, latest);
  if (current == latest) {
    CH_RETURN_IF_ERROR(tx.Commit());
    return latest;
  }
  if (current == 0) {
    CH_RETURN_IF_ERROR(db.ExecScript("create schema_migrations", kCreateMigrationsTable));
  }
  for (const PostgresMigration& m : PostgresToolkitMigrations()) {
    if (m.version <= current) continue;
    const std::string what = "migration " + std::to_string(m.version);
    CH_RETURN_IF_ERROR(db.ExecScript(what, m.sql));
    CH_ASSIGN_OR_RETURN(
        PgResult recorded,
        db.Exec("record " + what,
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                {static_cast<int64_t>(m.version), m.name, now_ms}));
  }
  CH_RETURN_IF_ERROR(tx.Commit());
  return latest;
}

}  // namespace ch::internal
