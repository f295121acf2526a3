#include "toolkits/sqlite_suggestion_store.h"

#include "toolkits/internal/sqlite_db.h"
#include "toolkits/internal/sqlite_migrations.h"
#include "toolkits/internal/store_support.h"

namespace ch {

using internal::Guarded;
using internal::NowMs;
using internal::SqliteConnection;
using internal::SqliteStatement;
using internal::SqliteTransaction;

namespace {

constexpr char kColumns[] =
    "id, token_hash, title, url, why, email, status, reason, resource_id, decided_by, "
    "created_at, updated_at, version";

PublicSuggestion ReadRow(const SqliteStatement& q) {
  PublicSuggestion s;
  s.id = q.Text(0);
  s.token_hash = q.Text(1);
  s.title = q.Text(2);
  s.url = q.Text(3);
  s.why = q.Text(4);
  s.email = q.Text(5);
  s.status = q.Text(6);
  s.reason = q.Text(7);
  s.resource_id = q.Text(8);
  s.decided_by = q.Text(9);
  s.created_at_ms = q.Int(10);
  s.updated_at_ms = q.Int(11);
  s.version = q.Int(12);
  return s;
}

Status NoSuchSuggestion(const std::string& id) {
  return Status::NotFound("no suggestion with id '" + id + "'");
}

}  // namespace

SqliteSuggestionStore::SqliteSuggestionStore(std::unique_ptr<SqliteConnection> db)
    : db_(std::move(db)) {}
SqliteSuggestionStore::~SqliteSuggestionStore() = default;

Result<std::unique_ptr<SqliteSuggestionStore>> SqliteSuggestionStore::Open(
    const std::string& path, const SqliteStoreOptions& options) {
  using Out = Result<std::unique_ptr<SqliteSuggestionStore>>;
  return Guarded<Out>([&]() -> Out {
    CH_ASSIGN_OR_RETURN(std::unique_ptr<SqliteConnection> db,
                        SqliteConnection::Open(path, options.busy_timeout_ms));
    {
      CH_ASSIGN_OR_RETURN(SqliteStatement wal, db->Prepare("PRAGMA journal_mode = WAL"));
      CH_ASSIGN_OR_RETURN(bool row, wal.Step());
      if (!row || wal.Text(0) != "wal") {
        return Status::IOError("sqlite: cannot switch " + path + " to WAL journaling");
      }
    }
    CH_RETURN_IF_ERROR(
        db->Exec(("PRAGMA synchronous = " + options.synchronous).c_str(), "set synchronous"));
    CH_RETURN_IF_ERROR(internal::MigrateToolkitSchema(*db, NowMs()).status());
    return std::unique_ptr<SqliteSuggestionStore>(new SqliteSuggestionStore(std::move(db)));
  });
}

Status SqliteSuggestionStore::Create(const PublicSuggestion& s) {
  return Guarded<Status>([&]() -> Status {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/true));
    CH_ASSIGN_OR_RETURN(
        SqliteStatement ins,
        db_->Prepare(std::string("INSERT INTO suggestions (") + kColumns +
                     ", seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, "
                     "(SELECT IFNULL(MAX(seq), 0) + 1 FROM suggestions))"));
    CH_RETURN_IF_ERROR(ins.Bind(1, s.id));
    CH_RETURN_IF_ERROR(ins.Bind(2, s.token_hash));
    CH_RETURN_IF_ERROR(ins.Bind(3, s.title));
    CH_RETURN_IF_ERROR(ins.Bind(4, s.url));
    CH_RETURN_IF_ERROR(ins.Bind(5, s.why));
    CH_RETURN_IF_ERROR(ins.Bind(6, s.email));
    CH_RETURN_IF_ERROR(ins.Bind(7, s.status));
    CH_RETURN_IF_ERROR(ins.Bind(8, s.reason));
    CH_RETURN_IF_ERROR(ins.Bind(9, s.resource_id));
    CH_RETURN_IF_ERROR(ins.Bind(10, s.decided_by));
    CH_RETURN_IF_ERROR(ins.Bind(11, s.created_at_ms));
    CH_RETURN_IF_ERROR(ins.Bind(12, s.updated_at_ms));
    Status inserted = ins.Run();
    if (inserted.code() == Status::Code::kAlreadyExists) {
      return Status::AlreadyExists("a suggestion with id '" + s.id + "' already exists");
    }
    CH_RETURN_IF_ERROR(inserted);
    return tx.Commit();
  });
}

