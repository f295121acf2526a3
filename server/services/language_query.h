// language_query.h: which languages a search parses its text in, and the query made of them.
//
// A resource is indexed with the analysis of its language (indexer/languages.h), so the query is
// parsed once per language searched, each parse with that language's stemmer and stop words and
// restricted to that language's documents:
//   - `language=es` (the filter) searches Spanish only, parsed as Spanish;
//   - no language filter searches every analysed language the index holds: one branch per
//     language, combined with OP_MAX (the branches are disjoint, so each document gets its one
//     branch's weight, as with OR, and the match can stop early); the branches of languages other
//     than the page's (SearchRequest:: page_language, from `lang=` or Accept-Language; none: the
//     default language) are scaled by 1 / `preferred_weight`, so that at equal match the page's
//     language ranks first and its documents keep the weights they would have in a one-language
//     index. An index holding only the default language (English) gets exactly the query it got
//     before languages existed.
// The default language's branch also covers codes that are not analysed (they are indexed as the
// default language): it excludes the other analysed languages instead of requiring its own code.
//
// Pure functions apart from the QueryParser and Database they are given; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "indexer/languages.h"
#include "server/services/query_builder.h"
#include "server/services/search_types.h"

namespace ch {

struct LanguageQueryOptions {
  // Without a language filter, the other languages' branches are scaled by 1 / this: at equal
  // match the page language's documents come first; a much better match in another language
  // still ranks above. Measured: benchmarks/RESULTS.md, "Languages".
  double page_language_weight = 1.25;
  // When the query's own words say its language (TextLanguage: a stop word of one searched
  // language and of no other, such as "the", "my", "how" or "el", "mi", "como"), that language is
  // preferred instead of the page's, and the others are scaled by 1 / this. A keyword search
  // without stop words keeps the page's language and page_language_weight. 0: off (the page's
  // language only). Measured: benchmarks/RESULTS.md, issue 12, fourth round.
  double text_language_weight = 3;
  // When the stop words say nothing, let the query's words say its language
  // (VocabularyLanguage), preferred as text_language_weight says. Measured: benchmarks/RESULTS.md,
  // issue 12, "plain5".
  bool vocabulary_language = true;
};

struct LanguagePlan {
  std::vector<const LanguageSpec*> languages;  // parsed in, default language first when present
  std::vector<const LanguageSpec*> present;    // analysed languages the index holds
  // The page's language (the default language when the request names none), when among
  // `languages`.
  const LanguageSpec* preferred = nullptr;
  std::vector<std::string> filter_codes;  // the request's `language` filter values
  // Combine the branches with OP_MAX rather than OP_OR: the same documents and weights, but the
  // match can stop early (questions cost 2.6x the CPU with OP_OR at 250,000 documents). The
  // service never sets it now: Xapian 1.4.22's pruning matcher crashes on OP_MAX branches
  // (search_service.cc, OneLocalDatabase). Only for one local
  // database: on local shards Xapian 1.4.22 crashed in get_mset with it (FacetColumnTest.
  // CountsEqualBruteForceOnLocalShards), and remote shards were not tried: PlanLanguages sets it
  // from its `one_local_database` argument.
  bool max_branches = false;
};

// The languages `request` is searched in, given the languages `db` holds. `one_local_database`:
// `db` is one local database, not shards (LanguagePlan::max_branches).
LanguagePlan PlanLanguages(const Xapian::Database& db, const SearchRequest& request,
                           bool one_local_database);

struct LanguageParse {
  ParsedText parsed;
  // The operator the text itself was combined with (before the language branches), so that the
  // caller can tell a plain OR query (with partial matches) from explicit operators.
  Xapian::Query::op type = Xapian::Query::LEAF_MATCH_ALL;
};

// Parses `text` in each of `plan`'s languages (ParseQueryText with the language's stemmer and stop
// words) and combines the parses as described above. `qp` is left with the default language's
// stemmer. `swaps`: as for ParseQueryText (may be null).
LanguageParse ParseInLanguages(Xapian::QueryParser& qp, const LanguageStemmers& stemmers,
                               const LanguagePlan& plan, std::string_view text,
                               const QueryOptions& options, double preferred_weight,
                               const std::vector<SpellingSwap>* swaps = nullptr);

// `q` (a query on documents of every language, such as the lay phrases' concept terms) weighed as
// the language branches are: restricted per language in `plan.languages`, the languages other than
// `plan.preferred` scaled by 1 / `preferred_weight`. `q` itself when one language is searched, or
// no language is preferred. Measured: benchmarks/RESULTS.md, issue 12, "plain5".
Xapian::Query PreferLanguage(const Xapian::Query& q, const LanguagePlan& plan,
                             double preferred_weight);

// The analysed language among `plan.languages` whose stop words `text` uses, when it uses a stop
// word of exactly one of them (a word that is a stop word of two, such as "me", tells nothing);
// nullptr otherwise, and always under a language filter or with one language searched.
const LanguageSpec* TextLanguage(const LanguagePlan& plan, std::string_view text);

// For a text whose stop words say nothing (a keyword search: "organised crime groups"), the
// language its words are written in: each word (at most kMaxVocabularyWords are read) found in the
// documents of exactly one of `plan.languages` votes for that language; a word found in several
// or in none ("crime" also stands in a Spanish resource's English source name) does not vote.
// The one language voted for, nullptr when none or several are, and always under a language
// filter or with one language searched. Reads `db`: one existence check per word and language.
inline constexpr size_t kMaxVocabularyWords = 6;
const LanguageSpec* VocabularyLanguage(const Xapian::Database& db, const LanguagePlan& plan,
                                       std::string_view text);

// Whether a spelling suggestion may be offered for a search planned as `plan`: with a language
// filter, only a word that occurs in a document of the filtered languages ("policia" never becomes
// "police" in a Spanish search); without one, any word.
bool WordInSearchedLanguages(const Xapian::Database& db, const LanguagePlan& plan,
                             const std::string& word);

// Whether `suggestion` is no correction of `word` (both lowercase, accents folded) for a search
// in `plan`'s languages, by each language's stemmer: the two have the same stem (the correction
// would search the same), or the index holds the stem of `word` (another form of it: "murder"
// for "murdered", which the search finds by its stem) in a document of that language, unless the
// suggestion's stem lengthens it (the stemmer cut a misspelling short: "trafficing" is stemmed
// "traffic", its correction "trafficking" "traffick"). A term lookup per language, and a match
// of one document when the stem is found.
bool SameWordInIndex(const Xapian::Database& db, const LanguagePlan& plan,
                     const LanguageStemmers& stemmers, const std::string& word,
                     const std::string& suggestion);

}  // namespace ch
