// stop_signals.h: turning SIGINT and SIGTERM into a stop request that long work can poll.
//
//   StopSignals signals;                     // first thing in main, before any thread starts
//   signals.OnStop([&] { server.Stop(); });  // optional: runs on the signal thread
//   std::stop_token stop = signals.token();  // hand to long runs (index_progress.h)
//
// The constructor blocks SIGINT and SIGTERM in the calling thread (threads started later inherit
// the mask) and starts one thread that waits for them with sigwait(2). The first signal requests
// a stop on token() and calls the OnStop callbacks; a second one ends the process at once with
// _exit(128 + signal), which is safe for the index: Xapian commits are atomic, so the index keeps
// its last commit. The destructor stops the thread without requesting a stop.
//
// Thread-safety: token() and stop_requested() from any thread; OnStop before the first signal.
// One StopSignals per process.
#pragma once

#include <signal.h>

#include <functional>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace ch {

class StopSignals {
 public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  std::stop_token token() const { return source_.get_token(); }
  bool stop_requested() const { return source_.stop_requested(); }
  // The signal that asked for the stop (SIGINT or SIGTERM), 0 if none yet.
  int signal() const { return signal_; }
  // Called once, on the signal thread, at the first signal; must return quickly (a second signal
  // is only seen after it returns).
  void OnStop(std::function<void()> callback);
  // Forgets the callbacks not yet called (before what they use goes away).
  void ClearCallbacks();
  // Requests the stop as a first signal would (for tests and for errors).
  void RequestStop();

 private:
  void Wait();

  sigset_t set_;
  std::stop_source source_;
  std::mutex mutex_;
  std::vector<std::function<void()>> callbacks_;
  volatile sig_atomic_t signal_ = 0;
  bool closing_ = false;
  std::thread thread_;
};

}  // namespace ch
