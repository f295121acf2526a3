// internal/pg_db.h: a thin RAII layer over libpq (PostgreSQL's C client) that speaks Status.
//
// Private to the toolkits module (used by postgres_toolkit_store.cc, its pool and its
// migrations). SQL text is always a constant; data travels only as parameters ($1, $2, ...)
// through PQexecParams, never spliced into the SQL. Every failure becomes a Status through
// StatusFromPg, by SQLSTATE:
//   23505 unique_violation                                -> AlreadyExists
//   class 08 (connection), 40001, 40P01, 55P03, 57014 (statement or lock timeout), 57P01-03
//   (server shutting down or starting), class 53 except 53100     -> Unavailable
//   no SQLSTATE and the connection is gone                -> Unavailable
//   53100 disk_full, class 58 (system, I/O)               -> IOError
//   XX001 data_corrupted, XX002 index_corrupted           -> Corruption
//   class 22 (data exception: bad UTF-8, out of range)    -> InvalidArgument
//   anything else                                         -> Internal
//
//   Result<std::unique_ptr<PgConnection>> c = PgConnection::Connect(uri, PgConnectOptions());
//   Result<PgResult> r = (*c)->Exec("SELECT title FROM toolkits WHERE id = $1", {PgParam(id)});
//   if (r.ok() && r->rows() == 1) title = r->Text(0, 0);
//
// Messages name the server as "database 'db' on host:port" (PgTarget) and never contain the
// password, even when it was given in the URI.
//
// Thread-safety: none. A PgConnection must be used by one thread at a time (libpq itself is
// thread-safe across connections); PgPool (pg_pool.h) hands each connection to one caller.
#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace ch::internal {

// What a connection URI points at, without its password: for messages and logs.
struct PgTarget {
  std::string host;      // a host name, an address or a socket folder; "" when libpq's default
  std::string port;      // "" when libpq's default (5432)
  std::string dbname;    // "" when libpq's default (the user name)
  std::string user;      // "" when libpq's default (the operating-system user)
  std::string password;  // kept only to scrub it from libpq's messages; never printed

  // "database 'toolkits' on 127.0.0.1:5432" ("the default host" and so on for what the URI
  // leaves to libpq). No user name: these messages may reach API clients in a 503.
  std::string Describe() const;
  // "postgresql://ch@127.0.0.1:5432/toolkits": the URI without its password and options.
  std::string RedactedUri() const;
  // `text` with every occurrence of the password replaced by "***".
  std::string Scrub(std::string text) const;
};

// Parses a libpq connection string (a postgresql:// or postgres:// URI, or key=value pairs).
// InvalidArgument, naming the problem, when libpq cannot parse it.
Result<PgTarget> ParsePgTarget(const std::string& conninfo);

// A query parameter in text form, or SQL NULL.
class PgParam {
 public:
  PgParam(std::string_view text) : value_(std::string(text)) {}  // NOLINT: implicit by design
  PgParam(const char* text) : value_(std::string(text)) {}       // NOLINT
  PgParam(const std::string& text) : value_(text) {}             // NOLINT
  PgParam(int64_t number) : value_(std::to_string(number)) {}    // NOLINT
  static PgParam Null() { return PgParam(); }
  // NULL when `text` is empty (the model's "no value", like copied_from and section_id).
  static PgParam OrNull(std::string_view text) { return text.empty() ? Null() : PgParam(text); }
  const std::optional<std::string>& value() const { return value_; }

 private:
  PgParam() = default;
  std::optional<std::string> value_;
};

// An owned PGresult of a successful command.
class PgResult {
 public:
  explicit PgResult(PGresult* result) : result_(result) {}
  int rows() const { return PQntuples(result_.get()); }
  bool IsNull(int row, int column) const { return PQgetisnull(result_.get(), row, column); }
  std::string Text(int row, int column) const;  // "" for NULL
  int64_t Int(int row, int column) const;       // 0 for NULL or a non-number
  // Rows changed by an INSERT, UPDATE or DELETE.
  int64_t affected() const;

 private:
  struct Deleter {
    void operator()(PGresult* r) const { PQclear(r); }
  };
  std::unique_ptr<PGresult, Deleter> result_;
};

struct PgConnectOptions {
  int connect_timeout_s = 5;        // libpq's connect_timeout, unless the URI sets one
  int statement_timeout_ms = 5000;  // a statement (or a lock wait) running longer fails
  std::string application_name = "clearinghouse";  // unless the URI sets one
};

class PgConnection {
 public:
  // Connects to `conninfo` (passed to libpq as it is, with UTF-8 as the client encoding) and
  // sets the statement timeout. Unavailable, naming the target, when the server cannot be
  // reached or refuses the login; InvalidArgument when `conninfo` does not parse.
  static Result<std::unique_ptr<PgConnection>> Connect(const std::string& conninfo,
                                                       const PgConnectOptions& options);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // Runs one statement with parameters $1..$n. `what` names the step in error messages.
  // InvalidArgument when a parameter holds a NUL byte (PostgreSQL text cannot).
  Result<PgResult> Exec(std::string_view what, const char* sql,
                        std::initializer_list<PgParam> params = {});
  // Runs a constant script of one or more statements without parameters (migrations).
  Status ExecScript(std::string_view what, const char* sql);

  // True when the connection to the server is lost; such a connection is never reused.
  bool broken() const { return PQstatus(conn_) != CONNECTION_OK; }
  // True when no transaction is open (the state a pooled connection must be returned in).
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  // True inside a transaction that a failed statement has aborted.
  bool in_failed_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  const PgTarget& target() const { return target_; }

 private:
  PgConnection(PGconn* conn, PgTarget target) : conn_(conn), target_(std::move(target)) {}
  Status StatusOf(PGresult* result, std::string_view what) const;

  PGconn* conn_;
  PgTarget target_;
};

// A transaction that rolls back unless committed. Writes use READ COMMITTED with row locks
// (UPDATE ... WHERE version = $n takes the row's lock and re-checks the version after waiting);
// reads use one REPEATABLE READ READ ONLY snapshot, so a toolkit and its rows are read
// consistently and never fail with a serialization error.
class PgTransaction {
 public:
  enum class Mode { kRead, kWrite };
  static Result<PgTransaction> Begin(PgConnection& db, Mode mode);
  PgTransaction(PgTransaction&& other) noexcept;
  PgTransaction& operator=(PgTransaction&&) = delete;
  ~PgTransaction();
  Status Commit();

 private:
  explicit PgTransaction(PgConnection* db) : db_(db) {}
  PgConnection* db_;  // null once committed or moved from
};

}  // namespace ch::internal
