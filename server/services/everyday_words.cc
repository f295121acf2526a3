#include "server/services/everyday_words.h"

#include "indexer/lay_vocabulary.h"
#include "indexer/stopwords.h"

namespace ch {

EverydayWords::EverydayWords(const Taxonomy& taxonomy) {
  for (const LanguageSpec& spec : AnalysedLanguages()) {
    Language language{&spec, {}, {}};
    const Xapian::Stem stemmer = MakeStemmer(spec);  // this constructor's own
    auto add_words = [&](std::string_view text) { AddWords(stemmer, language, text); };
    const bool is_default = &spec == &DefaultLanguage();
    for (int v = 0; v < kVocabularyCount; ++v) {
      for (const TaxonomyEntry& e : taxonomy.entries(static_cast<Vocabulary>(v))) {
        add_words(e.LabelIn(spec.code));
        add_words(e.DescriptionIn(spec.code));
        for (const std::string& s : e.LayTermsIn(spec.code)) add_words(s);
        if (!is_default) continue;
        for (const std::string& s : e.synonyms) add_words(s);
      }
    }
    for (const auto& group : taxonomy.glossary_lay_terms_in(spec.code)) {
      for (const std::string& phrase : group) add_words(phrase);
    }
    if (is_default) {
      for (const auto& group : taxonomy.glossary()) {
        for (const std::string& name : group) add_words(name);
      }
    }
    languages_.push_back(std::move(language));
  }
}

void EverydayWords::AddWords(const Xapian::Stem& stemmer, Language& language,
                             std::string_view text) {
  for (const std::string& word : LayPhraseWords(text)) {
    language.words.insert(word);
    language.stems.insert(stemmer(word));
  }
}

bool EverydayWords::IsStopWordIn(const Language& language, const std::string& word) const {
  if (language.spec->stopper()(word)) return true;
  return language.spec == &DefaultLanguage() && EnglishFillerStopper()(word);
}

bool EverydayWords::Knows(std::string_view word) const {
  const std::string w(word);
  if (IsEverydayWord(w)) return true;
  // A possessive or contraction of a known word ("daughter's", "cousin's").
  const size_t apostrophe = w.find('\'');
  if (apostrophe != std::string::npos && apostrophe > 0 && Knows(w.substr(0, apostrophe))) {
    return true;
  }
  // A stop word with its apostrophe, or a contraction typed without it ("won't", "wont").
  std::string without_apostrophes;
  for (char c : w) {
    if (c != '\'') without_apostrophes += c;
  }
  for (const Language& language : languages_) {
    if (IsStopWordIn(language, without_apostrophes)) return true;
    if (language.words.count(w)) return true;
    // A plural of a word the taxonomy writes in the singular ("brothers", "kids").
    if (w.size() > 3 && w.back() == 's' && language.words.count(w.substr(0, w.size() - 1))) {
      return true;
    }
  }
  return false;
}

bool EverydayWords::HasAnotherForm(std::string_view word, std::string_view suggestion,
                                   const LanguageStemmers& stemmers) const {
  const std::string w(word), corrected(suggestion);
  for (const Language& language : languages_) {
    const Xapian::Stem& stemmer = stemmers.For(*language.spec);
    const std::string stem = stemmer(w);
    if (!language.stems.count(stem)) continue;
    const std::string corrected_stem = stemmer(corrected);
    if (corrected_stem.size() <= stem.size() || !corrected_stem.starts_with(stem)) return true;
  }
  return false;
}

bool EverydayWords::IsStopWord(std::string_view word) const {
  const std::string w(word);
  for (const Language& language : languages_) {
    if (language.spec->stopper()(w)) return true;
  }
  return false;
}

}  // namespace ch
