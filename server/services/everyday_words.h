// everyday_words.h: the words a "did you mean" leaves as typed although the index lacks them.
//
//   EverydayWords everyday(taxonomy);
//   everyday.Knows("brother")   // true: a family word of the lay vocabulary
//   everyday.Knows("won't")     // true: "wont", a filler word (stopwords.h)
//   everyday.Knows("violance")  // false: a misspelling, corrected
//   everyday.IsStopWord("by")   // true: never offered as a correction ("boy" -> "by")
//
// The index's spelling table knows only the words its resources hold, so Xapian "corrected" every
// everyday word of a question that no resource happens to use: "my brother has schizophrenia and
// im scared" became "my rather has schizophrenia and im shared", "murdered" became "ordered",
// "him" "hit". No word list of the language is installed on the machine; what the engine knows of
// everyday speech is its taxonomy (the public's lay phrasings above all) and its stop words. A
// word is known, in any analysed language, when
//   - it is a stop word or a filler word of everyday speech (indexer/stopwords.h: "him", "ever",
//     "wont"), its apostrophes left out ("won't", "wouldn't"), or such a word or a known word
//     with a possessive or contraction added ("daughter's": "daughter");
//   - it is an everyday word the lay vocabulary joins (IsEverydayWord: family and partner words,
//     "cop", "shot");
//   - it is a word of a taxonomy label, description, synonym, glossary name or lay phrase in that
//     language, or its plural ("bullying", "kids").
// Knows compares words, not stems: a misspelling's stem may be a word's ("trafficing" is stemmed
// "traffic"). Stems are compared once a suggestion is known (HasAnotherForm: "scare" beside the
// lay phrases' "scared"), and by the index (another form of the word: "murdered" beside
// "murder", which the search finds by its stem; SameWordInIndex, language_query.h).
//
// Immutable after construction; safe to share between threads. It keeps no stemmer: Xapian::Stem
// is not thread-safe, so HasAnotherForm stems with the calling thread's (indexer/languages.h).
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "indexer/languages.h"
#include "indexer/taxonomy.h"

namespace ch {

class EverydayWords {
 public:
  explicit EverydayWords(const Taxonomy& taxonomy);

  // Whether `word` (lowercase, accents folded) is a word of everyday speech or of the taxonomy in
  // one of the analysed languages, as above.
  bool Knows(std::string_view word) const;
  // Whether the taxonomy holds another form of `word` (the same stem in one of the analysed
  // languages: "scare" beside "scared"), unless the stem of `suggestion` lengthens the word's (the
  // stemmer cut a misspelling short: "trafficing" -> "traffic", corrected "trafficking").
  // `stemmers` are the calling thread's own (a Searcher's).
  bool HasAnotherForm(std::string_view word, std::string_view suggestion,
                      const LanguageStemmers& stemmers) const;
  // Whether `word` (lowercase, accents folded) is a stop word of an analysed language: the query
  // drops it, so a correction to it would change nothing searched.
  bool IsStopWord(std::string_view word) const;

 private:
  struct Language {
    const LanguageSpec* spec;
    std::unordered_set<std::string> words;  // the taxonomy's words in this language, folded
    std::unordered_set<std::string> stems;  // and their stems
  };
  static void AddWords(const Xapian::Stem& stemmer, Language& language, std::string_view text);
  bool IsStopWordIn(const Language& language, const std::string& word) const;

  std::vector<Language> languages_;  // in AnalysedLanguages() order
};

}  // namespace ch
