// internal/sqlite_db.h: a thin RAII layer over the SQLite C API that speaks Status.
//
// Private to the toolkits module (used by sqlite_toolkit_store.cc and its migrations). Every
// SQLite result code becomes a Status through StatusFromSqlite:
//   SQLITE_BUSY, SQLITE_LOCKED              -> Unavailable (the busy timeout expired)
//   SQLITE_CONSTRAINT_PRIMARYKEY / _UNIQUE  -> AlreadyExists
//   SQLITE_CORRUPT, SQLITE_NOTADB           -> Corruption
//   SQLITE_IOERR, _FULL, _CANTOPEN, _READONLY, _PERM, _NOLFS -> IOError
//   anything else                           -> Internal
//
//   SqliteConnection& db = ...;
//   Result<SqliteStatement> s = db.Prepare("SELECT title FROM toolkits WHERE id = ?1");
//   CH_RETURN_IF_ERROR(s->Bind(1, id));
//   Result<bool> row = s->Step();
//
// Thread-safety: none. A SqliteConnection and its statements must be used by one thread at a
// time; SqliteToolkitStore serialises all use with a mutex.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace ch::internal {

Status StatusFromSqlite(int rc, sqlite3* db, std::string_view what);

// A prepared statement borrowed from its connection's cache. Resets itself and clears its
// bindings when destroyed, so the cached statement is ready for the next use.
class SqliteStatement {
 public:
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) = delete;
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameters are 1-based.
  Status Bind(int index, std::string_view text);
  Status Bind(int index, int64_t value);
  Status BindNull(int index);
  // NULL when `text` is empty.
  Status BindOptional(int index, std::string_view text);

  // True when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to the end, for statements that return no rows.
  Status Run();

  // Columns are 0-based; valid after Step() returned true.
  int64_t Int(int column) const;
  std::string Text(int column) const;  // "" for NULL
  bool IsNull(int column) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
};

class SqliteConnection {
 public:
  // Opens (creating when missing) the database file at `path` read-write, with extended result
  // codes and the given busy timeout. Sets no pragmas; the caller does.
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        int busy_timeout_ms);
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Runs one or more SQL statements that return no rows we need. `what` names the step in
  // error messages.
  Status Exec(const char* sql, std::string_view what);
  // A prepared statement for `sql`, compiled once and cached for the connection's lifetime.
  Result<SqliteStatement> Prepare(const std::string& sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t Changes() const;
  sqlite3* handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// A transaction that rolls back unless committed. Write transactions start with BEGIN
// IMMEDIATE, so that the write lock is taken (or Unavailable returned) before any work.
class SqliteTransaction {
 public:
  static Result<SqliteTransaction> Begin(SqliteConnection& db, bool write);
  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&&) = delete;
  ~SqliteTransaction();
  Status Commit();

 private:
  explicit SqliteTransaction(SqliteConnection* db) : db_(db) {}
  SqliteConnection* db_;  // null once committed or moved from
};

}  // namespace ch::internal
