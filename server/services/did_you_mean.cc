#include "server/services/did_you_mean.h"

#include "server/services/query_builder.h"

namespace ch {

std::string DidYouMean(const Xapian::Database& db, const std::string& text,
                       const EverydayWords& everyday, const LanguagePlan& languages,
                       const LanguageStemmers& stemmers) {
  SpellingChecks checks;
  checks.known = [&](const std::string& word) { return everyday.Knows(word); };
  checks.accept = [&](const std::string& word, const std::string& suggestion) {
    return !everyday.IsStopWord(suggestion) &&
           !everyday.HasAnotherForm(word, suggestion, stemmers) &&
           !SameWordInIndex(db, languages, stemmers, word, suggestion) &&
           WordInSearchedLanguages(db, languages, suggestion);
  };
  return SpellingCorrection(db, text, checks);
}

}  // namespace ch
