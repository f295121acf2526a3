// snippets.h: the highlighted excerpt of a result's body shown under its title.
//
//   const SnippetTerms terms = SnippetTermsOf(parsed_query, is_stop_word);   // once per search
//   hit.snippet = HighlightedSnippet(body_text, 240, stemmer, terms);
//
// Why not Xapian's MSet::snippet: it stems every word of the text it is given, so a whole body
// costs its length on every result (80% of a search's time, benchmarks/RESULTS.md), and even on a
// window around the best stretch its scoring machinery was 5.6% of a search's CPU at 250,000
// documents (RESULTS, issue 15, Run 16). The stretch of the body that mentions the most query
// terms is found without stemming, and only the words of the excerpt around it are stemmed (with
// the caller's stemmer, memoised: memo_stem.h) and compared with the query's terms.
//
// Inputs: `text` is UTF-8. The snippet holds at most `chars` bytes of the text, cut at whole
// words, escaped for HTML (base/html_escape.h), the query's words in <mark>...</mark>, and "…"
// (U+2026) where text was left out; with no keys (browsing) it is the start of the body. Errors:
// none. Thread-safety: pure functions of their arguments (a Xapian::Stem is used by one thread).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

namespace ch {

// What a search's snippets look for, worked out once per search from its parsed query: `keys`
// find the stretch to show (an English stem is, up to its last letter, a prefix of the words it
// comes from: violenc-e, communit-i/y, shoot-ing; so a key is a free-text term without its field
// prefix and without its last letter when longer than three letters), and a word is highlighted
// when, in lower case, it is one of `words` (the query's unprefixed terms) or its stem one of
// `stems` (its Z-prefixed terms). A term `is_stop_word` names (without its prefix) is left out,
// unless every term is one: Spanish words reach an English parse, whose stop list does not name
// them, and some questions keep theirs ("get the shootings to stop"), but "to", "de" or "la"
// marked all over an excerpt say nothing.
struct SnippetTerms {
  std::vector<std::string> keys;
  std::unordered_set<std::string> words;
  std::unordered_set<std::string> stems;
};
SnippetTerms SnippetTermsOf(const Xapian::Query& query,
                            const std::function<bool(std::string_view)>& is_stop_word = {});

std::string HighlightedSnippet(const std::string& text, size_t chars, const Xapian::Stem& stemmer,
                               const SnippetTerms& terms);

}  // namespace ch
