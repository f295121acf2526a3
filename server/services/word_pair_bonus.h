// word_pair_bonus.h: in a short keyword search ("gang violence", "homicide investigation"), a
// bonus for the resources whose title, summary or keywords hold two neighbouring words of the
// query as neighbours too (their word-pair terms, indexer/word_pairs.h), on top of the ranking of
// the words one by one (ranking.h, RankingOptions::word_pairs).
//
// A pair weighs like a rare word: `weight` x log(1 + (N - n + 0.5) / (n + 0.5)), n being the
// documents holding the pair, so a pair that names one thing counts more than two common words
// that often stand together. The pair terms are boolean (wdf 0: they change no document's length),
// so the bonus is a fixed weight per matching document (Xapian::FixedWeightPostingSource filtered
// by the pair term): one posting list per pair, no positions, unlike the proximity bonus
// (proximity.h), whose position checks cost 2x the CPU per search even for searches of three
// words (benchmarks/RESULTS.md, issue 12, seventh round).
//
//   WithWordPairs(db, stemmers, {english}, "gang violence", options, text)
//     -> text AND_MAYBE (fixed(w) FILTER XPgang_violenc)
//
// The query's pairs are made in every language it is searched in (its stemmer and stop words), as
// each resource's pairs are made in its own: "policia comunitaria" finds the Spanish resources'
// pair `XPcomunitari_polici`.
//
// Pure functions over a database the caller owns; thread-compatible. Xapian exceptions propagate.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/languages.h"

namespace ch {

struct WordPairOptions {
  // Scale of a pair's weight (above). 0 disables the bonus.
  double weight = 0.5;
  // Only searches of two to this many words (stop words aside) get the bonus: in a keyword search
  // neighbouring words name one thing; in a question most neighbours are chance.
  size_t max_words = 3;
};

// The bonus for the pairs of `cleaned` (the query text as searched: query_understanding.h), one
// weighted subquery per pair the index holds, in one OR. An empty Query when the search has fewer
// than two or more than options.max_words content words, or no pair is indexed.
// `languages` are those searched (none: the default language). `typed`, when not empty, is the
// same search as typed before its British spellings were read as American (american_spelling.h):
// its pairs join those of `cleaned`, so that "labour trafficking" finds the resources that name
// "labor trafficking" and those that name "labour trafficking".
Xapian::Query WordPairBonus(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options,
                            std::string_view typed = {});

// `text` AND_MAYBE WordPairBonus(...), or `text` when there is no bonus.
Xapian::Query WithWordPairs(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options,
                            const Xapian::Query& text, std::string_view typed = {});

// Whether `query` is a fixed bonus: a FixedWeightPostingSource FILTERed by other subqueries, which
// weighs the same in every document it matches (the bonus of one pair).
bool IsFixedBonus(const Xapian::Query& query);

// A query of the form `text AND_MAYBE bonus` (within FILTERs and AND_NOTs; AND_MAYBEs nest), where
// a bonus only adds fixed bonuses (the word-pair bonus, the audience bonus of query_expansion.h's
// FixedTermBonus, each perhaps weighed by language), split: the query without its bonuses, the
// bonuses' filters (the documents that can get one) and the most they add to one document.
struct WordPairSplit {
  Xapian::Query without;
  std::vector<Xapian::Query> holders;
  double max_bonus = 0;
};
std::optional<WordPairSplit> SplitWordPairBonus(const Xapian::Database& db,
                                                const Xapian::Query& query);

// OP_SCALE_WEIGHT's factor (Xapian 1.4 has no getter; its description prints it with 20
// significant digits, which read back exactly); negative when it cannot be read.
double QueryScaleFactor(const Xapian::Query& scaled);

// Xapian's page [first, first + count) of `query`, ranked by `enquire_for(...)` (an Enquire over
// the database with the caller's weighting and order set). Why not simply Xapian's match: Xapian
// 1.4.22's pruning matcher (check_at_least below the match count) crashes on some query trees
// that hold a posting source under AND_MAYBE, as the pair bonus is: "victim crime" at 250,000
// generated documents, its language branches under MAX and a scaled concept beside them, reproduced
// with Xapian alone (benchmarks/RESULTS.md, issue 15). So a query with the bonus is ranked in two
// passes that never prune with a posting source, and a last one that does not prune at all:
//   1. the top first + count of the query without its bonuses (a bonus only adds weight, so any
//      page document without a bonus is among them; call the last one's weight L),
//   2. the documents that can get a bonus and weigh at least L - max_bonus without it (Xapian's
//      weight cut-off): no other holder can reach the page, and
//   3. the query with its bonuses over the documents of 1 and 2, every one examined.
// Without `estimates`, a text of several language branches (three weighted terms or more, or a
// phrase) has its pass 1 ranked language by language (language_split.h): OR-ed branches prune
// poorly, and OP_MAX, which pruned well, crashes Xapian 1.4.22; each language's part after the
// first is cut off at the k-th best weight found so far, and the page comes from pass 3 over the
// parts' best.
// `known_kth` (0: none), a weight the query's (first + count)-th best document is known to reach
// (impact_tiers.h's lower bound when its tiers cannot prove the page), is every pass's cut-off
// from the start; were it too high, the page would show it (too short, or its last place below
// it), and it is ranked again without it. Ignored with `estimates`.
// Precondition: `enquire_for` orders by relevance alone (the weight cut-offs assume it).
// Exact: the same documents, weights and order as Xapian's whole match. `estimates` (optional)
// receives pass 1's MSet, whose match estimates are the query's (the bonus changes no match);
// the page's own estimates cover its candidates only. A query without the bonus is ranked by
// Xapian at once when neither applies. Xapian::Error propagates.
Xapian::MSet RankWithWordPairs(
    const Xapian::Database& db,
    const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
    const Xapian::Query& query, Xapian::doccount first, Xapian::doccount count,
    Xapian::MSet* estimates = nullptr, double known_kth = 0);

}  // namespace ch
