// concepts.h: acronyms and synonyms from the taxonomy, as concept terms.
//
// Xapian 1.4's synonym table maps a term to terms, not to phrases, so it cannot say that "NIBIN"
// and "National Integrated Ballistic Information Network" mean the same. Instead every group of
// equivalent names gets one concept term (schema.h: prefix XC). At index time a document gets the
// concept term of every group one of whose names appears in its text, and of every taxonomy entry
// it is tagged with; at query time every group named in the query adds its concept term to the
// query (OR). So either name finds documents that use the other, and a query costs one extra
// posting list per concept, not a phrase search.
//
// Names are matched as whole token sequences after light normalisation (lowercase ASCII, a
// trailing "'s" or plural "s" dropped), so "license plate readers" matches "License Plate Reader".
//
// An entry's id of two or more words is also a name ("homicide-investigation" is "homicide
// investigation", "violence-intervention" "violence intervention"): the short name curators chose,
// which keyword searches use where the label is long ("Homicide and Nonfatal Shooting
// Investigation"). Only when no entry or glossary group already has that name (then the id adds
// nothing, or would make a name ambiguous). IdName gives it.
//
// Except an acronym that is also an ordinary word: a name of one word written in capitals
// ("COPS", the COPS Office) whose lowercase form is an English stop word or an everyday word of
// the lay vocabulary (IsEverydayWord in lay_vocabulary.h: "cops" means police) names its concept
// only where it is written in capitals, in documents (Find) and in queries: the synonym table
// leaves it out (synonyms.h), and the search adds its concept when the query writes it in
// capitals (CapitalsOnlyConceptsIn). "cops and prosecutors" is not about the COPS Office.
//
// A ConceptMatcher is immutable after construction and safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/taxonomy.h"

namespace ch {

struct ConceptMatch {
  std::string key;     // concept key such as "topic-environmental-design" or "g-nibin"
  unsigned count = 0;  // how many times names of the concept occur
};

class ConceptMatcher {
 public:
  explicit ConceptMatcher(const Taxonomy& taxonomy);

  // The concepts named in `text`, with occurrence counts, in first-seen order.
  std::vector<ConceptMatch> Find(std::string_view text) const;
  // The concepts named in `text` by a capitals-only name (above) written in capitals, each once,
  // in first-seen order: what a query adds that the synonym table does not.
  std::vector<std::string> CapitalsOnlyConceptsIn(std::string_view text) const;
  // Whether `name` (as written in the taxonomy) is an acronym that is also an ordinary word, and
  // so names its concept only in capitals (above).
  static bool IsCapitalsOnlyName(std::string_view name);
  // `id` read as a name, hyphens as spaces ("homicide-investigation" -> "homicide
  // investigation"), or "" for an id of one word (its word is the label's business).
  static std::string IdName(std::string_view id);
  // The concept key of a taxonomy entry (documents tagged with it get its concept term).
  static std::string EntryKey(Vocabulary v, std::string_view id);
  // The concept key of a glossary group: its first name's tokens, "g-nibin" for [NIBIN, ...].
  static std::string GroupKey(const std::vector<std::string>& group);
  // Every name of a concept, for display and documentation.
  const std::vector<std::string>* NamesOf(std::string_view key) const;
  // Every concept key, in taxonomy order.
  const std::vector<std::string>& keys() const { return keys_; }
  size_t size() const { return names_.size(); }

 private:
  struct Phrase {
    std::vector<std::string> tokens;  // normalised; tokens[0] is the map key
    size_t concept_index;
    bool capitals_only = false;  // one word that matches only when written in capitals
  };
  // Calls `found(phrase, tokens matched)` for each longest match in `text`, left to right.
  template <typename F>
  void Scan(std::string_view text, F found) const;
  void AddName(const std::string& name, size_t concept_index);

  std::vector<std::string> keys_;                // concept index -> key
  std::vector<std::vector<std::string>> names_;  // concept index -> names
  std::unordered_map<std::string, size_t> key_index_;
  std::unordered_map<std::string, std::vector<Phrase>> by_first_token_;
};

// Splits text into normalised tokens (see above). Exposed for tests.
std::vector<std::string> ConceptTokens(std::string_view text);

}  // namespace ch
