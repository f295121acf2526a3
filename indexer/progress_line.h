// progress_line.h: an index run's progress on a terminal, as one line rewritten in place.
//
//   IndexProgress progress;
//   ProgressLine line(progress);   // prints only when stderr is a terminal
//   writer->Sync(corpus, &report, {stop, &progress});
//
// While it lives (and until the run reaches IndexPhase::kDone) a thread rewrites one stderr line
// five times a second: "indexing 1200/20000 documents, 850 docs/s, ETA 22 s" (the rate and ETA
// of the current phase). When stderr is not a terminal it starts no thread and prints nothing,
// so logs stay quiet. The line is cleared when it stops.
//
// Thread-safety: construct and destroy on one thread; `progress` must outlive it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "indexer/index_progress.h"

namespace ch {

class ProgressLine {
 public:
  explicit ProgressLine(const IndexProgress& progress);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // Seconds since construction.
  double seconds() const;

 private:
  void Run();

  const IndexProgress& progress_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace ch
