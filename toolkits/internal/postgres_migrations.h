// internal/postgres_migrations.h: the toolkit schema in PostgreSQL, as numbered migrations.
//
// The same versions as the SQLite schema (internal/sqlite_migrations.h): version N means the
// same tables and columns on both backends, written in each one's SQL.
//   1  toolkits + toolkit_items (ordered items with notes)
//   2  toolkit_sections, and toolkit_items.section_id referring to them
//   3  suggestions from the public (suggestion_store.h)
//   4  toolkits.language (the toolkit's language, "en" for older rows)
//
// MigratePostgresToolkitSchema runs in ONE transaction that first takes a transaction-level
// advisory lock (pg_advisory_xact_lock, kToolkitSchemaLockKey) in the current database: when
// several servers start at once, one migrates and the others wait for its commit, then find
// nothing left to do. PostgreSQL's DDL is transactional, so a failure leaves the database as it
// was. `schema_migrations(version, name, applied_at)` records every migration applied.
//
// Migrations are append-only: a released migration is never edited, a change is a new one (in
// both backends' lists). Tables are created unqualified, in the first schema of the
// connection's search_path (`public` by default; `?options=-csearch_path%3Dname` picks another).
//
// Errors: FailedPrecondition when the database is newer than this build (a higher version than
// the last migration here); the StatusFromPg mapping (internal/pg_db.h) otherwise. Not
// thread-safe (one connection).
#pragma once

#include <cstdint>
#include <vector>

#include "base/status.h"
#include "toolkits/internal/pg_db.h"

namespace ch::internal {

// The advisory lock key the migrations hold ("ch-tkit" in ASCII): the same for every server of
// this program, distinct from keys other programs are likely to use.
inline constexpr int64_t kToolkitSchemaLockKey = 0x63682d746b6974;

struct PostgresMigration {
  int version;
  const char* name;
  const char* sql;
};

// Every migration, in version order (1, 2, ...).
const std::vector<PostgresMigration>& PostgresToolkitMigrations();

// The database's schema version: 0 when schema_migrations does not exist yet.
Result<int> PostgresToolkitSchemaVersion(PgConnection& db);

// Brings the database to the latest version; returns that version.
Result<int> MigratePostgresToolkitSchema(PgConnection& db, int64_t now_ms);

}  // namespace ch::internal
