#include "server/services/facet_column_warmer.h"

namespace ch {

FacetColumnWarmer::FacetColumnWarmer(IndexReader& reader, FacetColumnStore& store,
                                     FacetColumnWarmerOptions options)
    : reader_(reader), store_(store), options_(options), thread_([this] { Run(); }) {}

FacetColumnWarmer::~FacetColumnWarmer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  thread_.join();
}

FacetColumnWarmerStats FacetColumnWarmer::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void FacetColumnWarmer::Run() {
  uint64_t warmed_epoch = 0;  // the reader's epochs start at 1: the first poll warms
  while (true) {
    const uint64_t epoch = reader_.epoch();
    if (epoch != warmed_epoch) {
      const bool done = Warm();
      std::lock_guard<std::mutex> lock(mutex_);
      if (done) {
        warmed_epoch = epoch;
      } else {
        ++stats_.errors;
      }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (stop_cv_.wait_for(lock, options_.poll_interval, [this] { return stopping_; })) return;
  }
}

bool FacetColumnWarmer::Warm() {
  Result<IndexReader::Lease> lease = reader_.Acquire();
  if (!lease.ok()) return false;
  Searcher& s = **lease;
  if (s.shard_count != 0 || s.db.size() != 1) return true;  // no column for shards
  try {
    if (store_.For(s.db) == nullptr) return false;  // another load ran past its wait: retry
  } catch (const Xapian::Error&) {
    return false;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  ++stats_.loads;
  return true;
}

}  // namespace ch
