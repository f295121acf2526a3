// impact_tiers.h: the page of a relevance-ranked search, found by scoring a few contenders instead
// of every match, and proved to be the page Xapian's whole match would give.
//
//   TieredRanker ranker(db, column, match_set_cache, set_options, &tier_cache, bm25, options);
//   if (std::optional<Xapian::MSet> page = ranker.Page(query, first, count)) return *page;
//   ... else rank the whole match with Xapian ...
//
// Why: Xapian 1.4 ranks a search of common words by decoding every posting of every word: its
// bound on a word's weight is one number for the whole posting list, so nothing can be skipped.
// At 250,000 documents that is most of a search's CPU once the facet counts come from bitmaps
// (benchmarks/RESULTS.md, issue 15, Run 8). Restricting Xapian's match to a few thousand
// candidates does not help: seeking to them still decodes nearly every chunk of a common word.
//
// How, exactly (the threshold algorithm of Fagin et al. over per-term lists):
// - Every weighted term, every SYNONYM (Xapian weighs it as one term) and every fixed bonus (a
//   FixedWeightPostingSource FILTERed by terms: the word-pair bonus of short searches,
//   word_pair_bonus.h) is a unit with a tier: the documents it weighs most in, with their weights,
//   from Xapian's own BM25 ranking of that unit alone, and a floor: the weight of the best
//   document left out. A rare term's tier holds all its documents (floor 0); a frequent one's (held
//   by at least 1 / share_divisor of the documents) its best `tier_size`. Tiers are kept per index
//   generation in a bounded cache.
// - The candidates are the documents in some term's tier. For each candidate the query's weight
//   formula gives a lower and an upper bound: a term weighs its tier weight when the document is
//   in its tier, else between 0 and its floor when the document holds the term (bitmaps), else 0;
//   OR, AND and AND_MAYBE add their matching parts, MAX takes the largest, FILTER and AND_NOT
//   weigh their first part, SCALE_WEIGHT and the within-query frequency scale; PHRASE and NEAR
//   add their words' weights, as Xapian does, within the phrase's own match set (when that costs
//   no more position checks than the facet counts make exactly, which have usually cached it;
//   past that, within the AND of its words, a loose set); a node's bounds are 0 where it does not
//   match (its match set, match_set.h, worked out on the way).
// - With K = first + count, let L be the K-th largest lower bound (0 when fewer documents are
//   tiered). With a loose phrase (or a synonym bounded by its terms, below) a lower bound may
//   be too high, so L is only a guess there, which the check below proves or refutes (phrases of
//   common words, "the ballistic", are ranked from a few hundred contenders instead of a whole
//   match). Every matching candidate whose upper bound reaches L is a contender. A match outside
//   the candidates weighs at most the sum of the floors of the units whose sets hold it, so the
//   matches in the sets of enough units at once to reach L (a few bitmap ANDs) are contenders too.
//   When the contenders are few (max_contenders), the K best matches are among them, with no tie
//   across (a relative margin covers rounding), and Xapian's ranking of the contenders alone gives
//   the page: the same documents, weights and order (ties by docid) as the whole match, a short
//   page included when every match contended. The page is checked to reach L: every document left
//   out weighs less than L, so a page that reaches it is exact.
// - Otherwise, or for an operator it cannot bound (a WILDCARD whose terms are not certain,
//   wildcard_expansion.h, ELITE_SET, XOR, match-all, and posting sources other than a fixed bonus),
//   Page returns nullopt and the caller ranks the whole match.
// - A word's tier is weighed from its postings with the documents' lengths from the column
//   (bm25_postings.h: Xapian's weights, about 30 times cheaper than Xapian's ranking of the word
//   alone, which reads each length from the index), and so is a SYNONYM's of words (a prefix*
//   spelled out as one, wildcard_expansion.h); a SYNONYM's of phrases and a fixed bonus's is
//   Xapian's ranking of it. A frequent unit's tier still costs a pass over all its postings. Given
//   an ImpactTierRequests, a ranker never builds one at a search's cost: it asks for it
//   (impact_tier_warmer.h builds it in the background) and returns nullopt, so a search never
//   pays more than the whole match; the missing unit counts as weighing at least 0 and at most
//   anything, so the other units' tiers still give L (Page's known_kth). Rare units' tiers (all
//   their documents) are built at once, and so are prefixes' synonyms up to
//   search_synonym_postings postings. A SYNONYM of terms whose own tier is asked for is
//   bounded meanwhile by its terms' tiers: it never weighs more than their weights summed (its
//   frequency is theirs summed, BM25's frequency part is concave, its idf is lower); its lower
//   bounds are then a guess, as a loose phrase's.
// The returned MSet's estimates (get_matches_*) cover the contenders only; callers take totals
// from the match set.
//
// Preconditions: the weighting scheme is Xapian's BM25Weight with `bm25`'s parameters (k2 = 0),
// and `db` is the one local database `column` was loaded from. Errors: Xapian::Error propagates
// (call inside WithSearcher). Thread-safety: a ranker belongs to one thread; the caches are shared
// and thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "base/lru_cache.h"
#include "server/services/doc_bitmap.h"
#include "server/services/facet_column.h"
#include "server/services/match_set.h"
#include "server/services/ranking.h"
#include "server/services/word_pair_bonus.h"

