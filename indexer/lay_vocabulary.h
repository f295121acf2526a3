// lay_vocabulary.h: the public's everyday phrasings (taxonomy `lay_terms`) found in a query.
//
//   LayVocabulary lay(taxonomy);
//   lay.ConceptsIn("I'm scared to talk to the police")  // {"topic-victim-witness-assistance"}
//
// Each lay phrase of a taxonomy entry stands for the entry's concept (ConceptMatcher::EntryKey;
// documents tagged with the entry carry its concept term, schema.h prefix XC). A phrase matches a
// query when its words occur in order, compared by their English stems after folding accents and
// case, so "shootings" matches "shooting" and "Neighbours" matches "neighbours". Stop words
// ("the", "to", "a") are optional on both sides: a query may leave them out or add up to
// kMaxSkippedStopWords between any two of the phrase's words. A phrase that would be left with one
// word by dropping its stop words ("drive-by") keeps them. At each query position the longest
// phrase wins, and its words are not matched again.
//
// Immutable after construction; ConceptsIn is safe to call from several threads (it builds its
// own Xapian::Stem per call, which is cheap: Stem objects are reference-counted handles).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/taxonomy.h"

namespace ch {

class LayVocabulary {
 public:
  static constexpr size_t kMaxSkippedStopWords = 2;

  explicit LayVocabulary(const Taxonomy& taxonomy);

  // Concept keys whose lay phrases occur in `text`, in first-seen order, each once.
  std::vector<std::string> ConceptsIn(std::string_view text) const;
  size_t phrase_count() const { return phrase_count_; }

 private:
  struct Token {
    std::string stem;
    bool stop = false;
  };
  struct Phrase {
    std::vector<std::string> stems;  // the words to match, in order; stems[0] is the map key
    size_t concept_index;
  };
  std::vector<Token> Tokens(std::string_view text) const;
  // How many query tokens from `start` `phrase` spans, or 0 when it does not match there.
  static size_t MatchAt(const Phrase& phrase, const std::vector<Token>& tokens, size_t start);

  std::vector<std::string> keys_;
  std::unordered_map<std::string, std::vector<Phrase>> by_first_stem_;
  size_t phrase_count_ = 0;
};

}  // namespace ch
