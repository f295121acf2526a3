// impact_tier_warmer.h: builds the impact tiers (impact_tiers.h) of each index generation in the
// background, so that no search pays for one.
//
//   ImpactTierWarmer warmer(reader, store, bm25, set_options, tier_options, {});  // starts a
//   thread TieredRanker ranker(..., store.impact_tiers(), bm25, tier_options, &warmer);   // asks
//   it
//   ...                                                                            // joins when
//   destroyed
//
// Why: a frequent word's tier costs a pass over all its postings to build (a synonym's or a
// bonus's, a whole Xapian ranking of it), and on searches never seen before, building tiers as
// searches needed them cost more than the tiers saved (20% fewer searches per second at 250,000
// documents when tiers were Xapian's rankings: benchmarks/RESULTS.md, issue 15, Run 8). Here the
// searches only use tiers; this thread builds them:
// 1. when a new generation appears (a rebuild, a sync, a curator write), first the units whose
//    tiers the previous generation had (most recently used first: the words people search), then
//    the generation's frequent weighted terms (stems, words as typed, concept terms), most
//    frequent first, while the tiers built for it
//    stay under `cache_share` of the cache and their number under `max_units`;
// 2. between generations, the units searches asked for (Request) and did not find.
// A generation is warmed once it has been the newest for `settle`, so that a burst of writes costs
// one warming, not one per write; a newer generation stops the warming of an older one.
//
// Only a single local database has tiers (facet_column.h); for shards the warmer does nothing.
// Errors: no index yet (Acquire's Unavailable) or a Xapian error is retried at the next poll.
// Thread-safety: Request and stats may be called from any thread (a request crosses threads as
// its tier key: a Query's reference count is not atomic, so Query objects are never shared); the
// reader and the store must outlive the warmer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "server/services/facet_column_store.h"
#include "server/services/impact_tiers.h"
#include "server/services/index_reader.h"
#include "server/services/ranking.h"

namespace ch {

struct ImpactTierWarmerOptions {
  // How often the reader's epoch is looked at when nothing happens.
  std::chrono::milliseconds poll_interval{100};
  // How long a generation must stay the newest before it is warmed.
  std::chrono::milliseconds settle{500};
  // Units warmed per generation at most (each about 12 KB and, for a frequent word at 250,000
  // documents, about 0.7 ms of CPU from its postings), not counting the ones searches ask for. At
  // 250,000 documents about 3,800 stems, 5,400 words as typed and 120 concept terms are frequent
  // (benchmarks/RESULTS.md, issue 15, Runs 11 and 12).
  size_t max_units = 10000;
  // Share of the tier cache a generation's warming may fill, leaving room for the units searches
  // ask for.
  double cache_share = 0.75;
  // Requests waiting at most; more are dropped (the next search of the unit asks again).
  size_t max_requests = 1024;
  // A unit other than a single term (a SYNONYM a search makes of its words: British and American
  // spellings, a word with its concept; a fixed bonus) is built on its second request only: most
  // are made by one search and never asked for again, and each costs a whole ranking (about 4 ms
  // at 250,000 documents). Until then the search bounds it by its terms' tiers (impact_tiers.h).
  // On searches never seen before this was 7.6% of the server's CPU (benchmarks/RESULTS.md,
  // issue 15, Run 15). The warmer remembers up to this many first requests, then forgets them
  // all and starts again. 0: every unit is built on its first request.
  size_t first_requests_kept = 8192;
};

struct ImpactTierWarmerStats {
  uint64_t generations = 0;  // generations (distinct column keys) warmed to the end
  uint64_t built = 0;        // tiers built, by warming and by request
  uint64_t requested = 0;    // requests queued
  uint64_t deferred = 0;     // first requests of a unit other than a term: remembered, not queued
  uint64_t dropped = 0;      // requests dropped: the queue was full
  size_t queued = 0;         // requests waiting now
  uint64_t errors = 0;       // polls that failed (no index yet, a Xapian error) and were retried
};

class ImpactTierWarmer : public ImpactTierRequests {
 public:
  ImpactTierWarmer(IndexReader& reader, FacetColumnStore& store, const Bm25Parameters& bm25,
                   const MatchSetOptions& set_options, const ImpactTierOptions& tier_options,
                   ImpactTierWarmerOptions options = {});
  ~ImpactTierWarmer() override;
  ImpactTierWarmer(const ImpactTierWarmer&) = delete;
  ImpactTierWarmer& operator=(const ImpactTierWarmer&) = delete;

  // Queues `unit` for generation `generation` (a column key); a unit already queued is not
  // queued twice, and a unit other than a term only from its second request on
  // (first_requests_kept). Never blocks on a build.
  void Request(const std::string& generation, const Xapian::Query& unit) override;

  ImpactTierWarmerStats stats() const;

 private:
  enum class Outcome { kDone, kInterrupted, kRetry };
  void Run();
  Outcome Warm(uint64_t epoch);
  Outcome ServeRequests(uint64_t epoch);
  std::vector<Xapian::Query> Units(const Xapian::Database& db, const std::string& generation) const;
  bool Interrupted(uint64_t epoch) const;  // stopping, or a newer generation

  IndexReader& reader_;
  FacetColumnStore& store_;
  const Bm25Parameters bm25_;
  const MatchSetOptions set_options_;
  const ImpactTierOptions tier_options_;
  const ImpactTierWarmerOptions options_;
  std::string warmed_generation_;  // the column key last warmed; only the warmer's thread uses it
  mutable std::mutex mutex_;       // guards the members below
  std::condition_variable wake_;
  bool stopping_ = false;
  std::deque<std::string> requests_;        // tier keys (generation and serialised unit)
  std::unordered_set<std::string> queued_;  // the same, to queue each once
  std::unordered_set<std::string> asked_once_;  // keys of units other than terms asked for once
  ImpactTierWarmerStats stats_;
  std::thread thread_;  // last: started once everything above is set up
};

}  // namespace ch
