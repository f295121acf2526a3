// word_pairs.h: word-pair terms, one per two neighbouring words of a short text ("homicide
// investigation", "gang violence"), so that a keyword search naming a two-word thing can prefer
// the resources whose title, summary or keywords name it, at the cost of one posting list per pair
// (no positions: benchmarks/RESULTS.md, issue 12, fifth and seventh rounds).
//
//   WordPairTerms("Gang Violence: a Review of Street Outreach", english stemmer, stop words)
//     -> {"XPgang_violenc", "XPreview_street", "XPoutreach_street"}
//
// A pair is two words with only stop words between them, not across punctuation that ends a
// phrase (. , ; : ! ? ( ) [ ] | /), each word by its stem, the two stems in alphabetical order
// (so "violence among gangs" and "gang violence" are one pair), joined by '_'; a pair of one stem
// twice is skipped. The text is expected accent-folded (text_fold.h), as indexed text is. The
// indexer adds the pairs of a resource's title, summary and keywords as boolean terms (wdf 0: they
// change no document's length, hence no BM25 weight of any other term); the search weighs them
// itself (server/services/word_pair_bonus.h). Pure functions; thread-compatible (a Xapian::Stem is
// not thread-safe: one per thread).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace ch {

// The pair terms of `text`, in order of appearance, each once.
std::vector<std::string> WordPairTerms(std::string_view text, const Xapian::Stem& stemmer,
                                       const Xapian::Stopper& stop_words);

}  // namespace ch
