// languages.h: the languages the index analyses, as one table, and a thread's stemmers for them.
//
//   const LanguageSpec& es = LanguageFor("es");   // Spanish: Snowball "spanish", Spanish stop
//   words LanguageStemmers stems;                        // one per thread stems.For(es)("jóvenes")
//   ->  "jov"            // as stems.For(es)("joven") and ("jovenes")
//
// Every resource is indexed with the stemmer and stop words of its `language`; the query is parsed
// with those of the language(s) searched (server/services/language_query.h). A code that is not in
// the table (e.g. "fr" today) is analysed as the default language, English, the first row.
//
// Adding a Snowball language is one row in kLanguages (languages.cc) and its stop-word list in
// stopwords.cc: the code, the Snowball name Xapian::Stem knows, the stopper, and an optional
// normaliser applied to a word (already lower-case and accent-folded) before the Snowball stemmer.
// docs/index-schema.md ("Languages") says how.
//
// Words reach a stemmer without accents (text_fold.h folds indexed text and queries alike), so a
// language whose Snowball stemmer relies on accents needs its normaliser; Spanish has one:
// Snowball Spanish alone stems "joven" to "jov" but "jovenes" to "joven", and "investigacion"
// (folded) not at all, so plural and gender endings are removed first (SpanishPluralFold).
//
// The table is immutable; LanguageStemmers is not thread-safe (Xapian::Stem is not): one per
// thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace ch {

struct LanguageSpec {
  const char* code;      // ISO 639-1, as in a resource's `language`: "en", "es"
  const char* name;      // in the language itself, for people: "English", "Español"
  const char* snowball;  // the Xapian::Stem name: "english", "spanish"
  const Xapian::SimpleStopper& (*stopper)();  // its stop words, accent-folded (stopwords.h)
  // Applied to a folded, lower-case word before the Snowball stemmer; nullptr for none.
  std::string (*normalise)(std::string_view word);
};

// Every analysed language; the first is the default.
const std::vector<LanguageSpec>& AnalysedLanguages();
// The row for `code`, or nullptr when the code is not analysed.
const LanguageSpec* FindAnalysedLanguage(std::string_view code);
// The row for `code`, or the default language's row when the code is not analysed.
const LanguageSpec& LanguageFor(std::string_view code);
const LanguageSpec& DefaultLanguage();

// Spanish plural and gender endings, on a folded lower-case word of 5 letters or more (Savoy's
// light stemmer): -es after s ("eses" -> "es"), -ces -> -z, -as/-os/-es -> "", -a/-o/-e -> "".
// "jovenes" -> "joven", "investigaciones" -> "investigacion", "policias" -> "polici".
std::string SpanishPluralFold(std::string_view word);

// A stemmer for `spec`: accent-folds the word, applies the normaliser, then Snowball (languages
// without a normaliser get the plain Snowball stemmer, exactly as before languages existed).
Xapian::Stem MakeStemmer(const LanguageSpec& spec);

// One thread's stemmers, one per analysed language, built once.
class LanguageStemmers {
 public:
  LanguageStemmers();
  const Xapian::Stem& For(const LanguageSpec& spec) const;
  const Xapian::Stem& For(std::string_view code) const { return For(LanguageFor(code)); }

 private:
  std::vector<Xapian::Stem> stems_;  // in AnalysedLanguages() order
};

}  // namespace ch
