#include "toolkits/sqlite_toolkit_store.h"

#include "toolkits/internal/sqlite_db.h"
#include "toolkits/internal/sqlite_migrations.h"
#include "toolkits/internal/store_support.h"

namespace ch {

using internal::Guarded;
using internal::NoSuchToolkit;
using internal::NowMs;
using internal::SqliteConnection;
using internal::SqliteStatement;
using internal::SqliteTransaction;

int SqliteToolkitStore::LatestSchemaVersion() {
  return internal::ToolkitMigrations().back().version;
}

SqliteToolkitStore::SqliteToolkitStore(std::unique_ptr<SqliteConnection> db, int schema_version)
    : db_(std::move(db)), schema_version_(schema_version) {}

SqliteToolkitStore::~SqliteToolkitStore() = default;

Result<std::unique_ptr<SqliteToolkitStore>> SqliteToolkitStore::Open(
    const std::string& path, const SqliteStoreOptions& options) {
  using Out = Result<std::unique_ptr<SqliteToolkitStore>>;
  return Guarded<Out>([&]() -> Out {
    if (options.synchronous != "NORMAL" && options.synchronous != "FULL") {
      return Status::InvalidArgument("synchronous must be NORMAL or FULL");
    }
    CH_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> db,
                        SqliteConnection::Open(path, options.busy_timeout_ms));
    SqliteConnection& c = *db;
    {
      // journal_mode answers with the mode in effect; anything but "wal" means it did not switch.
      CH_ASSIGN_OR_RETURN(SqliteStatement wal, c.Prepare("PRAGMA journal_mode = WAL"));
      CH_ASSIGN_OR_RETURN(bool row, wal.Step());
      if (!row || wal.Text(0) != "wal") {
        return Status::IOError("sqlite: cannot switch " + path + " to WAL journaling");
      }
    }  // the statement is reset here: no statement may be running when transactions commit
    CH_RETURN_IF_ERROR(c.Exec("PRAGMA foreign_keys = ON", "enable foreign keys"));
    CH_RETURN_IF_ERROR(
        c.Exec(("PRAGMA synchronous = " + options.synchronous).c_str(), "set synchronous"));
    CH_ASSIGN_OR_RETURN(int version, internal::MigrateToolkitSchema(c, NowMs()));
    return std::unique_ptr<SqliteToolkitStore>(new SqliteToolkitStore(std::move(db), version));
  });
}

Status SqliteToolkitStore::WriteChildrenLocked(const Toolkit& t) {
  SqliteConnection& db = *db_;
  {
    CH_ASSIGN_OR_RETURN(SqliteStatement del,
                        db.Prepare("DELETE FROM toolkit_items WHERE toolkit_id = ?1"));
    CH_RETURN_IF_ERROR(del.Bind(1, t.id));
    CH_RETURN_IF_ERROR(del.Run());
  }
  {
    CH_ASSIGN_OR_RETURN(SqliteStatement del,
                        db.Prepare("DELETE FROM toolkit_sections WHERE toolkit_id = ?1"));
    CH_RETURN_IF_ERROR(del.Bind(1, t.id));
    CH_RETURN_IF_ERROR(del.Run());
  }
  for (size_t i = 0; i < t.content.sections.size(); ++i) {
    const ToolkitSection& s = t.content.sections[i];
    CH_ASSIGN_OR_RETURN(
        SqliteStatement ins,
        db.Prepare("INSERT INTO toolkit_sections (toolkit_id, position, section_id, title) "
                   "VALUES (?1, ?2, ?3, ?4)"));
    CH_RETURN_IF_ERROR(ins.Bind(1, t.id));
    CH_RETURN_IF_ERROR(ins.Bind(2, static_cast<int64_t>(i)));
    CH_RETURN_IF_ERROR(ins.Bind(3, s.id));
    CH_RETURN_IF_ERROR(ins.Bind(4, s.title));
    CH_RETURN_IF_ERROR(ins.Run());
  }
  for (size_t i = 0; i < t.content.items.size(); ++i) {
    const ToolkitItem& item = t.content.items[i];
    CH_ASSIGN_OR_RETURN(
        SqliteStatement ins,
        db.Prepare(
            "INSERT INTO toolkit_items (toolkit_id, position, resource_id, note, section_id) "
            "VALUES (?1, ?2, ?3, ?4, ?5)"));
    CH_RETURN_IF_ERROR(ins.Bind(1, t.id));
    CH_RETURN_IF_ERROR(ins.Bind(2, static_cast<int64_t>(i)));
    CH_RETURN_IF_ERROR(ins.Bind(3, item.resource_id));
    CH_RETURN_IF_ERROR(ins.Bind(4, item.note));
    CH_RETURN_IF_ERROR(ins.BindOptional(5, item.section_id));
    CH_RETURN_IF_ERROR(ins.Run());
  }
  return Status::Ok();
}

