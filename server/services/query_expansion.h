// query_expansion.h: what SearchService adds to a parsed query for relevance order, beyond the
// user's words: the exact form of words lowered at a sentence start, a bonus for documents that
// carry every concept the query names, and pseudo-relevance feedback (Xapian's ESet) for long
// questions. The scales are RankingOptions (ranking.h); docs/index-schema.md ("Ranking") says
// which are on, and benchmarks/RESULTS.md why.
//
// Pure functions over Xapian objects the caller owns (a leased Searcher's database); they never
// change which documents match a query, only their weights, except FeedbackTerms' terms, which the
// caller adds with OR. Thread-compatible. Xapian exceptions propagate (the caller runs inside
// WithSearcher).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "server/services/ranking.h"

namespace ch {

// `query` with the stem term of each of `words` (lowercase, as written; stop words skipped)
// replaced by (the stem scaled by `stem_share`) OR (the word's exact, unstemmed term scaled by
// `exact_weight`): the same documents match, and the exact form can weigh more than the stem.
// `query` itself when nothing applies.
Xapian::Query WithExactForms(const Xapian::Query& query, const std::vector<std::string>& words,
                             double exact_weight, double stem_share);

// The distinct concept terms (schema.h prefix XC) in `query`.
std::vector<std::string> ConceptTermsOf(const Xapian::Query& query);

// `query` AND_MAYBE (every term of `concept_terms`, scaled by `bonus`), when there are at least two
// and `bonus` > 0; otherwise `query`.
Xapian::Query WithAllConceptsBonus(const Xapian::Query& query,
                                   const std::vector<std::string>& concept_terms, double bonus);

// A bonus of a fixed weight, `scale` x log(1 + (N - n + 0.5) / (n + 0.5)), for every document
// holding `term` (n of the N documents of `db` do): a boolean term weighs like a rare word, the
// same in a long document as in a short one. An empty Query when no document holds it. Used under
// AND_MAYBE, it re-ranks and never adds a match.
Xapian::Query FixedTermBonus(const Xapian::Database& db, const std::string& term, double scale);

// The question's concepts, as groups of terms: each word of `parsed` (a query from
// ParseQueryText, before anything is added) with the terms it expands to is one group, and the
// groups that hold a concept term (the word names a taxonomy entry or a glossary term, such as
// "shootings" or "schools") are the concepts. When no word names a concept every word's group
// counts. Empty for queries that are not combined by OR (every match then matches them all).
std::vector<std::vector<std::string>> ConceptGroups(const Xapian::Query& parsed);

// The share of `groups` that `doc` matches (it holds a term of the group); 1 when there are none.
double Coverage(const Xapian::Document& doc, const std::vector<std::vector<std::string>>& groups);

// How many distinct word terms (not concept terms) `query` holds.
size_t WordCount(const Xapian::Query& query);

// The feedback part for `query`: the best stemmed free-text terms (prefix Z, not in the
// query) of the first `ranking.feedback_docs` results of `enquire` (already set up with the query
// and weighting), each scaled so the best has `ranking.feedback_weight`, combined with OR; an
// empty Query when there are no results or feedback is off.
Xapian::Query FeedbackTerms(Xapian::Enquire& enquire, const Xapian::Query& query,
                            const RankingOptions& ranking);

}  // namespace ch
