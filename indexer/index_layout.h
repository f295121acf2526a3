// index_layout.h: how an index folder is laid out on disk, and its atomic switch.
//
//   DB_DIR/XAPIANDB        Xapian stub file naming the live build: "auto build-000007" or, with
//                          shards, one "auto build-000007/shard-NNN" line per shard
//   DB_DIR/build-000007/   the live build (a glass database, or one per shard)
//   DB_DIR/build-000006/   the previous build, kept so that readers still using it finish
//   DB_DIR/writer.lock     flock'ed by whoever writes (index_lock.h)
//
// Xapian opens a folder holding a XAPIANDB stub as the database(s) the stub names, so readers and
// Xapian's own tools (delve, quest) simply open DB_DIR. A rebuild writes build-N+1 and then
// replaces the stub with rename(2): a reader sees the old build or the new one, never a mix.
// A stub change needs a new Xapian::Database object (reopen() does not re-read stubs).
//
// Thread-safety: IndexLayout is a plain value; Read and Publish touch the file system only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ch {

class IndexLayout {
 public:
  // Reads DB_DIR/XAPIANDB. A missing folder or stub gives an empty layout (exists() false).
  static Result<IndexLayout> Read(const std::string& db_dir);

  bool exists() const { return build_ != 0; }
  const std::string& db_dir() const { return db_dir_; }
  uint64_t build() const { return build_; }
  // Full paths of the live build's shard databases (one when unsharded).
  const std::vector<std::string>& shard_paths() const { return shard_paths_; }
  size_t shard_count() const { return shard_paths_.size(); }

  // The folder of build `n`, and its shard paths for `shards` shards.
  static std::string BuildDir(const std::string& db_dir, uint64_t n);
  static std::vector<std::string> ShardPaths(const std::string& db_dir, uint64_t n, size_t shards);
  // Atomically makes build `n` with `shards` shards the live one (writes the stub via rename),
  // then deletes builds older than n-1.
  static Status Publish(const std::string& db_dir, uint64_t n, size_t shards);

  // Which shard of `shards` holds the resource `id`: a stable FNV-1a hash, the same on every
  // machine and run.
  static size_t ShardFor(std::string_view id, size_t shards);

 private:
  std::string db_dir_;
  uint64_t build_ = 0;
  std::vector<std::string> shard_paths_;
};

}  // namespace ch