Status SqliteToolkitStore::Create(const Toolkit& t, const std::string& edit_key_hash) {
  return Guarded<Status>([&]() -> Status {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/true));
    CH_ASSIGN_OR_RETURN(
        SqliteStatement ins,
        db_->Prepare(
            "INSERT INTO toolkits (id, title, description, edit_key_hash, copied_from, created_at, "
            "updated_at, version, language) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8)"));
    CH_RETURN_IF_ERROR(ins.Bind(1, t.id));
    CH_RETURN_IF_ERROR(ins.Bind(2, t.content.title));
    CH_RETURN_IF_ERROR(ins.Bind(3, t.content.description));
    CH_RETURN_IF_ERROR(ins.Bind(4, edit_key_hash));
    CH_RETURN_IF_ERROR(ins.BindOptional(5, t.copied_from));
    CH_RETURN_IF_ERROR(ins.Bind(6, t.created_at_ms));
    CH_RETURN_IF_ERROR(ins.Bind(7, t.updated_at_ms));
    CH_RETURN_IF_ERROR(ins.Bind(8, t.content.language));
    Status inserted = ins.Run();
    if (inserted.code() == Status::Code::kAlreadyExists) {
      return Status::AlreadyExists("a toolkit with id '" + t.id + "' already exists");
    }
    CH_RETURN_IF_ERROR(inserted);
    CH_RETURN_IF_ERROR(WriteChildrenLocked(t));
    return tx.Commit();
  });
}

Result<Toolkit> SqliteToolkitStore::GetLocked(const std::string& id) {
  SqliteConnection& db = *db_;
  Toolkit t;
  {
    CH_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db.Prepare("SELECT title, description, copied_from, created_at, updated_at, version, "
                   "language FROM toolkits WHERE id = ?1"));
    CH_RETURN_IF_ERROR(q.Bind(1, id));
    CH_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NoSuchToolkit(id);
    t.id = id;
    t.content.title = q.Text(0);
    t.content.description = q.Text(1);
    t.copied_from = q.Text(2);
    t.created_at_ms = q.Int(3);
    t.updated_at_ms = q.Int(4);
    t.version = q.Int(5);
    t.content.language = q.Text(6);
  }
  {
    CH_ASSIGN_OR_RETURN(SqliteStatement q,
                        db.Prepare("SELECT section_id, title FROM toolkit_sections WHERE "
                                   "toolkit_id = ?1 ORDER BY position"));
    CH_RETURN_IF_ERROR(q.Bind(1, id));
    while (true) {
      CH_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      t.content.sections.push_back({q.Text(0), q.Text(1)});
    }
  }
  {
    CH_ASSIGN_OR_RETURN(
        SqliteStatement q,
        db.Prepare("SELECT resource_id, note, section_id FROM toolkit_items WHERE toolkit_id = ?1 "
                   "ORDER BY position"));
    CH_RETURN_IF_ERROR(q.Bind(1, id));
    while (true) {
      CH_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      t.content.items.push_back({q.Text(0), q.Text(1), q.Text(2)});
    }
  }
  return t;
}

