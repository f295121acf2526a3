// match_set.h: the set of documents a query matches, as a bitmap (doc_bitmap.h), computed from the
// query's structure instead of by Xapian's matcher enumerating it.
//
//   MatchSetEvaluator sets(db, column, &cache);     // column: the generation's facet column
//   DocBitmap matched = sets.Evaluate(query);       // exactly Xapian's match set of `query`
//   FacetTally tally = column->TallyOf(matched);
//
// Why: facet counts and value-sorted pages need every match, not only the best ten. Xapian's
// boolean pass over a search of common words reads every posting of every word, each time: at
// 250,000 documents 20 to 70 ms of CPU for a search not seen before (benchmarks/RESULTS.md,
// issue 15, "Match sets"). Here the frequent terms' postings are read once per generation into
// bitmaps kept in a bounded cache, so a new search of common words costs a few word-wide ORs and
// ANDs; rare terms are read each time, their posting lists being short.
//
// How each operator is evaluated (the set is the same as Xapian's, whatever the weights):
//   term                          its postings (cached when at least 1 / cache_share_divisor of
//                                 the documents hold it)
//   match-all / match-nothing     every document of the column / none
//   OR, SYNONYM, MAX              union;  AND, FILTER: intersection;  XOR: odd number of matches
//   WILDCARD                      the union of its terms' sets, when they are certain
//                                 (wildcard_expansion.h)
//   AND_MAYBE                     the first subquery's set (the rest only add weight)
//   AND_NOT                       the first's set minus every other's
//   SCALE_WEIGHT                  its subquery's set (a weight of 0 included)
//   anything else                 Xapian itself: a boolean pass over that subquery alone, its
//   (PHRASE, NEAR, other          set cached by the serialised subquery when it can be serialised
//    WILDCARDs, value ranges,      (a phrase or a date filter recurs across searches)
//    ELITE_SET,
//    posting sources)
//
// Cache keys carry the column's key (one generation), so a new generation stops hitting old
// entries, which age out of the LRU.
// Preconditions: `db` is the one local database `column` was loaded from (facet_column.h says
// why shards are excluded). Errors: Xapian::Error propagates (call inside WithSearcher, as for the
// column). Thread-safety: an evaluator belongs to one thread; the cache is shared and thread-safe.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "base/lru_cache.h"
#include "server/services/doc_bitmap.h"
#include "server/services/facet_column.h"

namespace ch {

struct MatchSetOptions {
  // Position checks (documents holding every word of a phrase or NEAR) a search may make to count
  // its facets exactly. Past this the counts come from a sample of every k-th document, k =
  // checks / this rounded up, and the response says they are estimates (facets_exact: false):
  // "crime and" in quotes had 170,000 candidates at 250,000 documents and cost 300 ms to count
  // exactly. 0: always exact. 4,000 rather than 10,000: at 250,000 documents the slowest
  // searches are such phrases, and the lower limit took the p99 of searches never seen before
  // from 68.6 to 59.6 ms at c=8 (two runs), with 42 instead of 38 of 2,000 searches estimated
  // (benchmarks/RESULTS.md, issue 15, Run 21).
  uint64_t exact_position_checks = 4000;
  // A phrase (or NEAR) past that limit with at most this many candidates is still checked exactly
  // when a pilot of about pilot_checks of them, every k-th document, finds at most
  // rare_phrase_share of them holding it (SettleRarePhrases). Few matches leave Xapian's ranked
  // match nothing to prune with: it checks nearly every candidate anyway, and a sample for the
  // counts then checks up to exact_position_checks more; the exact set, cached, gives exact counts
  // and lets the impact tiers rank the page without a position check. At 250,000 documents
  // (RESULTS, issue 15, Run 16) such a phrase with 10,000-40,000 candidates cost 4-7 ms less; with
  // more candidates, or with 5% of them or more holding it, it cost more. 0: never.
  uint64_t rare_phrase_checks = 40000;
  double rare_phrase_share = 0.03;
  uint64_t pilot_checks = 500;  // 0: the pilot checks every candidate
  // A term held by at least 1 / this of the documents keeps its bitmap in the cache; rarer terms
  // are read from their posting lists each time (at 250,000 documents: under 1,954 postings, a
  // few microseconds).
  Xapian::doccount cache_share_divisor = 128;
};

using MatchSetCache = LruCache<DocBitmap>;

class MatchSetEvaluator {
 public:
  // `cache` may be null (nothing cached). `db`, `column` and `cache` must outlive the evaluator.
  MatchSetEvaluator(const Xapian::Database& db, std::shared_ptr<const FacetColumn> column,
                    MatchSetCache* cache, MatchSetOptions options = {});

  DocBitmap Evaluate(const Xapian::Query& query) const;

  // The position checks exact evaluation of `query` would make: for each PHRASE or NEAR in it,
  // how many documents hold all its words (none when its exact set is cached).
  uint64_t PositionChecks(const Xapian::Query& query) const;
  // From now on, subqueries left to Xapian are evaluated within the column's Sample(every) only:
  // Evaluate's result is then exact within the sample, and only there (intersect it with
  // sample()).
  void RestrictToSample(uint32_t every);
  // The documents holding every word of `phrase` (a PHRASE or NEAR): those its check would read.
  DocBitmap Candidates(const Xapian::Query& phrase) const;
  // Whether `query`'s exact set is in the cache: PositionChecks counts such a phrase as none.
  bool Known(const Xapian::Query& query) const;
  // Evaluates exactly, and so caches, each phrase of `query` that the options call rare (a pilot
  // over a sample, MatchSetOptions::rare_phrase_checks). Without a cache, or once restricted to a
  // sample, it does nothing.
  void SettleRarePhrases(const Xapian::Query& query) const;
  const DocBitmap& sample() const { return sample_; }

 private:
  using Shared = std::shared_ptr<const DocBitmap>;
  uint64_t PositionChecks(const Xapian::Query& query, std::set<std::string>* seen) const;
  Shared Set(const Xapian::Query& query) const;
  void Union(const Xapian::Query& query, size_t first, DocBitmap* out) const;
  Shared Term(const std::string& term) const;
  void AddPostings(const std::string& term, DocBitmap* out) const;
  bool Cacheable(Xapian::doccount termfreq) const;
  Shared ByXapian(const Xapian::Query& query) const;
  // The cache key of a set Xapian evaluates, within the sample `sample_key` names ("" for none);
  // "" when the query cannot be serialised (a posting source), and so is not cached.
  std::string XapianSetKey(const Xapian::Query& query, const std::string& sample_key) const;

  const Xapian::Database& db_;
  std::shared_ptr<const FacetColumn> column_;
  MatchSetCache* cache_;
  MatchSetOptions options_;
  DocBitmap sample_;                       // empty unless restricted
  std::vector<Xapian::docid> sample_ids_;  // sample_'s ids, ascending
  std::string sample_key_;                 // in cache keys: which sample a set was taken in
};

// The facet tally of `query`'s match set: exact (its rare phrases settled first), or, when its
// other phrases would need more than options.exact_position_checks position checks, from the
// column's Sample(k) with k the checks over that limit rounded up (FacetTally::sample_every = k).
// Throws Xapian::Error as Evaluate.
FacetTally CountFacets(const Xapian::Database& db, std::shared_ptr<const FacetColumn> column,
                       MatchSetCache* cache, const MatchSetOptions& options,
                       const Xapian::Query& query);

}  // namespace ch
