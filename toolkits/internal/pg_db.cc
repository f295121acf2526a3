#include "toolkits/internal/pg_db.h"

#include <charconv>
#include <cstring>
#include <vector>

namespace ch::internal {
namespace {

// libpq's messages end with a newline and may span lines ("...failed: Connection refused\n\tIs
// the server running..."): one line, tabs and newlines folded.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The password written in a conninfo that libpq could not parse (so PQconninfoParse cannot
// tell us): the userinfo's part after ':' in a URI, or a `password=` value. Used only to scrub
// libpq's parse error, which may quote the text around the problem.
std::vector<std::string> RoughPasswords(std::string_view conninfo) {
  std::vector<std::string> found;
  for (std::string_view scheme : {"postgresql://", "postgres://"}) {
    if (!StartsWith(conninfo, scheme)) continue;
    std::string_view rest = conninfo.substr(scheme.size());
    size_t end = rest.find_first_of("@/");
    if (end != std::string_view::npos && rest[end] == '@') {
      std::string_view userinfo = rest.substr(0, end);
      size_t colon = userinfo.find(':');
      if (colon != std::string_view::npos) found.emplace_back(userinfo.substr(colon + 1));
    }
  }
  for (size_t at = conninfo.find("password="); at != std::string_view::npos;
       at = conninfo.find("password=", at + 1)) {
    std::string_view value = conninfo.substr(at + 9);
    found.emplace_back(value.substr(0, value.find_first_of(" &")));
  }
  return found;
}

std::string ScrubAll(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

Status StatusForSqlState(std::string_view state, std::string message) {
  auto cls = state.substr(0, 2);
  if (state == "23505") return Status::AlreadyExists(std::move(message));
  if (cls == "08" || state == "40001" || state == "40P01" || state == "55P03" || state == "57014" ||
      state == "57P01" || state == "57P02" || state == "57P03" ||
      (cls == "53" && state != "53100")) {
    return Status::Unavailable(std::move(message));
  }
  if (state == "53100" || cls == "58") return Status::IOError(std::move(message));
  if (state == "XX001" || state == "XX002") return Status::Corruption(std::move(message));
  if (cls == "22") return Status::InvalidArgument(std::move(message));
  return Status::Internal(std::move(message));
}

}  // namespace

std::string PgTarget::Describe() const {
  return (dbname.empty() ? std::string("the default database") : "database '" + dbname + "'") +
         " on " + (host.empty() ? std::string("the default host") : host) + ":" +
         (port.empty() ? std::string("5432") : port);
}

std::string PgTarget::RedactedUri() const {
  std::string encoded_host;
  for (char c : host) encoded_host += c == '/' ? std::string("%2F") : std::string(1, c);
  return "postgresql://" + (user.empty() ? std::string() : user + "@") + encoded_host +
         (port.empty() ? std::string() : ":" + port) + "/" + dbname;
}

std::string PgTarget::Scrub(std::string text) const {
  return ScrubAll(std::move(text), {password});
}

Result<PgTarget> ParsePgTarget(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (!options) {
    std::string message = error ? OneLine(error) : "out of memory";
    PQfreemem(error);
    return Status::InvalidArgument("invalid PostgreSQL connection URI: " +
                                   ScrubAll(message, RoughPasswords(conninfo)));
  }
  PgTarget target;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    std::string_view key = o->keyword;
    if (key == "host") target.host = o->val;
    if (key == "hostaddr" && target.host.empty()) target.host = o->val;
    if (key == "port") target.port = o->val;
    if (key == "dbname") target.dbname = o->val;
    if (key == "user") target.user = o->val;
    if (key == "password") target.password = o->val;
  }
  PQconninfoFree(options);
  return target;
}

std::string PgResult::Text(int row, int column) const {
  if (PQgetisnull(result_.get(), row, column)) return "";
  return std::string(PQgetvalue(result_.get(), row, column),
                     PQgetlength(result_.get(), row, column));
}

int64_t PgResult::Int(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

int64_t PgResult::affected() const {
  const char* text = PQcmdTuples(result_.get());
  int64_t value = 0;
  std::from_chars(text, text + std::strlen(text), value);
  return value;
}

Result<std::unique_ptr<PgConnection>> PgConnection::Connect(const std::string& conninfo,
                                                            const PgConnectOptions& options) {
  CH_ASSIGN_OR_RETURN(PgTarget target, ParsePgTarget(conninfo));
  // Entries before the expanded dbname are defaults the URI may override; client_encoding
  // comes after it, so the store always talks UTF-8.
  const std::string timeout = std::to_string(options.connect_timeout_s);
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {timeout.c_str(), options.application_name.c_str(), conninfo.c_str(),
                          "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn) return Status::Unavailable("postgresql: out of memory connecting");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = OneLine(PQerrorMessage(conn));
    PQfinish(conn);
    // libpq's message names the host; clients get the fact, the log gets the details.
    return Status::Unavailable("postgresql: cannot connect to the toolkit database")
        .WithDetail(target.Scrub(target.Describe() + ": " + message));
  }
  // libpq prints server notices ("relation ... already exists, skipping") to stderr by default;
  // the store has nothing to tell its caller about them.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgConnection> db(new PgConnection(conn, std::move(target)));
  CH_ASSIGN_OR_RETURN(
      PgResult set,
      db->Exec("set the statement timeout", "SELECT set_config('statement_timeout', $1, false)",
               {PgParam(std::to_string(options.statement_timeout_ms))}));
  return db;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

Status PgConnection::StatusOf(PGresult* result, std::string_view what) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string message = "postgresql: " + std::string(what) + ": " +
                        OneLine(primary ? primary : PQerrorMessage(conn_));
  if (state) message += " (SQLSTATE " + std::string(state) + ")";
  if (!state || broken()) {
    // libpq's own failures (the connection dropped, the server went away) carry no SQLSTATE.
    return Status::Unavailable("postgresql: " + std::string(what) +
                               ": the connection to the toolkit database was lost")
        .WithDetail(target_.Scrub(message + "; " + target_.Describe()));
  }
  return StatusForSqlState(state, target_.Scrub(std::move(message)));
}

Result<PgResult> PgConnection::Exec(std::string_view what, const char* sql,
                                    std::initializer_list<PgParam> params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const PgParam& p : params) {
    if (p.value() && p.value()->find('\0') != std::string::npos) {
      return Status::InvalidArgument("postgresql: " + std::string(what) +
                                     ": text with a NUL byte cannot be stored");
    }
    values.push_back(p.value() ? p.value()->c_str() : nullptr);
  }
  PGresult* result = PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, /*resultFormat=*/0);
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return PgResult(result);
  Status error = StatusOf(result, what);
  PQclear(result);
  return error;
}

