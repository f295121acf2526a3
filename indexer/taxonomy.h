// taxonomy.h: the controlled vocabularies (focus areas, topics, types, audiences), the evidence
// vocabularies (outcomes, evidence ratings, evidence bases, EMMIE dimensions) and the glossary.
//
// Loaded from corpus/taxonomy.yaml (format documented in docs/resource-format.md). Validation
// checks resource fields against it, the indexer derives concept terms from its synonyms and
// glossary (concepts.h), and the API lists it with labels.
//
// Translations: the labels, descriptions and lay phrasings in another analysed language
// (indexer/languages.h) live beside the file, in taxonomy.LANG.yaml (corpus/taxonomy.es.yaml),
// which Load reads when it exists (format: docs/resource-format.md, "Taxonomy in other
// languages"). An entry with no translation, or with no label in it, falls back to the default
// language's label and description: a new English entry never blocks indexing or the server.
// Each such gap is listed by translation_gaps(), which `ch-indexer validate` prints as warnings and
// the shipping corpus test requires to be empty. An id the base file does not have, an empty label
// and the lay-phrase rules below are errors, as in the base file.
//
// Errors: Load returns InvalidArgument naming the file, line and what is wrong (also for an empty
// lay term, or one lay phrase claimed by two entries of the same language: both lines are named;
// phrases are compared by LayPhraseKey); IOError when a file cannot be read. A loaded Taxonomy is
// immutable and safe to share between threads.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace ch {

// An entry's words in another language (taxonomy.LANG.yaml).
struct EntryTranslation {
  std::string label;        // never empty
  std::string description;  // empty: the default language's is shown
  std::vector<std::string> lay_terms;
};

struct TaxonomyEntry {
  std::string id;
  std::string label;
  std::string description;
  std::vector<std::string> synonyms;  // alternative names and acronyms
  // Everyday phrasings of the public ("scared to talk to the police"), matched in a query to the
  // entry's concept (lay_vocabulary.h). Never empty strings; no phrase belongs to two entries.
  std::vector<std::string> lay_terms;
  // Types only: resources of this type may carry an `evidence:` block (evidence.h).
  bool rated = false;
  // By language code ("es"); the default language's words are the fields above.
  std::map<std::string, EntryTranslation, std::less<>> translations;

  // The label, description and lay phrasings in `lang`: the translation's when there is one, else
  // the default language's (label, description) or none (lay terms). "" is the default language.
  const std::string& LabelIn(std::string_view lang) const;
  const std::string& DescriptionIn(std::string_view lang) const;
  const std::vector<std::string>& LayTermsIn(std::string_view lang) const;
};

// The four controlled fields of a resource, then the four lists of its `evidence:` block.
enum class Vocabulary {
  kFocusArea,
  kTopic,
  kType,
  kAudience,
  kOutcome,
  kRating,
  kEvidenceBase,
  kEmmie
};
inline constexpr int kVocabularyCount = 8;
// The resource fields' vocabularies: required in every taxonomy, and sources of search concepts.
inline constexpr Vocabulary kAllVocabularies[] = {Vocabulary::kFocusArea, Vocabulary::kTopic,
                                                  Vocabulary::kType, Vocabulary::kAudience};
// The evidence vocabularies: optional (a taxonomy without them accepts no `evidence:` block);
// `evidence_ratings` and `evidence_bases` are listed strongest first (evidence.h).
inline constexpr Vocabulary kEvidenceVocabularies[] = {
    Vocabulary::kOutcome, Vocabulary::kRating, Vocabulary::kEvidenceBase, Vocabulary::kEmmie};
// "focus_areas", "topics", "types", "audiences", "outcomes", "evidence_ratings",
// "evidence_bases", "emmie": the key in taxonomy.yaml.
const char* VocabularyKey(Vocabulary v);

// The form in which two lay phrases count as the same: lowercase ASCII words (accents folded) of
// letters and digits joined by single spaces, so "Scared to talk" and "scared  to-talk" collide.
std::string LayPhraseKey(std::string_view phrase);
// The words of LayPhraseKey(`text`), in order.
std::vector<std::string> LayPhraseWords(std::string_view text);

// A translation file's text, for Parse.
struct TaxonomyTranslationText {
  std::string language;  // an analysed language code other than the default ("es")
  std::string yaml_text;
  std::string path_for_errors;
};

class Taxonomy {
 public:
  // Reads `path` and, for each analysed language but the default, the sibling file
  // STEM.LANG.yaml when it exists (taxonomy.yaml -> taxonomy.es.yaml).
  static Result<Taxonomy> Load(const std::string& path);
  static Result<Taxonomy> Parse(std::string_view yaml_text, const std::string& path_for_errors,
                                const std::vector<TaxonomyTranslationText>& translations = {});
  // The translation file Load reads for `language` beside `base_path`.
  static std::string TranslationPath(const std::string& base_path, std::string_view language);

  const std::vector<TaxonomyEntry>& entries(Vocabulary v) const {
    return entries_[static_cast<int>(v)];
  }
  // The entry with this id, or nullptr.
  const TaxonomyEntry* Find(Vocabulary v, std::string_view id) const;
  bool Contains(Vocabulary v, std::string_view id) const { return Find(v, id) != nullptr; }
  // All ids of a vocabulary, in file order, for "allowed values" messages.
  std::vector<std::string> Ids(Vocabulary v) const;
  // Groups of interchangeable terms from `glossary`.
  const std::vector<std::vector<std::string>>& glossary() const { return glossary_; }
  // The lay phrasings of each glossary group (same order as glossary(); often empty): narrower
  // subjects such as witness intimidation, in the public's words.
  const std::vector<std::vector<std::string>>& glossary_lay_terms() const {
    return glossary_lay_terms_;
  }
  // The lay phrasings of each glossary group in `lang` (taxonomy.LANG.yaml's `glossary`, matched
  // to a group by its first name); the default language's for "" or the default code.
  const std::vector<std::vector<std::string>>& glossary_lay_terms_in(std::string_view lang) const;
  // The languages with a translation file, in load order.
  const std::vector<std::string>& translated_languages() const { return translated_languages_; }
  // One line per entry without a label in a translated language: "taxonomy.es.yaml: topics:
  // drug-crime has no 'es' label; the default label is shown". Empty when every entry is
  // translated.
  const std::vector<std::string>& translation_gaps() const { return translation_gaps_; }
  // Hex SHA-256 of the file's bytes (and of its translations'): a changed taxonomy means every
  // document is re-indexed.
  const std::string& content_hash() const { return content_hash_; }

 private:
  std::vector<TaxonomyEntry> entries_[kVocabularyCount];
  std::vector<std::unordered_map<std::string, size_t>> index_{kVocabularyCount};
  std::vector<std::vector<std::string>> glossary_;
  std::vector<std::vector<std::string>> glossary_lay_terms_;
  std::map<std::string, std::vector<std::vector<std::string>>, std::less<>> glossary_lay_by_lang_;
  std::vector<std::string> translated_languages_;
  std::vector<std::string> translation_gaps_;
  std::string content_hash_;

  Status AddTranslation(const TaxonomyTranslationText& text);
};

}  // namespace ch
