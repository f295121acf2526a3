// linked_bonus.h: the links curators draw between resources (their `related` lists) as a ranking
// signal. A curator who links B from A says that a reader of A will want B too; when A is one of
// the first `sources` results of a search in relevance order and B matches the search as well, B
// gets `share` of A's weight on top of its own (the largest such bonus when several sources link
// it). The bonus only reorders matches: B must match the search and its filters, so it never adds
// a result, changes no count and leaves other sorts alone.
//
// Why the first results and not every match: the best matches are the ones the search is most
// sure are about the question; a link from the fortieth result says little about this search.
// Measured on the sample corpus's development sets and SciFact (which has no links):
// benchmarks/RESULTS.md, issue 12, eleventh round.
//
//   std::vector<RankedDoc> ranked = RankedDocs(mset);  // the match from its first result
//   AddLinkedBonus(db, enquire_for, query, options.linked, &ranked);
//
// Pure functions over a database the caller owns (used by the calling thread only); Xapian
// exceptions propagate to the caller's adapter.
#pragma once

#include <functional>
#include <vector>

#include <xapian.h>

namespace ch {

struct LinkedBonusOptions {
  // The first results whose links count (0: off).
  unsigned sources = 2;
  // The share of a source's weight a linked match gets on top of its own (0: off).
  double share = 0.1;
};

// One ranked document: its id in the searched database and its weight (relevance order).
struct RankedDoc {
  Xapian::docid id = 0;
  double weight = 0;
};

// The documents of `mset`, in its order.
std::vector<RankedDoc> RankedDocs(const Xapian::MSet& mset);

// Adds the bonus above to `ranked`, which must hold the match's best documents in order from its
// first result (weights as `enquire_for(query)` gives them). Linked matches already in `ranked`
// move up; others are added with their own weight plus the bonus. `ranked` ends sorted by weight,
// best first, documents of equal weight in their previous order (added ones last). A source whose
// stored record does not decode adds no bonus (the hit reading it reports the damage).
// `every_match`: `ranked` holds the whole match, so a linked document not in it does not match
// and no further match is run.
void AddLinkedBonus(const Xapian::Database& db,
                    const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                    const Xapian::Query& query, const LinkedBonusOptions& options, bool every_match,
                    std::vector<RankedDoc>* ranked);

}  // namespace ch
