// internal/sqlite_migrations.h: the toolkit database's schema, as numbered migrations.
//
// The table `schema_migrations(version, name, applied_at)` records every migration applied to a
// file; the file's schema version is its highest `version`. MigrateToolkitSchema applies the
// missing ones in order, each in its own write transaction together with its row in
// schema_migrations, so a crash leaves the file at some whole version. Two processes opening the
// same file at once are safe: each migration re-reads the version inside its transaction.
//
// Migrations are append-only: a released migration is never edited, a change is a new one.
//   1  toolkits + toolkit_items (ordered items with notes)
//   2  toolkit_sections, and toolkit_items.section_id referring to them (table rebuilt)
//   3  suggestions from the public (suggestion_store.h)
//   4  toolkits.language (the toolkit's language, "en" for older rows)
//
// Errors: FailedPrecondition when the file is newer than this build (a higher version than the
// last migration here); the StatusFromSqlite mapping otherwise. Not thread-safe (one connection).
#pragma once

#include <vector>

#include "base/status.h"
#include "toolkits/internal/sqlite_db.h"

namespace ch::internal {

struct SqliteMigration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration, in version order (1, 2, ...).
const std::vector<SqliteMigration>& ToolkitMigrations();

// The file's schema version: 0 for a new, empty file.
Result<int> ToolkitSchemaVersion(SqliteConnection& db);

// Brings the file to the latest version; returns that version.
Result<int> MigrateToolkitSchema(SqliteConnection& db, int64_t now_ms);

}  // namespace ch::internal
