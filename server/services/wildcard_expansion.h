// wildcard_expansion.h: a prefix search (OP_WILDCARD) spelled out as the SYNONYM of the terms
// Xapian 1.4.22 expands it to, where that search is exactly Xapian's.
//
//   if (std::optional<Xapian::Query> synonym = ExpandedWildcard(db, wildcard)) ...
//   Xapian::Query spelled_out = WithExpandedWildcards(db, query);  // the same matches and weights
//
// Why: Xapian keeps a wildcard opaque until its match, so its match set came from a boolean pass
// over every posting of every expansion, and the impact tiers could not bound it: "investiga*" at
// 250,000 documents was ranked by a whole match, among the slowest hundredth of new searches
// (benchmarks/RESULTS.md, issue 15, Run 22). Spelled out, its match set is a union of term bitmaps
// (match_set.h) and its tier is weighed from its terms' postings (bm25_postings.h).
//
// Exactness: Xapian ORs the terms that start with the pattern under one SynonymPostList, as it
// does an explicit SYNONYM of the same distinct terms; the weights depend on the terms, not on
// their order (the OR tree's frequency estimate joins the two least frequent first, whatever
// their order). A wildcard is spelled out only when the terms are certain:
//   - its combiner is SYNONYM (the QueryParser's), and at least one term starts with the pattern;
//   - no limit (0, except under WILDCARD_LIMIT_MOST_FREQUENT, where Xapian reads 0 as a limit),
//     or at most the limit of terms, or WILDCARD_LIMIT_FIRST (the first terms in term order), or
//     WILDCARD_LIMIT_MOST_FREQUENT where the last term kept is more frequent than the first left
//     out (on a tie Xapian's choice is its nth_element's, so such a wildcard is left as it is);
//   - past the limit under WILDCARD_LIMIT_ERROR it is left as it is, for Xapian to reject.
// tests/server/wildcard_expansion_test.cc compares the pages and sets with Xapian's own.
//
// Errors: Xapian::Error propagates (call inside WithSearcher). Thread-safety: pure functions;
// `db` is read, so one thread at a time per Database.
#pragma once

#include <optional>
#include <vector>

#include <xapian.h>

namespace ch {

// `wildcard` (an OP_WILDCARD node) as an OP_SYNONYM of its terms, in term order; nullopt when it
// is not one or its terms are not certain (above).
std::optional<Xapian::Query> ExpandedWildcard(const Xapian::Database& db,
                                              const Xapian::Query& wildcard);

// `query` with every wildcard ExpandedWildcard spells out replaced, where it stands under OR,
// AND, AND_NOT, AND_MAYBE, FILTER, XOR and SCALE_WEIGHT. Wildcards inside a SYNONYM, MAX, PHRASE,
// NEAR or ELITE_SET are left as they are: there Xapian merges their terms into the enclosing
// operator. `spelled_out` (optional) receives each SYNONYM (or term) put in a wildcard's place.
Xapian::Query WithExpandedWildcards(const Xapian::Database& db, const Xapian::Query& query,
                                    std::vector<Xapian::Query>* spelled_out = nullptr);

}  // namespace ch
