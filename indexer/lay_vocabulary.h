// lay_vocabulary.h: the public's everyday phrasings (taxonomy `lay_terms`) found in a query.
//
//   LayVocabulary lay(taxonomy);
//   lay.ConceptsIn("I'm scared to talk to the police")  // {"topic-victim-witness-assistance"}
//   lay.Matches("scared they will come after me if I talk to the police")
//       // {{"topic-victim-witness-assistance", loose = true}}
//
// Each lay phrase of a taxonomy entry stands for the entry's concept (ConceptMatcher::EntryKey;
// documents tagged with the entry carry its concept term, schema.h prefix XC); each lay phrase of
// a glossary group stands for the group's concept (ConceptMatcher::GroupKey; documents that name
// the group in their text carry it), which is how narrower subjects such as witness intimidation
// get the public's words. A phrase matches a query:
// One vocabulary per language: LayVocabulary(taxonomy, "es") holds the Spanish phrasings
// (taxonomy.es.yaml's lay_terms, TaxonomyEntry::LayTermsIn) and compares words by their Spanish
// stems with Spanish stop words (indexer/languages.h); the default, "" or "en", holds the English
// ones. Which vocabularies a search uses: server/services/search_service.cc (LayConcepts).
//
//   - exactly, when its words occur in order, compared by their stems (the language's) after
//   folding
//     accents and case, so "shootings" matches "shooting" and "Neighbours" matches "neighbours".
//     Stop words ("the", "to", "a") are optional on both sides: a query may leave them out or
//     have up to kMaxSkippedStopWords, or as many as the phrase has there when that is more,
//     between any two of the phrase's words ("told me not to testify" matches itself). A phrase
//     that would be left with one word by dropping its stop words ("drive-by") keeps them. At each
//     query position the longest phrase wins, and its words are not matched again; Everyday
//     variants match each other where the stemmer keeps them apart: "cop(s)" and "police", "shot"
//     and "shooting"; every family word ("son", "brother", "cousin's", "mother") stands for any
//     other, so "my son was murdered" also matches "my brother was murdered", and every partner
//     word ("husband", "wife", "boyfriend") for any other partner word; every word of fear
//     ("scared", "afraid", "terrified", "frightened", "fearful") for any other; and a child's age
//     ("my 14 year old", "15 yr old") is read as "teens" (13-19) or "kids" (under 13);
//   - in the active voice, when the phrase tells of a family member or partner in the passive
//     ("my son was murdered", "my husband was killed": a family or partner word, "was" or "were",
//     a past participle): "they murdered my son" and "he killed my husband" say the same, so the
//     participle then the person ("murdered my son") matches exactly too;
//   - loosely, when the phrase has at least two words that are neither stop words nor family,
//     partner or fear words (which stand for a whole class, and fill victims' questions), and all
//     its words occur, in any order, within kLooseWindowWords consecutive words of the query that
//     are not stop words ("school shootings" in "shootings near our schools", and in "shootings
//     in all of the places near to our schools"): people rarely say a phrase exactly as it is
//     written, and the little words of a long question ("in all of the") say nothing of how far
//     apart two of its words are. "my son is in a gang" matches only exactly, never loosely. A
//     concept matched exactly is not reported again as loose.
//
// Immutable after construction; ConceptsIn and Matches are safe to call from several threads (they
// build their own Xapian::Stem per call, which is cheap: Stem objects are reference-counted
// handles).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "indexer/languages.h"
#include "indexer/taxonomy.h"

namespace ch {

struct LayMatch {
  std::string key;      // concept key (ConceptMatcher)
  bool loose = false;   // matched loosely (words in any order, near each other)
  bool narrow = false;  // a glossary group's phrase (a narrower subject), not a taxonomy entry's
};

// Whether `word` (lowercase) is one of the everyday words whose variants the matcher joins above:
// "cop", "cops", "shot" and the family words. An acronym spelt like one ("COPS") names its concept
// only in capitals (concepts.h), so that "cops" keeps meaning police.
bool IsEverydayWord(std::string_view word);

class LayVocabulary {
 public:
  static constexpr size_t kMaxSkippedStopWords = 2;
  // Five words that are not stop words: about the eight words of any kind this window was before
  // (benchmarks/RESULTS.md, issue 12, tenth round).
  static constexpr size_t kLooseWindowWords = 5;

  // The lay phrasings of `language` ("" : the default language).
  explicit LayVocabulary(const Taxonomy& taxonomy, std::string_view language = "");
  const LanguageSpec& language() const { return *spec_; }

  // Concept keys whose lay phrases occur exactly in `text`, in first-seen order, each once.
  std::vector<std::string> ConceptsIn(std::string_view text) const;
  // Exact matches (as ConceptsIn), then loose ones, each concept once.
  std::vector<LayMatch> Matches(std::string_view text) const;
  size_t phrase_count() const { return phrase_count_; }

 private:
  struct Token {
    std::string stem;
    bool stop = false;
  };
  struct Phrase {
    std::vector<std::string> stems;  // the words to match, in order; stems[0] is the map key
    // How many stop words the phrase itself has before each of `stems` (gaps[0] is unused): a
    // query may have as many there, or kMaxSkippedStopWords when that is more.
    std::vector<size_t> gaps;
    size_t concept_index;
    bool loose_ok = false;  // two or more words that are not stop words
  };
  void AddPhrases(const std::string& key, bool narrow, const std::vector<std::string>& terms);
  // The active voice of `phrase` (the participle, then the person) when `words`, the phrase as
  // written, tell of a family member or partner in the passive; nullopt otherwise.
  static std::optional<Phrase> ActiveVoice(const Phrase& phrase,
                                           const std::vector<std::string>& words);
  std::vector<Token> Tokens(std::string_view text) const;
  std::vector<LayMatch> Exact(const std::vector<Token>& tokens) const;
  // How many query tokens from `start` `phrase` spans, or 0 when it does not match there.
  static size_t MatchAt(const Phrase& phrase, const std::vector<Token>& tokens, size_t start);
  // Whether every stem of `phrase` occurs within kLooseWindowWords consecutive tokens that are not
  // stop words (and the stop words among them).
  static bool MatchesLoosely(const Phrase& phrase, const std::vector<Token>& tokens);
  std::vector<size_t> LooseCandidates(const std::vector<Token>& tokens) const;

  const LanguageSpec* spec_;
  std::vector<std::string> keys_;
  std::vector<bool> narrow_;
  std::unordered_map<std::string, std::vector<Phrase>> by_first_stem_;
  std::vector<Phrase> loose_;  // phrases that may match loosely
  // For each stem, the loose_ phrases holding it (ascending), and each phrase's distinct stems:
  // Matches checks only the phrases whose every stem the query holds. Checking every loose
  // phrase against every query was 1.8% of the server's CPU at 250,000 documents
  // (benchmarks/RESULTS.md, issue 15, "Where the fifteenth session leaves it").
  std::unordered_map<std::string, std::vector<size_t>> loose_by_stem_;
  std::vector<size_t> loose_stems_;
  size_t phrase_count_ = 0;
};

}  // namespace ch
