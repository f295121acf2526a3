// joined_names.h: a word the taxonomy writes with a hyphen, typed as one word, read hyphenated.
//
//   JoinedNames names(taxonomy);          // "Real-Time Crime Centers", "de-escalation", ...
//   names.Hyphenated("realtime crime centre")  ->  "real-time crime centre"
//   names.Hyphenated("deescalation training")  ->  "de-escalation training"
//
// Keyword searches write compounds joined ("realtime", "deescalation", "coresponder"). The index
// holds every hyphenated word's joined form too (indexer/compounds.h), so the word itself is
// found; but the taxonomy's names and lay phrases, which the synonym table and the lay vocabulary
// compare word by word, write the two parts ("real-time crime center": "real", "time"), so the
// joined word missed its concept. Read hyphenated, it is searched as the hyphenated word is (its
// phrase or joined form, one SYNONYM, and its parts: query_builder.h), which finds everything the
// joined word found. Only the hyphenated words of the taxonomy's own names, synonyms and lay
// phrases (in the default language) are known: no word list to keep, nothing guessed.
//
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include <vector>

#include <xapian.h>

#include "indexer/concepts.h"
#include "indexer/taxonomy.h"

namespace ch {

class JoinedNames {
 public:
  explicit JoinedNames(const Taxonomy& taxonomy);

  // `text` with each word (letters only, outside double quotes, not followed by ':' or joined to
  // a hyphen) that is the joined form of a hyphenated word of the taxonomy replaced by that word
  // in lowercase (a capital first letter kept).
  std::string Hyphenated(std::string_view text) const;

  // How many joined forms are known.
  size_t size() const { return hyphenated_.size(); }

 private:
  void Add(std::string_view text);

  std::unordered_map<std::string, std::string> hyphenated_;  // "realtime" -> "real-time"
};

// A taxonomy name written with a hyphen ("real-time crime center", "body-worn camera") is parsed
// as a phrase, which the synonym table never sees: the concept terms of the names `cleaned` holds
// that are not in `concept_terms` yet, unscaled as the table would add them, in one OR; each is
// appended to `concept_terms`. An empty Query for a text without a hyphenated word.
Xapian::Query HyphenatedNameConcepts(const ConceptMatcher& concepts, std::string_view cleaned,
                                     std::vector<std::string>* concept_terms);

}  // namespace ch