Result<PublicSuggestion> SqliteSuggestionStore::GetLocked(const std::string& id) {
  CH_ASSIGN_OR_RETURN(SqliteStatement q, db_->Prepare(std::string("SELECT ") + kColumns +
                                                      " FROM suggestions WHERE id = ?1"));
  CH_RETURN_IF_ERROR(q.Bind(1, id));
  CH_ASSIGN_OR_RETURN(bool row, q.Step());
  if (!row) return NoSuchSuggestion(id);
  return ReadRow(q);
}

Result<PublicSuggestion> SqliteSuggestionStore::Get(const std::string& id) {
  return Guarded<Result<PublicSuggestion>>([&]() -> Result<PublicSuggestion> {
    std::lock_guard<std::mutex> lock(mutex_);
    return GetLocked(id);
  });
}

Result<SuggestionPage> SqliteSuggestionStore::List(const std::string& status, int64_t offset,
                                                   int64_t limit) {
  return Guarded<Result<SuggestionPage>>([&]() -> Result<SuggestionPage> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/false));
    SuggestionPage page;
    {
      // Two suggestions made in the same millisecond: the later insert (seq) first, not the
      // larger random id (SuggestionApiTest.CuratorsListFilterAndReadTheQueueWithAKeyOnly failed on
      // that tie in CI).
      CH_ASSIGN_OR_RETURN(SqliteStatement q,
                          db_->Prepare(std::string("SELECT ") + kColumns +
                                       " FROM suggestions WHERE (?1 = '' OR status = ?1) "
                                       "ORDER BY created_at DESC, seq DESC LIMIT ?2 OFFSET ?3"));
      CH_RETURN_IF_ERROR(q.Bind(1, status));
      CH_RETURN_IF_ERROR(q.Bind(2, limit));
      CH_RETURN_IF_ERROR(q.Bind(3, offset));
      for (;;) {
        CH_ASSIGN_OR_RETURN(bool row, q.Step());
        if (!row) break;
        page.suggestions.push_back(ReadRow(q));
      }
    }
    {
      CH_ASSIGN_OR_RETURN(
          SqliteStatement n,
          db_->Prepare("SELECT COUNT(*) FROM suggestions WHERE (?1 = '' OR status = ?1)"));
      CH_RETURN_IF_ERROR(n.Bind(1, status));
      CH_ASSIGN_OR_RETURN(bool row, n.Step());
      page.total = row ? n.Int(0) : 0;
    }
    CH_RETURN_IF_ERROR(tx.Commit());
    return page;
  });
}

Result<int64_t> SqliteSuggestionStore::Count(const std::string& status) {
  return Guarded<Result<int64_t>>([&]() -> Result<int64_t> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteStatement n,
                        db_->Prepare("SELECT COUNT(*) FROM suggestions WHERE status = ?1"));
    CH_RETURN_IF_ERROR(n.Bind(1, status));
    CH_ASSIGN_OR_RETURN(bool row, n.Step());
    return row ? n.Int(0) : int64_t{0};
  });
}

Result<PublicSuggestion> SqliteSuggestionStore::Update(const PublicSuggestion& s,
                                                       int64_t expected_version) {
  return Guarded<Result<PublicSuggestion>>([&]() -> Result<PublicSuggestion> {
    std::lock_guard<std::mutex> lock(mutex_);
    CH_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*db_, /*write=*/true));
    {
      CH_ASSIGN_OR_RETURN(
          SqliteStatement up,
          db_->Prepare("UPDATE suggestions SET status = ?1, reason = ?2, resource_id = ?3, "
                       "decided_by = ?4, updated_at = ?5, version = version + 1 "
                       "WHERE id = ?6 AND version = ?7"));
      CH_RETURN_IF_ERROR(up.Bind(1, s.status));
      CH_RETURN_IF_ERROR(up.Bind(2, s.reason));
      CH_RETURN_IF_ERROR(up.Bind(3, s.resource_id));
      CH_RETURN_IF_ERROR(up.Bind(4, s.decided_by));
      CH_RETURN_IF_ERROR(up.Bind(5, s.updated_at_ms));
      CH_RETURN_IF_ERROR(up.Bind(6, s.id));
      CH_RETURN_IF_ERROR(up.Bind(7, expected_version));
      CH_RETURN_IF_ERROR(up.Run());
    }
    bool changed = db_->Changes() > 0;
    CH_ASSIGN_OR_RETURN(PublicSuggestion stored, GetLocked(s.id));
    if (!changed) {
      return Status::FailedPrecondition("suggestion '" + s.id + "' is at version " +
                                        std::to_string(stored.version) + ", not " +
                                        std::to_string(expected_version) +
                                        ": another curator changed it since you read it")
          .WithField("version");
    }
    CH_RETURN_IF_ERROR(tx.Commit());
    return stored;
  });
}

}  // namespace ch
