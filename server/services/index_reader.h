// index_reader.h: read access to the live index for many threads, following it as it changes.
//
// Xapian handles are not thread-safe (even copying one races on its reference count), so every
// worker gets its own Searcher: a Database, QueryParser and Stem used by one thread at a time.
// IndexReader keeps a pool of Searchers; Acquire() lends one out (a short mutex-protected pop, no
// Xapian work under the lock) and the Lease returns it when destroyed.
//
// Following changes: a watcher thread stats the stub file (DB_DIR/XAPIANDB) and each shard's
// version file every `poll_interval` and bumps an epoch when anything changed; an in-process writer
// calls NotifyChanged() after it commits, so its change is visible to the very next request.
// Acquire() brings a Searcher up to date when its epoch is old: a new Database object when the
// stub names another build (reopen() does not re-read stubs), else Database::reopen().
//
// Remote shards (IndexReaderOptions::remote): Searchers open the shards that are up through
// RemoteShards; the watcher calls its Tick() instead of looking at files; a network error during
// a request makes the reader probe the shards, and the request is retried without the dead ones.
//
// Errors: Acquire returns Unavailable while there is no index (the server still answers /healthz
// and says why in /readyz). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "base/status.h"
#include "indexer/languages.h"
#include "server/services/memo_stem.h"
#include "server/services/remote_shards.h"

namespace ch {

struct IndexReaderOptions {
  std::string db_dir;                            // the folder holding XAPIANDB
  std::chrono::milliseconds poll_interval{100};  // how often the watcher looks
  // When it lists shards, the index is searched over the network instead (remote_shards.h) and
  // db_dir is not used.
  RemoteShardOptions remote{};
};

// One thread's Xapian objects. Owned by the pool; used only through a Lease.
struct Searcher {
  Xapian::Database db;
  Xapian::Stem stemmer{"english"};     // the default language's (indexer/languages.h)
  LanguageStemmers languages;          // every analysed language's
  MemoLanguageStemmers snippet_stems;  // the same, remembering their stems: for snippets
  Xapian::QueryParser qp;        // a new one with each new `db` (db_serial), to be configured once
  uint64_t db_serial = 0;        // bumped whenever `db` becomes a new Database object
  uint64_t qp_serial = 0;        // the db_serial `qp` was configured for (by its user)
  uint64_t epoch = 0;            // the reader epoch this Searcher was last brought up to date at
  std::string layout_signature;  // the stub contents it was opened with
  bool open = false;
  // Remote shards only: those left out of `db` because they are down, by name and position, out
  // of `shard_count`; and the RemoteShards::serial() `db` was opened at.
  std::vector<std::string> missing_shards;
  std::vector<size_t> missing_shard_index;
  size_t shard_count = 0;
  uint64_t remote_serial = 0;
};

class IndexReader {
 public:
  class Lease {
   public:
    Lease(IndexReader* reader, std::unique_ptr<Searcher> searcher)
        : reader_(reader), searcher_(std::move(searcher)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Searcher& operator*() { return *searcher_; }
    Searcher* operator->() { return searcher_.get(); }
    // After a DatabaseModifiedError: reopen now (the caller then retries its work).
    Status Refresh();

   private:
    IndexReader* reader_;
    std::unique_ptr<Searcher> searcher_;
  };

  explicit IndexReader(IndexReaderOptions options);
  ~IndexReader();
  IndexReader(const IndexReader&) = delete;
  IndexReader& operator=(const IndexReader&) = delete;

  Result<Lease> Acquire();
  // Called by an in-process writer after a commit.
  void NotifyChanged() { epoch_.fetch_add(1, std::memory_order_acq_rel); }

  // Xapian keeps a reader's revision readable only until the writer's next-but-one commit, so
  // under a stream of commits a slow search can be invalidated again and again. A reader that
  // has already lost a race holds the commit gate (shared) for its retry; an in-process writer
  // holds it (exclusive) while it commits. Readers that never lose a race never touch it.
  std::shared_lock<std::shared_mutex> HoldOffCommits() {
    return std::shared_lock<std::shared_mutex>(commit_gate_);
  }
  std::unique_lock<std::shared_mutex> GateForCommit() {
    return std::unique_lock<std::shared_mutex>(commit_gate_);
  }
  uint64_t epoch() const { return epoch_.load(std::memory_order_acquire); }
  const std::string& db_dir() const { return options_.db_dir; }

  // Remote shards: whether the index is searched over the network, and each shard's health
  // (empty for a local index).
  bool remote() const { return remote_ != nullptr; }
  std::vector<ShardStatus> ShardStatuses() const;
  // A request failed with a network error: find which shards are down, so that the retry leaves
  // them out.
  void OnNetworkError();

 private:
  Status BringUpToDate(Searcher& s, uint64_t epoch, bool force = false);
  void Release(std::unique_ptr<Searcher> s);
  void Watch();
  std::string Signature() const;  // stat of the stub and the shards' version files

  IndexReaderOptions options_;
  std::unique_ptr<RemoteShards> remote_;
  std::atomic<uint64_t> epoch_{1};
  std::shared_mutex commit_gate_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Searcher>> pool_;

  std::mutex watch_mutex_;
  std::condition_variable watch_cv_;
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace ch
