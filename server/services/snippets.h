// snippets.h: the highlighted excerpt of a result's body shown under its title.
//
//   const std::vector<std::string> keys = SnippetKeys(parsed_query);   // once per search
//   hit.snippet = HighlightedSnippet(mset, body_text, 240, stemmer, keys);
//
// Why not MSet::snippet on the whole body: Xapian stems every word of the text it is given, so a
// whole body costs its length on every result (80% of a search's time, benchmarks/RESULTS.md).
// The stretch of the body that mentions the most query terms is found without stemming, and
// Xapian highlights only a window around it.
//
// Inputs: `mset` is the search's (its query decides what is highlighted); `text` is UTF-8. The
// snippet holds at most about `chars` characters, matches in <mark>...</mark>, "..." (U+2026)
// where text was left out; with no keys (browsing) it is the start of the body. Errors: none of
// its own; Xapian::Error propagates. Thread-safety: pure functions of their arguments.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

namespace ch {

// Lower-case search keys for the query's free-text terms. An English stem is, up to its last
// letter, a prefix of the words it comes from (violenc-e, communit-i/y, shoot-ing), so a key is the
// term without its field prefix (upper-case letters) and without its last letter when longer than
// three letters.
std::vector<std::string> SnippetKeys(const Xapian::Query& query);

std::string HighlightedSnippet(const Xapian::MSet& mset, const std::string& text, size_t chars,
                               const Xapian::Stem& stemmer, const std::vector<std::string>& keys);

}  // namespace ch