Result<Toolkit> SqliteToolkitStore::Get(const std::string& id) {
  return Guarded<Result<Toolkit>>([&]() -> Result<Toolkit> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/false));
    Result<Toolkit> t = GetLocked(id);
    if (!t.ok()) return t;
    CH_RETURN_IF_ERROR(tx.Commit());
    return t;
  });
}

Status SqliteToolkitStore::VersionConflictLocked(const std::string& id, int64_t expected_version) {
  CH_ASSIGN_OR_RETURN(SqliteStatement q,
                      db_->Prepare("SELECT version FROM toolkits WHERE id = ?1"));
  CH_RETURN_IF_ERROR(q.Bind(1, id));
  CH_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NoSuchToolkit(id);
  return Status::FailedPrecondition(
             "toolkit '" + id + "' is at version " + std::to_string(q.Int(0)) + ", not " +
             std::to_string(expected_version) + ": it was changed since you read it")
      .WithField("version");
}

Result<Toolkit> SqliteToolkitStore::Update(const Toolkit& t, int64_t expected_version) {
  return Guarded<Result<Toolkit>>([&]() -> Result<Toolkit> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/true));
    {
      CH_ASSIGN_OR_RETURN(SqliteStatement up,
                          db_->Prepare("UPDATE toolkits SET title = ?1, description = ?2, "
                                       "copied_from = ?3, updated_at = ?4, language = ?7, "
                                       "version = version + 1 WHERE id = ?5 AND version = ?6"));
      CH_RETURN_IF_ERROR(up.Bind(1, t.content.title));
      CH_RETURN_IF_ERROR(up.Bind(2, t.content.description));
      CH_RETURN_IF_ERROR(up.BindOptional(3, t.copied_from));
      CH_RETURN_IF_ERROR(up.Bind(4, t.updated_at_ms));
      CH_RETURN_IF_ERROR(up.Bind(5, t.id));
      CH_RETURN_IF_ERROR(up.Bind(6, expected_version));
      CH_RETURN_IF_ERROR(up.Bind(7, t.content.language));
      CH_RETURN_IF_ERROR(up.Run());
    }
    if (db_->Changes() == 0) return VersionConflictLocked(t.id, expected_version);
    CH_RETURN_IF_ERROR(WriteChildrenLocked(t));
    Result<Toolkit> saved = GetLocked(t.id);
    if (!saved.ok()) return saved;
    CH_RETURN_IF_ERROR(tx.Commit());
    return saved;
  });
}

Status SqliteToolkitStore::Delete(const std::string& id, std::optional<int64_t> expected_version) {
  return Guarded<Status>([&]() -> Status {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/true));
    {
      CH_ASSIGN_OR_RETURN(
          SqliteStatement del,
          db_->Prepare("DELETE FROM toolkits WHERE id = ?1 AND (?2 IS NULL OR version = ?2)"));
      CH_RETURN_IF_ERROR(del.Bind(1, id));
      CH_RETURN_IF_ERROR(expected_version ? del.Bind(2, *expected_version) : del.BindNull(2));
      CH_RETURN_IF_ERROR(del.Run());
    }
    if (db_->Changes() == 0) {
      return VersionConflictLocked(id, expected_version.value_or(0));
    }
    return tx.Commit();
  });
}

Result<std::string> SqliteToolkitStore::GetEditKeyHash(const std::string& id) {
  return Guarded<Result<std::string>>([&]() -> Result<std::string> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteStatement q,
                        db_->Prepare("SELECT edit_key_hash FROM toolkits WHERE id = ?1"));
    CH_RETURN_IF_ERROR(q.Bind(1, id));
    CH_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NoSuchToolkit(id);
    return q.Text(0);
  });
}

}  // namespace ch
