// postgres_server.h: a real, throwaway PostgreSQL server for tests, in a temporary folder.
//
//   Result<std::unique_ptr<TempPostgresServer>> pg = TempPostgresServer::Start();
//   ASSERT_TRUE(pg.ok()) << pg.status().message();  // says what is missing and how to get it
//   Result<std::string> uri = (*pg)->CreateDatabase("t1");  // postgresql://postgres@127.0.0.1:P/t1
//
// Start finds initdb and postgres in /usr/lib/postgresql/VERSION/bin (the newest version; the
// CH_POSTGRES_BIN environment variable names another folder), runs initdb into a fresh
// TempDir (trust authentication, UTF-8, no fsync) and starts `postgres` listening on 127.0.0.1
// at a free port and on a unix socket in that folder. PostgreSQL refuses to run as root: when
// the test runs as root (CI), the folder is given to the `postgres` system user (made by
// Debian's postgresql package) and both programs run as that user through runuser(1).
//
// The server runs under a small shell watchdog whose stdin is a pipe from this process: the
// destructor closes the pipe, and so does the kernel if the test binary crashes, and the
// watchdog then stops the server (immediate shutdown) before the folder is removed. No server
// outlives its test binary.
//
// Thread-safety: CreateDatabase and Query open their own connection per call and may be called
// from any thread.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "base/status.h"
#include "tests/support/test_util.h"

namespace ch::test {

class TempPostgresServer {
 public:
  // Errors: NotFound when the PostgreSQL server programs are missing (the message says to
  // install the Debian package `postgresql`, as scripts/setup does), Internal when initdb or the
  // server fails (with their output).
  static Result<std::unique_ptr<TempPostgresServer>> Start();
  ~TempPostgresServer();
  TempPostgresServer(const TempPostgresServer&) = delete;
  TempPostgresServer& operator=(const TempPostgresServer&) = delete;

  int port() const { return port_; }
  std::string socket_dir() const { return dir_.path().string(); }
  // postgresql://postgres@127.0.0.1:PORT/DBNAME (the superuser, trust authentication).
  std::string Uri(const std::string& dbname) const;
  // The same database through the unix socket in the temporary folder.
  std::string SocketUri(const std::string& dbname) const;

  // Creates an empty database named `dbname` ([a-z0-9_] only) and returns its URI.
  Result<std::string> CreateDatabase(const std::string& dbname);
  // Runs `sql` (one or more statements) on `dbname` as the superuser; returns the first column
  // of the first row of the last statement's result ("" when it returned no row).
  Result<std::string> Query(const std::string& dbname, const std::string& sql);

 private:
  TempPostgresServer() = default;
  Status Launch(const std::string& bin_dir, bool as_postgres_user);
  // Closes the watchdog's pipe and waits until the server and the watchdog have exited.
  void Stop();
  std::string ServerLog() const;

  TempDir dir_;
  int port_ = 0;
  pid_t watchdog_ = -1;
  int watchdog_pipe_ = -1;  // write end; closing it stops the server
};

}  // namespace ch::test
