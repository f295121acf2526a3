#include "toolkits/internal/sqlite_migrations.h"

namespace ch::internal {
namespace {

constexpr char kMigration1[] = R"sql(
CREATE TABLE toolkits (
  id            TEXT PRIMARY KEY,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT '',
  edit_key_hash TEXT NOT NULL,
  copied_from   TEXT,
  created_at    INTEGER NOT NULL,  -- Unix milliseconds, UTC
  updated_at    INTEGER NOT NULL,
  version       INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE toolkit_items (
  toolkit_id  TEXT NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,  -- 0-based display order
  resource_id TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (toolkit_id, position)
) WITHOUT ROWID;
CREATE INDEX toolkit_items_by_resource ON toolkit_items(resource_id);
)sql";

// Sections, and items that refer to them. SQLite cannot add a composite foreign key to an
// existing table, so toolkit_items is rebuilt (the documented create-copy-drop-rename way;
// nothing refers to toolkit_items, so foreign keys may stay on).
constexpr char kMigration2[] = R"sql(
CREATE TABLE toolkit_sections (
  toolkit_id TEXT NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,  -- 0-based display order
  section_id TEXT NOT NULL,     -- slug, unique within the toolkit
  title      TEXT NOT NULL,
  PRIMARY KEY (toolkit_id, position),
  UNIQUE (toolkit_id, section_id)
) WITHOUT ROWID;
CREATE TABLE toolkit_items_v2 (
  toolkit_id  TEXT NOT NULL REFERENCES toolkits(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  resource_id TEXT NOT NULL,
  note        TEXT NOT NULL DEFAULT '',
  section_id  TEXT,  -- NULL: not in a section
  PRIMARY KEY (toolkit_id, position),
  FOREIGN KEY (toolkit_id, section_id) REFERENCES toolkit_sections(toolkit_id, section_id)
    DEFERRABLE INITIALLY DEFERRED
) WITHOUT ROWID;
INSERT INTO toolkit_items_v2 (toolkit_id, position, resource_id, note)
  SELECT toolkit_id, position, resource_id, note FROM toolkit_items;
DROP TABLE toolkit_items;
ALTER TABLE toolkit_items_v2 RENAME TO toolkit_items;
CREATE INDEX toolkit_items_by_resource ON toolkit_items(resource_id);
)sql";

// Suggestions from the public (suggestion_store.h): one row each, the status token kept only as
// its hash. The index serves the curators' queue (by status, newest first).
constexpr char kMigration3[] = R"sql(
CREATE TABLE suggestions (
  id          TEXT PRIMARY KEY,
  token_hash  TEXT NOT NULL,             -- SHA-256 of the submitter's status token
  title       TEXT NOT NULL,
  url         TEXT NOT NULL,
  why         TEXT NOT NULL DEFAULT '',
  email       TEXT NOT NULL DEFAULT '',  -- optional; shown to curators only
  status      TEXT NOT NULL,             -- new, accepted, declined, published
  reason      TEXT NOT NULL DEFAULT '',  -- why it was declined
  resource_id TEXT NOT NULL DEFAULT '',  -- the resource it became
  decided_by  TEXT NOT NULL DEFAULT '',  -- the curator key's name
  created_at  INTEGER NOT NULL,          -- Unix milliseconds, UTC
  updated_at  INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX suggestions_by_status ON suggestions(status, created_at);
)sql";

// The toolkit's language (issue #18): its exports' headings are in it.
constexpr char kMigration4[] = R"sql(
ALTER TABLE toolkits ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
)sql";

// The order suggestions were made in, for suggestions of the same millisecond: their ids are
// random, so ordering those ties by id listed them at random. Rows made before this migration
// take their rowid, their insertion order; new rows take the next number inside their write
// transaction (SqliteSuggestionStore::Create).
constexpr char kMigration5[] = R"sql(
ALTER TABLE suggestions ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE suggestions SET seq = rowid;
CREATE INDEX suggestions_by_seq ON suggestions(seq);
)sql";

constexpr char kCreateMigrationsTable[] = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at INTEGER NOT NULL  -- Unix milliseconds, UTC
);
)sql";

}  // namespace

const std::vector<SqliteMigration>& ToolkitMigrations() {
  static const std::vector<SqliteMigration> kMigrations = {
      {1, "toolkits and items", kMigration1},
      {2, "sections", kMigration2},
      {3, "suggestions", kMigration3},
      {4, "toolkit language", kMigration4},
      {5, "suggestion order", kMigration5},
  };
  return kMigrations;
}

Result<int> ToolkitSchemaVersion(SqliteConnection& db) {
  CH_ASSIGN_OR_RETURN(
      SqliteStatement exists,
      db.Prepare(
          "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"));
  CH_ASSIGN_OR_RETURN(bool found, exists.Step());
  if (!found) return 0;
  CH_ASSIGN_OR_RETURN(SqliteStatement max,
                      db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  CH_ASSIGN_OR_RETURN(bool row, max.Step());
  return static_cast<int>(max.Int(0));
}

Result<int> MigrateToolkitSchema(SqliteConnection& db, int64_t now_ms) {
  const int latest = ToolkitMigrations().back().version;
  {
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(db, /*write=*/true));
    CH_RETURN_IF_ERROR(db.Exec(kCreateMigrationsTable, "create schema_migrations"));
    CH_RETURN_IF_ERROR(tx.Commit());
  }
  for (const SqliteMigration& m : ToolkitMigrations()) {
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(db, /*write=*/true));
    CH_ASSIGN_OR_RETURN(int current, ToolkitSchemaVersion(db));
    if (current > latest) {
      return Status::FailedPrecondition(
          "the toolkit database has schema version " + std::to_string(current) +
          ", newer than this program supports (" + std::to_string(latest) + ")");
    }
    if (current >= m.version) continue;  // applied earlier (or by another process just now)
    if (current != m.version - 1) {
      return Status::Corruption("the toolkit database skips schema migrations (at " +
                                std::to_string(current) + ", next is " + std::to_string(m.version) +
                                ")");
    }
    CH_RETURN_IF_ERROR(db.Exec(m.sql, "migration " + std::to_string(m.version)));
    CH_ASSIGN_OR_RETURN(
        SqliteStatement record,
        db.Prepare(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)"));
    CH_RETURN_IF_ERROR(record.Bind(1, static_cast<int64_t>(m.version)));
    CH_RETURN_IF_ERROR(record.Bind(2, m.name));
    CH_RETURN_IF_ERROR(record.Bind(3, now_ms));
    CH_RETURN_IF_ERROR(record.Run());
    CH_RETURN_IF_ERROR(tx.Commit());
  }
  CH_ASSIGN_OR_RETURN(int final_version, ToolkitSchemaVersion(db));
  if (final_version > latest) {
    return Status::FailedPrecondition(
        "the toolkit database has schema version " + std::to_string(final_version) +
        ", newer than this program supports (" + std::to_string(latest) + ")");
  }
  return final_version;
}

}  // namespace ch::internal
