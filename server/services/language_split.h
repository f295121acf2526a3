// language_split.h: a search over several languages' documents, cut into one query per language,
// so that Xapian can rank each with its own bound on the weights.
//
//   std::optional<std::vector<Xapian::Query>> parts = SplitByLanguage(query);
//   // each part: `query` with the other languages' branches removed
//
// Why: a search without a language filter is parsed once per language and the parses are OR-ed,
// each restricted to its language's documents (language_query.h). OP_MAX combined them with the
// same weights and let Xapian stop early, but Xapian 1.4.22's pruning matcher crashes on OP_MAX
// (benchmarks/RESULTS.md, issue 15, Run 9). Under OR an English document's bound includes the
// Spanish branch's best weight, so a question of common words is read nearly to its end: 2.6x
// the CPU. Ranked apart, each language's part prunes as MAX did, and the page comes from their
// top documents (RankWithWordPairs, word_pair_bonus.h).
//
// How: a language's part is the query with every subtree restricted to another language replaced
// by nothing: `x FILTER L<other>` and `x AND_NOT (L<this> OR ...)` (the default language's branch
// excludes the others). A document has one language term (indexer), so for a document of language
// L the part of L weighs exactly what the whole query weighs (what was removed cannot match it),
// and for any document a part weighs at most what the query weighs, and matches only what the
// query matches. Hence the query's best k documents are among the parts' best k each.
//
// Not split (nullopt): a query with fewer than two languages' restrictions, with more than one
// non-default language (a document must get its whole weight from one part), or with a language
// restriction in a place where removing it could add matches (under AND_NOT's right side or
// XOR). Pure functions; thread-compatible.
#pragma once

#include <optional>
#include <vector>

#include <xapian.h>

namespace ch {

std::optional<std::vector<Xapian::Query>> SplitByLanguage(const Xapian::Query& query);

}  // namespace ch