namespace ch {

struct ImpactTierOptions {
  // A weighted term held by at least 1 / this of the documents keeps its best tier_size documents
  // in its tier, a rarer one all of them. 0: tiers off, Page always returns nullopt.
  Xapian::doccount share_divisor = 128;
  // Documents per frequent term's tier: a larger tier proves more pages (a lower floor) but makes
  // more candidates to bound.
  Xapian::doccount tier_size = 1000;
  // A fixed bonus (every document it matches weighs the same: the word-pair bonus) keeps all its
  // documents up to this many, so that its floor is 0 and it widens no other document's bound;
  // its tier costs only its filter's postings. Past this, tier_size as for a word.
  Xapian::doccount bonus_tier_size = 8000;
  // Contenders past which Page gives up: Xapian's seeks to each of them in every common word's
  // postings come to cost about as much as reading them whole. At 250,000 documents a proved page
  // of up to 500 contenders cost about 1 ms of CPU against 5 ms for the whole match
  // (benchmarks/RESULTS.md, issue 15, Run 11).
  size_t max_contenders = 500;
  // A prefix* spelled out as the SYNONYM of its words (wildcard_expansion.h) whose tier is
  // missing is weighed from its words' postings during the search when they hold at most this
  // many postings in all (about 30 ns each, where Xapian's whole match, which it spares, spends
  // about ten times that; its words' tiers bound a SYNONYM of dozens of words too loosely to prove
  // a page); larger ones are asked of the warmer. 0: always asked.
  uint64_t search_synonym_postings = 1000000;
  // The bounds are widened by this share before the comparisons, so that rounding differences
  // between Xapian's sums and ours can never let a heavier document be missed.
  double margin = 1e-9;
};

// One term's tier: the documents it weighs most in (ascending ids) with their weights for the
// term alone (factor 1, within-query frequency 1), and the floor.
struct ImpactTier {
  std::vector<Xapian::docid> ids;
  std::vector<double> weights;  // weights[i] is ids[i]'s
  double floor = 0;             // no document outside `ids` weighs more for the term alone
  size_t memory_bytes() const {
    return sizeof(*this) + ids.capacity() * sizeof(Xapian::docid) +
           weights.capacity() * sizeof(double);
  }
};

using ImpactTierCache = LruCache<ImpactTier>;

// Where a ranker sends the frequent units whose tiers it did not find, so that they are built
// off the search's path. Implementations are thread-safe and must not block on a build.
class ImpactTierRequests {
 public:
  virtual ~ImpactTierRequests() = default;
  // `generation` is the column key of the index generation the tier is wanted for.
  virtual void Request(const std::string& generation, const Xapian::Query& unit) = 0;
};

class TieredRanker {
 public:
  // `sets` and `tiers` may be null (nothing cached, for tests); `set_options` are the service's,
  // so that words' match sets are cached as the facet counts cache them. `requests` null: a
  // missing tier is built at once; else frequent units' are asked for (needs `tiers`). Everything
  // given must outlive the ranker.
  TieredRanker(const Xapian::Database& db, std::shared_ptr<const FacetColumn> column,
               MatchSetCache* sets, const MatchSetOptions& set_options, ImpactTierCache* tiers,
               const Bm25Parameters& bm25, ImpactTierOptions options = {},
               ImpactTierRequests* requests = nullptr);

