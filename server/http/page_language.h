// page_language.h: the language a person reads the answer in: `lang=` or Accept-Language.
//
//   PageLanguage("", "es-MX,es;q=0.9,en;q=0.5")  ->  "es"
//   PageLanguage("en", "es")                      ->  "en"   (lang= wins)
//   PageLanguage("", "fr, de")                     ->  ""     (none we have: the default)
//   CheckLangParam("xx")  ->  InvalidArgument naming `lang` and the codes allowed
//
// The languages are those the index analyses (indexer/languages.h). Accept-Language is read as
// RFC 9110 says: comma-separated ranges with optional q weights; the highest-weighted range whose
// primary subtag is one of ours wins (ties: the first listed); q=0 excludes. Malformed parts are
// skipped, never an error. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace ch {

// InvalidArgument (field "lang") unless `value` is "" or an analysed language code.
Status CheckLangParam(std::string_view value);

// `lang_param` when given, else the best match from `accept_language`, else "".
std::string PageLanguage(std::string_view lang_param, std::string_view accept_language);

// The Content-Language of an answer written for `page_language`: its code, or the default
// language's ("en") for "" or a code that is not analysed.
std::string ContentLanguage(std::string_view page_language);

}  // namespace ch
