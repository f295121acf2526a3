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
// `languages` are those searched (none: the default language).
Xapian::Query WordPairBonus(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options);

// `text` AND_MAYBE WordPairBonus(...), or `text` when there is no bonus.
Xapian::Query WithWordPairs(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options,
                            const Xapian::Query& text);

}  // namespace ch
