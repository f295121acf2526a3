// proximity.h: a bonus for documents in which neighbouring words of the query stand near each
// other ("homicide investigation", "empty lot", "social network analysis"), on top of the ranking
// of the words one by one (ranking.h, RankingOptions::proximity_weight).
//
// The index keeps positions for the unstemmed words only (the TermGenerator's STEM_SOME: the
// stemmed Z terms have none), so each query word is searched in the forms the index holds with the
// same stem: "investigation" also as "investigations", "investigators", "investigating". Those
// forms are read from the index's term list (a bounded prefix scan from the word's stem), never
// from a word list, so the bonus needs no vocabulary and follows what the documents say.
//
//   ContentWords("the shootings on our block", english stop words)  ->  {"shootings", "block"}
//   ProximityQuery(db, stem, {"homicide", "investigation"}, ...)
//     -> NEAR(homicide OR homicides, investigation OR investigations OR investigators, window)
//
// Pure functions over a database the caller owns; thread-compatible. Xapian exceptions propagate
// (the caller runs inside WithSearcher).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace ch {

struct ProximityOptions {
  // The positions a pair may span (Xapian OP_NEAR's window, any order): 2 is adjacent, 3 leaves
  // room for one stop word between ("rate of clearance").
  unsigned window = 3;
  // Only queries of at most this many words (stop words aside) get the bonus: in a keyword
  // search neighbouring words name one thing ("homicide investigation"); in a long question
  // most neighbours are chance ("police every month").
  size_t max_words = 6;
  // A pair is searched only when one of its words (its stem) is in at most this share of the
  // documents: a pair of common words is chance more often than a name, and checking positions
  // in most of the index costs more than the whole search. 1: every pair.
  double max_share = 1.0;
  // Index terms read per word when looking for its forms (the prefix scan's bound).
  size_t max_scan = 64;
  // Forms kept per word.
  size_t max_forms = 8;
};

// The words of `text` (already cleaned: query_understanding.h) in order, lowercase, without stop
// words (`stop`, when given), fielded words ("title:guide") or operators (AND, OR, NOT). Text
// inside double quotes is skipped: a quoted phrase is already searched as one.
std::vector<std::string> ContentWords(std::string_view text, const Xapian::Stopper* stop);

// The unstemmed terms of `db` that share `word`'s stem under `stemmer` (the word itself first,
// when the index holds it), at most options.max_forms.
std::vector<std::string> IndexedForms(const Xapian::Database& db, const Xapian::Stem& stemmer,
                                      const std::string& word, const ProximityOptions& options);

// OR of one OP_NEAR per pair of neighbouring `words` (each word as the OR of its IndexedForms;
// a pair of the same stem twice, or with a word the index lacks, is skipped). An empty Query when
// no pair remains or there are more than options.max_words words.
Xapian::Query ProximityQuery(const Xapian::Database& db, const Xapian::Stem& stemmer,
                             const std::vector<std::string>& words,
                             const ProximityOptions& options);

}  // namespace ch
