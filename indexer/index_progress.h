// index_progress.h: watching a long index run from another thread, and stopping it.
//
// BuildIndex and IndexWriter::Sync take a RunControl. Its stop token is checked between documents
// (and between files while reading): once a stop is requested the run ends within one document's
// work and returns Cancelled. What a stopped run leaves behind is said by each function
// (index_writer.h). Its progress, when given, is updated as the run goes and may be read at any
// time from any thread:
//
//   IndexProgress progress;
//   std::stop_source stop;
//   std::thread sync([&] { writer->Sync(corpus, &report, {stop.get_token(), &progress}); });
//   IndexProgress::Snapshot now = progress.Read();   // {kIndexing, 1200, 20000}
//   stop.request_stop();                              // e.g. from a SIGTERM handler thread
//
// Thread-safety: IndexProgress is written by the one thread that runs the index work and read by
// any number of others. A Snapshot's fields are read one by one, so a reader may see `done` of
// one phase with `total` of the next for an instant; counts never go backwards within a phase.
#pragma once

#include <atomic>
#include <cstddef>
#include <stop_token>

namespace ch {

enum class IndexPhase : int {
  kStarting = 0,  // nothing done yet
  kScanning,      // listing the corpus and reading file sizes and times; total unknown (0)
  kReading,       // reading, hashing and parsing the files that may have changed: done/total files
  kIndexing,      // writing documents: done/total documents to write
  kCommitting,    // committing (or compacting) the database
  kDone,          // finished, stopped or failed: the run is over
};

// "starting", "scanning", "reading", "indexing", "committing", "done".
const char* IndexPhaseName(IndexPhase phase);

class IndexProgress {
 public:
  struct Snapshot {
    IndexPhase phase = IndexPhase::kStarting;
    size_t done = 0;
    size_t total = 0;
  };

  Snapshot Read() const {
    return Snapshot{phase_.load(std::memory_order_acquire), done_.load(std::memory_order_relaxed),
                    total_.load(std::memory_order_relaxed)};
  }

  // For the thread doing the work.
  void Begin(IndexPhase phase, size_t total) {
    done_.store(0, std::memory_order_relaxed);
    total_.store(total, std::memory_order_relaxed);
    phase_.store(phase, std::memory_order_release);
  }
  void Advance(size_t by = 1) { done_.fetch_add(by, std::memory_order_relaxed); }

 private:
  std::atomic<IndexPhase> phase_{IndexPhase::kStarting};
  std::atomic<size_t> done_{0};
  std::atomic<size_t> total_{0};
};

// How a caller watches and stops one run. The default neither reports nor stops.
struct RunControl {
  std::stop_token stop;               // a requested stop ends the run between documents
  IndexProgress* progress = nullptr;  // may be null; must outlive the run

  bool stop_requested() const { return stop.stop_requested(); }
  void Begin(IndexPhase phase, size_t total) const {
    if (progress) progress->Begin(phase, total);
  }
  void Advance(size_t by = 1) const {
    if (progress) progress->Advance(by);
  }
};

}  // namespace ch