Status PgConnection::ExecScript(std::string_view what, const char* sql) {
  PGresult* result = PQexec(conn_, sql);
  ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  Status out = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? Status::Ok()
                                                                       : StatusOf(result, what);
  PQclear(result);
  return out;
}

Result<PgTransaction> PgTransaction::Begin(PgConnection& db, Mode mode) {
  CH_ASSIGN_OR_RETURN(PgResult begun,
                      mode == Mode::kWrite
                          ? db.Exec("begin", "BEGIN ISOLATION LEVEL READ COMMITTED")
                          : db.Exec("begin", "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
  return PgTransaction(&db);
}

PgTransaction::PgTransaction(PgTransaction&& other) noexcept : db_(other.db_) {
  other.db_ = nullptr;
}

PgTransaction::~PgTransaction() {
  if (!db_ || db_->broken() || db_->idle()) return;
  Result<PgResult> rolled_back = db_->Exec("rollback", "ROLLBACK");
  (void)rolled_back;  // a connection that cannot roll back is not idle: the pool drops it
}

Status PgTransaction::Commit() {
  PgConnection* db = db_;
  db_ = nullptr;
  // COMMIT of a transaction that already failed answers ROLLBACK without an error: refuse it.
  if (!db->idle() && db->in_failed_transaction()) {
    Result<PgResult> rolled_back = db->Exec("rollback", "ROLLBACK");
    (void)rolled_back;
    return Status::Internal("postgresql: commit of a transaction that had failed");
  }
  Result<PgResult> committed = db->Exec("commit", "COMMIT");
  return committed.ok() ? Status::Ok() : committed.status();
}

}  // namespace ch::internal
