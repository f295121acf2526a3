// remote_shards.h: an index whose shards are served by xapian-tcpsrv, searched as one database.
//
// Each shard is one database of a sharded build (clearinghouse-index build --shards N), served by
// its own `xapian-tcpsrv` and listed here in shard order as host:port. Open() connects to every
// shard that is up (Xapian::Remote::open with the configured timeouts) and joins them with
// Database::add_database, so ranking statistics, facets and paging span all shards as on one
// database. A shard that refuses, fails or times out is marked down and left out: searches answer
// from the others and say which shards are missing (or fail with Unavailable when partial answers
// are not allowed). Tick(), called by the reader's watcher thread, tries down shards again every
// `retry_interval` and notices new revisions, so the server recovers by itself.
//
// Xapian 1.4's remote backend serves documents, terms, statistics and metadata but no spelling
// and no synonyms. Open() therefore adds a local "aux" database to the shards: its synonym table
// is written from the taxonomy (exactly what the indexer writes into every shard) and its spelling
// table from the shards' own words with their frequencies, read over the remote protocol. It holds
// no documents, so it changes no docid, count or statistic. It is rebuilt in the watcher thread
// (never on a request) when the generation moves, at most every `aux_refresh_interval`.
//
// Shard identity: every shard of a build records `ch:shard` ("I/N": shard I of N) and `ch:build`.
// CheckShardList(), run once at start-up, refuses a list that is misordered, names a shard twice,
// leaves one out, has one too many, or mixes builds, with a message naming the problem; every
// later connection checks `ch:shard` against its place in the list again (a shard swapped while
// running is marked down instead of routing lookups wrongly).
//
// Bounded waits: a request that meets a dead or hung shard waits at most one `timeout` for it.
// The probe that then finds out which shard failed uses the short `probe_timeout`, and a shard
// marked down stays out of requests until the watcher has reached it again (at most every
// `retry_interval`), so later requests do not wait for it at all.
//
// Thread-safety: Open, Probe and the accessors may be called from many threads; Tick from one
// (the watcher). Xapian objects returned by Open belong to the caller's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "base/status.h"
#include "indexer/taxonomy.h"

namespace ch {

struct ShardAddress {
  std::string host;
  int port = 0;
  std::string name() const { return host + ":" + std::to_string(port); }
};

// "host:port" (or "[v6]:port") -> address; InvalidArgument says what is wrong.
Result<ShardAddress> ParseShardAddress(std::string_view text);

struct RemoteShardOptions {
  std::vector<ShardAddress> shards;                 // in shard order: shard 0 first
  std::chrono::milliseconds timeout{2000};          // any one request to a shard
  std::chrono::milliseconds connect_timeout{1000};  // opening a connection
  std::chrono::milliseconds retry_interval{1000};   // how soon a down shard is retried
  // After a failed request: how long each shard that is still marked up may take to answer the
  // probe (connect and a document count) before it is marked down too. Short, so that a hung
  // shard does not cost a second full `timeout`; a slow but live shard comes back within
  // `retry_interval`.
  std::chrono::milliseconds probe_timeout{250};
  std::chrono::milliseconds aux_refresh_interval{60000};  // spelling refresh, at most this often
  bool allow_partial = true;  // answer from the shards that are up, or fail while any is down
  std::string aux_dir;        // folder for the local spelling/synonym database (created)
  const Taxonomy* taxonomy = nullptr;  // the synonyms; must outlive this object
};

struct ShardStatus {
  std::string name;
  bool up = false;
  std::string error;      // why it is down ("" when up)
  uint64_t failures = 0;  // times it was marked down since start
};

// Start-up check of the shard list against what the shards say they are (`ch:shard`, `ch:build`):
// InvalidArgument naming each problem (a shard listed in the wrong place, listed twice, a shard
// of the index not listed, more shards listed than the index has, shards of different builds).
// Shards that do not answer within the timeouts are not checked (they are checked when they come
// back) unless none answers; a database without `ch:shard` passes only as the sole shard.
Status CheckShardList(const RemoteShardOptions& options);

class RemoteShards {
 public:
  explicit RemoteShards(RemoteShardOptions options);

  // The shards that are up plus the aux database, as one Database for the calling thread.
  // `missing` gets the names of the shards left out and `missing_index` their positions.
  // Unavailable when no shard is reachable, or when one is down and partial answers are off.
  Result<Xapian::Database> Open(std::vector<std::string>* missing,
                                std::vector<size_t>* missing_index);

  // After a request failed with a network error: asks every shard that is marked up for its
  // document count (with the timeouts) and marks down the ones that fail. True when a state
  // changed, so that readers must reopen.
  bool Probe();

  // Watcher work: retries down shards, notices new revisions, refreshes the aux database. True
  // when readers must reopen.
  bool Tick();

  // A token that changes whenever Open would give a different set of databases.
  uint64_t serial() const;
  std::vector<ShardStatus> Statuses() const;
  size_t shard_count() const { return options_.shards.size(); }
  const RemoteShardOptions& options() const { return options_; }

 private:
  struct ShardState {
    bool up = true;  // optimistic until the first failure
    std::string error;
    uint64_t failures = 0;
    std::chrono::steady_clock::time_point retry_at;
  };

  // A connection to shard `i`, its `ch:shard` checked. Throws Xapian::Error.
  Xapian::Database Connect(size_t i, std::chrono::milliseconds timeout,
                           std::chrono::milliseconds connect_timeout) const;
  Xapian::Database Connect(size_t i) const {
    return Connect(i, options_.timeout, options_.connect_timeout);
  }
  // Marks shard i down (true when it was up).
  bool MarkDown(size_t i, const std::string& error);
  bool MarkUp(size_t i);
  // Rebuilds the aux database from the shards that are up (watcher thread only).
  void RefreshAux();

  const RemoteShardOptions options_;
  mutable std::mutex mutex_;
  std::vector<ShardState> states_;
  uint64_t serial_ = 1;
  std::string aux_path_;  // the current aux database ("" until the first is built)
  uint64_t aux_count_ = 0;

  std::mutex probe_mutex_;  // one probe at a time; the others wait for its answer

  // Watcher-thread state: a connection to each up shard, to notice new revisions cheaply.
  std::vector<Xapian::Database> watch_;
  std::string last_generation_;
  std::string aux_generation_;
  std::chrono::steady_clock::time_point aux_built_at_;
};

}  // namespace ch
