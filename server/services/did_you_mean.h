// did_you_mean.h: a search's "did you mean": the index's spelling correction of its text, kept
// from "correcting" everyday words and from offering words of another language.
//
//   std::string suggestion = DidYouMean(db, "gang violance", everyday, languages, stemmers);
//   // "gang violence"; "" when nothing needs correcting
//
// The checks (query_builder.h, SpellingChecks): a word of everyday speech or of the taxonomy is
// left as typed (everyday_words.h); a suggestion is refused when it is a stop word, another form of
// the word (the lay phrases' stems, or the same stem held by the index in a resource of that
// stemmer's language: language_query.h), or a word of no searched language.
// Errors: Xapian::Error propagates (call inside WithSearcher). Thread-safety: `stemmers` must be
// the calling thread's own (a Searcher's: Xapian::Stem is not thread-safe); `everyday` may be
// shared.
#pragma once

#include <string>

#include <xapian.h>

#include "indexer/languages.h"
#include "server/services/everyday_words.h"
#include "server/services/language_query.h"

namespace ch {

std::string DidYouMean(const Xapian::Database& db, const std::string& text,
                       const EverydayWords& everyday, const LanguagePlan& languages,
                       const LanguageStemmers& stemmers);

}  // namespace ch
