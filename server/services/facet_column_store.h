// facet_column_store.h: the facet columns of the index generations being searched, and a bounded
// cache of facet tallies per (match query, generation).
//
//   FacetColumnStore store(FacetColumnStoreOptions{});
//   std::shared_ptr<const FacetColumn> column = store.For(searcher.db);  // nullptr: use the spy
//   std::string key = FacetColumnStore::CacheKey(*column, query);
//   std::shared_ptr<const FacetTally> tally = store.Cached(key);
//   if (!tally) { ...count...; store.Remember(key, tally); }
//
// Columns: the first request that sees a new generation (a rebuild, a curator write, a sync:
// the reader reopens, facet_column.h's Key changes) loads its column (0.5 s at 250,000
// documents, sort ranks included). Concurrent requests wait for that load, at most `load_wait`,
// rather than count with Xapian's spy: at 250,000 documents the spy costs 200 ms or more of CPU
// per faceted search, so eight searches counting with it slowed the load and each other for
// over a second after every write. Past `load_wait` a request counts with the spy; counts are
// exact either way. The newest `columns` columns are kept, so searchers still on the previous
// revision keep theirs.
//
// Cache: tallies keyed by the column key and the serialised match query, so a key names exactly
// one match set of one generation; a new generation simply stops hitting the old entries, which
// age out. Least recently used entries go first once the tallies' bytes pass `cache_bytes`.
//
// Match sets: the bitmaps of frequent terms and of subqueries Xapian evaluates (match_set.h), per
// generation, in their own LRU bounded by `match_set_bytes` (a bitmap is 31 KB at 250,000
// documents, so the default holds about 2,000: the common words of searches).
//
// Impact tiers: each searched word's best documents with their weights (impact_tiers.h), per
// generation, in a third LRU bounded by `impact_tier_bytes` (0, the default: none).
//
// Thread-safe: every member may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "base/lru_cache.h"
#include "server/services/facet_column.h"
#include "server/services/impact_tiers.h"
#include "server/services/match_set.h"

namespace ch {

struct FacetColumnStoreOptions {
  size_t columns = 2;                     // generations kept in memory
  size_t cache_bytes = 32 * 1024 * 1024;  // tallies cached, all generations together; 0: none
  // Term and subquery bitmaps (match_set.h), all generations together; 0: none (every match set
  // is then read from the posting lists each time).
  size_t match_set_bytes = 64 * 1024 * 1024;
  // Impact tiers of searched words (impact_tiers.h), all generations together: a common word's
  // is about 12 KB at the default tier size, a rarer word's (all its documents) up to twice that,
  // so 16 MB holds about a thousand words. 0 (the default): none, and SearchService ranks every
  // search with Xapian's whole match. Off by default because a word's first search builds its tier
  // at the cost of a whole match of that word: on searches never seen before at 250,000 documents
  // that cost more than the tiers saved (benchmarks/RESULTS.md, issue 15, Run 8).
  size_t impact_tier_bytes = 0;
  // How long a request waits for another's load of the column before counting with the spy.
  std::chrono::milliseconds load_wait{2000};
  // Reads a database's column: FacetColumn::Load unless given (tests pace a load with it).
  std::function<std::shared_ptr<const FacetColumn>(const Xapian::Database&)> load;
};

struct FacetColumnStoreStats {
  uint64_t loads = 0, hits = 0, misses = 0;
  uint64_t waits = 0;      // requests that waited for another's load
  uint64_t fallbacks = 0;  // requests that counted with the spy: a load ran past load_wait
  size_t cached_entries = 0, cached_bytes = 0, column_bytes = 0;
  uint64_t match_set_hits = 0, match_set_misses = 0;
  size_t match_set_entries = 0, match_set_bytes = 0;
  uint64_t impact_tier_hits = 0, impact_tier_misses = 0;
  size_t impact_tier_entries = 0, impact_tier_bytes = 0;
};

class FacetColumnStore {
 public:
  explicit FacetColumnStore(FacetColumnStoreOptions options = {})
      : options_(options),
        tallies_(options.cache_bytes),
        match_sets_(options.match_set_bytes),
        impact_tiers_(options.impact_tier_bytes) {}

  // The column of `db`'s current documents, loaded now when new, or by the thread loading it
  // (waiting at most load_wait); nullptr past that wait, or when the database moved on while
  // loading. Throws Xapian::Error (call it inside WithSearcher).
  std::shared_ptr<const FacetColumn> For(const Xapian::Database& db);

  static std::string CacheKey(const FacetColumn& column, const Xapian::Query& query) {
    return column.key() + '\n' + query.serialise();
  }
  std::shared_ptr<const FacetTally> Cached(const std::string& key);
  void Remember(const std::string& key, std::shared_ptr<const FacetTally> tally);
  // The cache for MatchSetEvaluator; null when match_set_bytes is 0.
  MatchSetCache* match_sets() const {
    return options_.match_set_bytes > 0 ? &match_sets_ : nullptr;
  }
  // The cache for TieredRanker; null when impact_tier_bytes is 0.
  ImpactTierCache* impact_tiers() const {
    return options_.impact_tier_bytes > 0 ? &impact_tiers_ : nullptr;
  }
  FacetColumnStoreStats stats() const;

 private:
  FacetColumnStoreOptions options_;
  LruCache<FacetTally> tallies_;
  mutable MatchSetCache match_sets_;      // thread-safe: handed out by the const match_sets()
  mutable ImpactTierCache impact_tiers_;  // the same, by impact_tiers()
  mutable std::mutex mutex_;              // guards the members below; never held while loading
  std::condition_variable loaded_;        // signalled when a load ends, loaded or not
  std::vector<std::shared_ptr<const FacetColumn>> columns_;  // newest last
  bool loading_ = false;
  uint64_t loads_ = 0, waits_ = 0, fallbacks_ = 0;
};

}  // namespace ch
