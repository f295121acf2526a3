#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

namespace ch::test {
namespace fs = std::filesystem;
namespace {

constexpr char kInstallHint[] =
    "install the Debian package 'postgresql' (scripts/setup installs everything in "
    "scripts/debian-packages.txt), or set CH_POSTGRES_BIN to a folder holding initdb and postgres";

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool HasServerPrograms(const fs::path& bin) {
  return fs::exists(bin / "initdb") && fs::exists(bin / "postgres");
}

// The newest /usr/lib/postgresql/VERSION/bin with both programs, or CH_POSTGRES_BIN.
Result<std::string> FindBinDir() {
  if (const char* env = std::getenv("CH_POSTGRES_BIN"); env && *env) {
    if (HasServerPrograms(env)) return std::string(env);
    return Status::NotFound(std::string("CH_POSTGRES_BIN=") + env +
                            " holds no initdb and postgres programs");
  }
  std::error_code ec;
  double best_version = -1;
  std::string best;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string name = entry.path().filename().string();
    char* end = nullptr;
    double version = std::strtod(name.c_str(), &end);
    if (end == name.c_str() || !HasServerPrograms(entry.path() / "bin")) continue;
    if (version > best_version) {
      best_version = version;
      best = (entry.path() / "bin").string();
    }
  }
  if (best.empty()) {
    return Status::NotFound(
        std::string("the PostgreSQL server programs (initdb, postgres) are not in "
                    "/usr/lib/postgresql/*/bin: ") +
        kInstallHint);
  }
  return best;
}

// A TCP port on 127.0.0.1 that is free right now.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

// The watchdog: starts postgres ($1 bin, $2 data, $3 socket folder, $4 port, $5 log) and stops
// it (immediate shutdown) when its stdin reaches end of file, which happens when the test
// process closes the pipe or dies. It exits when postgres does, for whatever reason, after
// removing the data folder (tens of megabytes that a crashed test would otherwise leave).
constexpr char kWatchdogScript[] = R"sh(
exec 3<&0 </dev/null
"$1/postgres" -D "$2" -k "$3" -p "$4" -h 127.0.0.1 -F -c max_connections=60 >"$5" 2>&1 &
pid=$!
(while read -r _ <&3; do :; done; kill -QUIT "$pid" 2>/dev/null) &
exec 3<&-
wait "$pid"
rm -rf "$2"
)sh";

}  // namespace

Result<std::unique_ptr<TempPostgresServer>> TempPostgresServer::Start() {
  Result<std::string> bin = FindBinDir();
  if (!bin.ok()) return bin.status();
  std::unique_ptr<TempPostgresServer> server(new TempPostgresServer());
  const std::string dir = server->dir_.path().string();
  const bool as_postgres_user = ::geteuid() == 0;
  std::string run_as;
  if (as_postgres_user) {
    const passwd* pg = ::getpwnam("postgres");
    if (!pg) {
      return Status::NotFound(
          "running as root, and PostgreSQL refuses root, but there is no 'postgres' user to run "
          "it as: " +
          std::string(kInstallHint));
    }
    if (::chown(dir.c_str(), pg->pw_uid, pg->pw_gid) != 0) {
      return Status::Internal("cannot give " + dir + " to the postgres user");
    }
    run_as = "runuser -u postgres -- ";
  }
  std::string output;
  int exit_code =
      RunCommand("cd " + ShellQuote(dir) + " && " + run_as + ShellQuote(*bin + "/initdb") + " -D " +
                     ShellQuote(dir + "/data") + " -U postgres -A trust -E UTF8 --no-locale -N",
                 &output);
  if (exit_code != 0) {
    return Status::Internal("initdb failed (exit " + std::to_string(exit_code) + "): " + output);
  }
  Status launched;
  for (int attempt = 0; attempt < 3; ++attempt) {  // another program may take the free port
    launched = server->Launch(*bin, as_postgres_user);
    if (launched.ok()) return server;
  }
  return launched;
}

Status TempPostgresServer::Launch(const std::string& bin_dir, bool as_postgres_user) {
  port_ = FreePort();
  if (port_ == 0) return Status::Internal("no free TCP port on 127.0.0.1");
  const std::string dir = dir_.path().string();
  std::vector<std::string> args;
  if (as_postgres_user) args = {"runuser", "-u", "postgres", "--"};
  for (const std::string& a : {std::string("/bin/sh"), std::string("-c"),
                               std::string(kWatchdogScript), std::string("pg-watchdog"), bin_dir,
                               dir + "/data", dir, std::to_string(port_), dir + "/server.log"}) {
    args.push_back(a);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return Status::Internal("pipe2 failed");
  pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return Status::Internal("fork failed");
  }
  if (child == 0) {  // only async-signal-safe calls until exec
    ::dup2(fds[0], 0);
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[0]);
  watchdog_ = child;
  watchdog_pipe_ = fds[1];

  const std::string ping = "host=127.0.0.1 port=" + std::to_string(port_) +
                           " user=postgres dbname=postgres connect_timeout=2";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    if (PQping(ping.c_str()) == PQPING_OK) return Status::Ok();
    int status = 0;
    if (::waitpid(watchdog_, &status, WNOHANG) == watchdog_) {
      watchdog_ = -1;
      Stop();
      return Status::Internal("postgres exited at start-up: " + ServerLog());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop();
  return Status::Internal("postgres did not accept connections within 60 s: " + ServerLog());
}

void TempPostgresServer::Stop() {
  if (watchdog_pipe_ >= 0) ::close(watchdog_pipe_);  // the watchdog stops the server
  watchdog_pipe_ = -1;
  if (watchdog_ > 0) {
    int status = 0;
    ::waitpid(watchdog_, &status, 0);
  }
  watchdog_ = -1;
}

TempPostgresServer::~TempPostgresServer() { Stop(); }  // then dir_ removes the folder

std::string TempPostgresServer::ServerLog() const {
  return ReadTextFile(dir_.path() / "server.log");
}

std::string TempPostgresServer::Uri(const std::string& dbname) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + dbname;
}

std::string TempPostgresServer::SocketUri(const std::string& dbname) const {
  return "postgresql:///" + dbname + "?host=" + dir_.path().string() +
         "&port=" + std::to_string(port_) + "&user=postgres";
}

Result<std::string> TempPostgresServer::Query(const std::string& dbname, const std::string& sql) {
  PGconn* conn = PQconnectdb(Uri(dbname).c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Internal("cannot connect to " + dbname + ": " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  ExecStatusType status = PQresultStatus(result);
  Result<std::string> out = std::string();
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    out = Status::Internal("query failed: " + std::string(PQerrorMessage(conn)));
  } else if (PQntuples(result) > 0 && PQnfields(result) > 0) {
    out = std::string(PQgetvalue(result, 0, 0));
  }
  PQclear(result);
  PQfinish(conn);
  return out;
}

Result<std::string> TempPostgresServer::CreateDatabase(const std::string& dbname) {
  for (char c : dbname) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::InvalidArgument("test database names are [a-z0-9_]: " + dbname);
    }
  }
  // A test-made name checked above: the one place a name is spliced into SQL (CREATE DATABASE
  // takes no parameters).
  Result<std::string> created = Query("postgres", "CREATE DATABASE " + dbname);
  if (!created.ok()) return created.status();
  return Uri(dbname);
}

}  // namespace ch::test