  // Xapian's results [first, first + count) of `query` ranked by BM25, when the tiers prove them;
  // nullopt when they cannot. `known_kth` (optional) receives, once the tiers' bounds are worked
  // out, a weight the (first + count)-th best match reaches (the K-th largest lower bound, L
  // above), which makes Xapian's own ranking of a page the tiers cannot prove cheaper
  // (RankWithWordPairs' cut-off); left unchanged when none is known.
  std::optional<Xapian::MSet> Page(const Xapian::Query& query, Xapian::doccount first,
                                   Xapian::doccount count, double* known_kth = nullptr) const;

  // The tier of `unit` (a term, a SYNONYM or a fixed bonus), from the cache or computed.
  std::shared_ptr<const ImpactTier> Tier(const Xapian::Query& unit) const;

  // The cache key of `unit`'s tier in generation `column_key`, and back: the unit of a key (an
  // empty Query when `key` is not a tier key), and the generation of a key.
  static std::string TierKey(const std::string& column_key, const Xapian::Query& unit);
  static Xapian::Query UnitOfKey(const std::string& key);
  static std::string GenerationOfKey(const std::string& key);
  // Whether a unit held by `documents` of the database's `total` keeps only its best tier_size
  // (its tier then costs a pass over all the unit's postings); rare units keep every document.
  static bool Frequent(Xapian::doccount documents, Xapian::doccount total,
                       const ImpactTierOptions& options);

 private:
  struct Bounds;
  struct Collection;
  bool Collect(const Xapian::Query& query, Collection* out) const;
  bool AddTier(const Xapian::Query& unit, bool prefix, DocBitmap* tiered) const;
  std::vector<std::shared_ptr<const ImpactTier>> TermTiers(const Xapian::Query& unit,
                                                           bool ask) const;
  bool AddTermTiers(const Xapian::Query& unit, DocBitmap* tiered) const;
  bool BoundSynonymByTerms(const Xapian::Query& unit, double factor,
                           const std::vector<Xapian::docid>& docs, Bounds* out) const;
  bool PositionsAffordable(const Xapian::Query& phrase) const;
  bool RankContenders(const Xapian::Query& query, const std::vector<Xapian::docid>& docs,
                      const DocBitmap& tiered, double threshold, Xapian::doccount first,
                      Xapian::doccount count, Bounds* bounds, Xapian::MSet* page,
                      bool* proved) const;
  static bool Proved(const Xapian::MSet& page, Xapian::doccount count, double threshold);
  bool Contenders(const std::vector<Xapian::docid>& docs, const DocBitmap& tiered, double threshold,
                  Bounds* bounds, std::vector<Xapian::docid>* out) const;
  std::shared_ptr<const ImpactTier> Build(const Xapian::Query& unit, const std::string& key) const;
  std::optional<std::vector<std::string>> PostingsTerms(const Xapian::Query& unit) const;
  bool WithinSearchBudget(const Xapian::Query& unit) const;
  Xapian::doccount Documents(const Xapian::Query& unit) const;
  Xapian::doccount Kept(const Xapian::Query& unit, Xapian::doccount documents) const;
  DocBitmap UnitSet(const Xapian::Query& unit) const;
  bool Bound(const Xapian::Query& query, double factor, const std::vector<Xapian::docid>& docs,
             Bounds* out) const;
  bool BoundParts(const Xapian::Query& query, double factor, const std::vector<Xapian::docid>& docs,
                  Bounds* out) const;
  bool BoundUnit(const Xapian::Query& unit, double factor, const std::vector<Xapian::docid>& docs,
                 Bounds* out) const;
  bool Weighted(const std::string& term) const;
  Xapian::Enquire RankingEnquire(const Xapian::Query& query) const;

  const Xapian::Database& db_;
  std::shared_ptr<const FacetColumn> column_;
  MatchSetEvaluator sets_;
  MatchSetOptions set_options_;
  ImpactTierCache* tiers_;
  Bm25Parameters bm25_;
  ImpactTierOptions options_;
  ImpactTierRequests* requests_;
};

}  // namespace ch
