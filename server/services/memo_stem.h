// memo_stem.h: stemmers that remember the stems they have made, for the words of result snippets.
//
// A snippet stems every word of its excerpt (snippets.h), and stemming was most of a snippet's
// cost when Xapian's MSet::snippet made them (benchmarks/RESULTS.md, facets "Run 4: per-hit
// cost"). The same words recur from hit to hit and from request to request, so a thread's snippets
// are made with these stemmers, which look a word up before calling the stemmer they wrap.
// Stemming is a pure function of the word, so a snippet is byte for byte what the wrapped stemmer
// gives.
//
//   MemoLanguageStemmers stems;            // one per thread (a Searcher's)
//   stems.For("en")("shootings")           // "shoot": Snowball the first time, the memo after
//
// Bounded: a memo has MemoStemOptions::max_words slots (rounded up to a power of two), a word's
// slot is chosen by its hash and a new word replaces the one there; words longer than
// max_word_bytes are stemmed every time, not remembered.
//
// Not thread-safe, like Xapian::Stem (and copies of one share its memo): one per thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/languages.h"

namespace ch {

struct MemoStemOptions {
  // About 80 bytes a slot, allocated on first use: 8192 slots are 640 KB per thread and language
  // used. 0: no memo. 8192 slots found about 85% of the words of the benchmark mix's snippets.
  size_t max_words = 8192;
  size_t max_word_bytes = 32;
};

// `inner`, behind a memo.
Xapian::Stem MemoizedStem(Xapian::Stem inner, MemoStemOptions options = {});

// Every analysed language's stemmer (MakeStemmer, languages.h), each behind its own memo.
class MemoLanguageStemmers {
 public:
  explicit MemoLanguageStemmers(MemoStemOptions options = {});
  const Xapian::Stem& For(std::string_view code) const;

 private:
  std::vector<Xapian::Stem> stems_;  // in AnalysedLanguages() order
};

}  // namespace ch
