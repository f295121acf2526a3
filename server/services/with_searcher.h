// with_searcher.h: runs read work on a leased Searcher, retrying when the index moved underneath.
//
//   Result<size_t> n = WithSearcher<size_t>(reader, [&](Searcher& s) -> Result<size_t> {
//     return s.db.get_doccount();
//   });
//
// Xapian throws DatabaseModifiedError when a reader's snapshot was overwritten by two commits (and,
// in the same race, now and then DatabaseCorruptError for a block the writer has just reused); the
// whole piece of work is then retried on a freshly opened database, holding off in-process
// commits while it does (IndexReader::HoldOffCommits), so the retry completes. Only an error that
// persists (a writer in another process, a real corruption) is reported. A NetworkError from a
// remote shard makes the reader probe its shards and the work is retried without the dead ones. Any
// other Xapian::Error becomes a Status (xapian_status.h); nothing Xapian escapes.
#pragma once

#include <string_view>

#include "indexer/xapian_status.h"
#include "server/services/index_reader.h"

namespace ch {

template <typename T, typename Work>
Result<T> WithSearcher(IndexReader& reader, Work&& work) {
  Result<IndexReader::Lease> lease = reader.Acquire();
  if (!lease.ok()) return lease.status();
  constexpr int kAttempts = 5;
  std::shared_lock<std::shared_mutex> holding_off_commits;
  for (int attempt = 1;; ++attempt) {
    if (attempt == 2) holding_off_commits = reader.HoldOffCommits();
    try {
      return work(**lease);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kAttempts) return StatusFromXapian(e, "reading the index");
      Status refreshed = lease->Refresh();
      if (!refreshed.ok()) return refreshed;
    } catch (const Xapian::DatabaseCorruptError& e) {
      if (attempt == kAttempts) return StatusFromXapian(e, "reading the index");
      Status refreshed = lease->Refresh();
      if (!refreshed.ok()) return refreshed;
    } catch (const Xapian::NetworkError& e) {
      // A remote shard died or timed out: find out which, then retry without it.
      if (attempt == kAttempts || !reader.remote()) return StatusFromXapian(e, "reading the index");
      reader.OnNetworkError();
      Status refreshed = lease->Refresh();
      if (!refreshed.ok()) return refreshed;
    } catch (const Xapian::Error& e) {
      return StatusFromXapian(e, "reading the index");
    }
  }
}

}  // namespace ch
