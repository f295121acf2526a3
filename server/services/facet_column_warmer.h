// facet_column_warmer.h: loads the facet column of each new index generation in the background,
// so that the first search after a change does not load it itself.
//
//   FacetColumnWarmer warmer(reader, store, FacetColumnWarmerOptions{});  // starts its thread
//   ...                                                                   // joins when destroyed
//
// Why: at 250,000 documents a column (with the sort ranks) takes about 0.5 s to load, and it is
// needed after every rebuild, sync and curator write. Loaded on demand, the first search after
// each change waited for it: on a quiet site, every change cost its next visitor half a second.
// The warmer notices a change within `poll_interval` of it (IndexReader's epoch: the watcher's
// poll, or at once after an in-process write) and loads the column then; a search arriving during
// that load waits for it as before (facet_column_store.h), so counts stay exact.
//
// Only a single local database has a column (facet_column.h); for shards the warmer does nothing.
// Errors: an index that is not there yet (Acquire's Unavailable) or a Xapian error while loading
// is retried at the next poll. Thread-safety: the warmer's own thread is its only user of the
// reader and the store, both thread-safe; they must outlive it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "server/services/facet_column_store.h"
#include "server/services/index_reader.h"

namespace ch {

struct FacetColumnWarmerOptions {
  // How often the reader's epoch is looked at (an atomic read) when nothing happens.
  std::chrono::milliseconds poll_interval{100};
};

struct FacetColumnWarmerStats {
  uint64_t loads = 0;   // generations whose column the warmer asked the store for
  uint64_t errors = 0;  // polls that failed (no index yet, a Xapian error) and were retried
};

class FacetColumnWarmer {
 public:
  FacetColumnWarmer(IndexReader& reader, FacetColumnStore& store,
                    FacetColumnWarmerOptions options = {});
  ~FacetColumnWarmer();
  FacetColumnWarmer(const FacetColumnWarmer&) = delete;
  FacetColumnWarmer& operator=(const FacetColumnWarmer&) = delete;

  FacetColumnWarmerStats stats() const;

 private:
  void Run();
  bool Warm();  // false: retry at the next poll

  IndexReader& reader_;
  FacetColumnStore& store_;
  const FacetColumnWarmerOptions options_;
  mutable std::mutex mutex_;  // guards the members below
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  FacetColumnWarmerStats stats_;
  std::thread thread_;  // last: started once everything above is set up
};

}  // namespace ch
