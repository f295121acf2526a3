// child_process.h: another program run by a test (xapian-tcpsrv, xapian-replicate, ...).
//
//   ChildProcess srv({"xapian-tcpsrv", "--port", std::to_string(port), shard_path});
//   ASSERT_TRUE(srv.running());
//   srv.Pause();  srv.Resume();  srv.Stop();
//
//   ChildProcess server({BinaryPath("bin/clearinghouse-server"), "--port", "0", ...});
//   std::string line = server.WaitForLine("Listening on", std::chrono::seconds(30));
//
// The program runs in its own process group, and every signal goes to the group, so the children
// a forking server starts share its fate. Its stdout and stderr go to a log file (log() reads it).
// The destructor stops it (SIGTERM, then SIGKILL after a second) and reaps it, so no child outlives
// its test. Not thread-safe: one test thread owns it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/test_util.h"

namespace ch::test {

class ChildProcess {
 public:
  explicit ChildProcess(std::vector<std::string> argv);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  bool running();
  void Stop();    // SIGTERM, SIGKILL if needed, wait
  void Kill();    // SIGKILL at once, wait: as a crash
  void Pause();   // SIGSTOP: alive but not answering (a hung server)
  void Resume();  // SIGCONT
  std::string log() const;
  // Waits until the program has written a whole line (ended by a newline) that contains `text`
  // to its stdout or stderr, and returns that line without its newline. Returns "" when the
  // program exits first or `timeout` passes; log() then shows what it wrote. Polls the log file.
  std::string WaitForLine(const std::string& text, std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  void Reap(int first_signal);

  TempDir dir_;
  pid_t pid_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int FreeTcpPort();

}  // namespace ch::test
