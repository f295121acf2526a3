// query_builder.h: the user's query text and filters -> a Xapian query.
//
// Query syntax (Xapian's QueryParser): words, "phrases", AND / OR / NOT, +required, -excluded,
// prefix* (bounded: the most frequent SearchLimits::wildcard_expansion terms), and the fields
// title:, source:, keyword: (free text) and type:, topic:, focus:, audience:, lang: (exact ids).
// The default operator is OR, so a long question ranks documents by how well they match instead of
// requiring every word. Acronyms and synonyms from the taxonomy are expanded through the index's
// synonym table (FLAG_AUTO_SYNONYMS and FLAG_AUTO_MULTIWORD_SYNONYMS; indexer/synonyms.h).
// A query the parser rejects falls back to its plain words, never to an error.
//
// Functions are pure apart from the QueryParser they are given; thread-compatible. Never copy
// Xapian::Query::MatchAll or MatchNothing: they are globals whose reference counts are not atomic,
// so copying them from several threads races. MatchAllQuery() builds a thread-private one.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "base/status.h"
#include "server/services/american_spelling.h"
#include "server/services/search_types.h"

namespace ch {

// How the words of a query become terms. The defaults are the product's ranking, measured on
// SciFact (benchmarks/RESULTS.md, "Relevance") and described in docs/index-schema.md ("Ranking").
struct QueryOptions {
  // STEM_SOME searches a word's English stem (the index's Z terms) unless the word is capitalised
  // or inside a phrase, where it searches the word as written.
  Xapian::QueryParser::stem_strategy stemming = Xapian::QueryParser::STEM_SOME;
  // Drop the English stop words (indexer/stopwords.h) outside phrases and +required terms.
  bool drop_stop_words = true;
  // With drop_stop_words, an English parse also drops the filler of everyday speech ("anyone",
  // "really", "stuff", "dont": indexer/stopwords.h, EnglishFillerStopper). Lay phrases are still
  // found in the whole text (lay_vocabulary.h), filler included ("nobody will talk to the
  // police"). Measured (benchmarks/RESULTS.md, issue 12, ninth round): the second plain set's
  // residents 0.7742 -> 0.7929 and victims 0.5410 -> 0.5592, the development set and SciFact
  // unchanged within 0.001; but the held-out check set's advocates lost 0.024 (residents +0.005,
  // victims +0.012), more than the 0.01 one kind of user may lose, so it is off until the word
  // that costs a professional's question is found on a development set.
  bool drop_filler_words = false;
  // Expand taxonomy names to their concept terms (the index's synonym table, indexer/synonyms.h).
  bool concepts = true;
  // A single word naming a subject (a topic, focus area or glossary term: "shootings", "gangs")
  // is searched as the word OR its concept terms scaled by this, so the word keeps its own
  // weight and documents tagged with the subject still match; 0 merges them into one SYNONYM
  // (the word then weighs as little as the concept is common). Words naming a type or an
  // audience ("evaluation", "schools") keep the SYNONYM, except in short searches (below). Measured
  // on the development set and SciFact: benchmarks/RESULTS.md, issue 12, third round.
  double word_concept_scale = 0.75;
  // In a search of at most this many words (a keyword search, where every word is the subject:
  // "programme evaluation"), a word naming a type or an audience is searched like a word naming
  // a subject (word_concept_scale) instead of as one SYNONYM. 0: never.
  size_t short_query_words = 3;
  // In an English parse, a stemmed word with a British and an American spelling ("programme",
  // "neighbourhood", "licence", "organised", "centre") is searched as either, one SYNONYM: a list
  // of stems, and the regular patterns "ae"/"e" ("anaemia", "haematology", "paediatric"), "oe"/"e"
  // ("oedema", "oestrogen", "foetal"), "our"/"or" ("tumour", "behavioural") and "tre"/"ter"
  // ("fibre"). Query-side only: the index keeps each document's own spelling.
  bool spelling_variants = true;
  // With spelling_variants, a word of a regular British pattern ("organised", "centre",
  // "behavioural", "catalogue") whose American form the index holds is read as that form before
  // the query is parsed (american_spelling.h, applied by the search service), so the taxonomy's
  // names, its lay phrases and the word pairs, written in American English, are found as they
  // are for the American spelling; the word as typed is still searched beside it. Measured:
  // benchmarks/RESULTS.md, issue 12, ninth round.
  bool american_spellings = true;
  // A word typed joined that the taxonomy writes with a hyphen ("realtime", "deescalation") is
  // read hyphenated before the query is parsed (joined_names.h, applied by the search service),
  // so its concept's names and lay phrases are found as they are for "real-time". Measured:
  // benchmarks/RESULTS.md, issue 12, ninth round.
  bool hyphenated_names = true;
  // A hyphenated word ("re-entry", "IL-6") is searched as its phrase or its joined form
  // ("reentry", "il6"), one SYNONYM: the index holds the joined form of every hyphenated compound
  // too (indexer/compounds.h), so either spelling finds both.
  bool joined_compounds = true;
  // With joined_compounds, a hyphenated word's parts, as one SYNONYM scaled by this, are searched
  // beside its phrase and joined form, so that "fast-twitch" also finds "fast and slow twitch
  // fibres" and "PPAR-RXRs" a text on "PPAR" and "RXR" (weaker evidence than the compound, and as
  // one SYNONYM never more than one word's weight, however many parts). Parts without a letter
  // and stop words are left out (indexer/compounds.h, CompoundPartTerms). 0: the phrase and joined
  // form only. Only with default_op OR: where every word is required (the full-match rule of
  // date and title sorts) a document must hold the compound itself. Measured on SciFact and the
  // development sets: benchmarks/RESULTS.md, "SciFact, eighth round".
  double compound_parts_scale = 0.5;
  // How the query's words combine: OP_OR ranks by how well a document matches all of them.
  Xapian::Query::op default_op = Xapian::Query::OP_OR;
};

// Sets the stemmer, field prefixes and the database (spelling, synonyms, wildcards): what depends
// on the database. Per-query settings come from QueryOptions in ParseQueryText.
void ConfigureQueryParser(Xapian::QueryParser& qp, const Xapian::Database& db,
                          const Xapian::Stem& stemmer, const SearchLimits& limits);

// A query matching every document, owned by the calling thread.
inline Xapian::Query MatchAllQuery() { return Xapian::Query(std::string()); }

struct ParsedText {
  Xapian::Query query;        // MatchAll for empty text
  std::string fallback_text;  // the plain words actually searched after a parse error, or ""
};

// Applies `options` to `qp` (so parsers shared by services with other options stay correct) and
// parses `text`. `stop_words` is the language's list (indexer/languages.h; nullptr: English), used
// when options.drop_stop_words (the English list with options.drop_filler_words: that list and
// the filler words); `stemmer` must be the one `qp` has (nullptr: English), used for the
// joined forms of hyphenated words. `swaps` (may be null): the words of `text` that
// AmericanSpellings (american_spelling.h) rewrote; with options.spelling_variants an English parse
// searches each as written too, one SYNONYM with the American form.
ParsedText ParseQueryText(Xapian::QueryParser& qp, std::string_view text,
                          const QueryOptions& options = {},
                          const Xapian::Stopper* stop_words = nullptr,
                          const Xapian::Stem* stemmer = nullptr,
                          const std::vector<SpellingSwap>* swaps = nullptr);

// What SpellingCorrection may correct, and to what. Each is called with a lowercase,
// accent-folded word; nullptr allows everything.
struct SpellingChecks {
  // A word the index lacks that is left as typed all the same, before any suggestion is looked
  // up: the search service passes the words of everyday speech and of the taxonomy
  // (everyday_words.h), so "brother" never becomes "rather".
  std::function<bool(const std::string&)> known;
  // Whether `suggestion` may be offered for `word`: the search service keeps suggestions in the
  // language searched, leaves a word whose stem the index holds unless the suggestion shows the
  // stem to be cut short (language_query.h), and never offers a stop word ("boy" -> "by").
  std::function<bool(const std::string& word, const std::string& suggestion)> accept;
};

// A correction of a word of at most this many letters may change one letter only (two for longer
// words): "fly" is not "only", "scary" not "care". Lucene's "fuzziness AUTO" has the same cut.
inline constexpr size_t kOneEditWordLength = 5;

// `text` with each word the index does not contain (compared accent-folded, as indexed) replaced
// by the index's spelling suggestion, or "" when nothing needs correcting ("did you mean").
// A word is read with the apostrophe of a contraction or possessive ("wouldn't", "cousin's").
std::string SpellingCorrection(const Xapian::Database& db, std::string_view text,
                               const SpellingChecks& checks = {});

// The filter query for `request`, leaving out the filter named `except` (for disjunctive facet
// counts), or an empty Query when there is nothing to filter on. OR within a filter, AND across
// filters, except that evidence_rating and evidence_outcome, when both apply, must hold on the
// same rating (one filter on schema::EvidencePairTerm). InvalidArgument names the bad parameter
// in `*bad_param`.
Result<Xapian::Query> BuildFilterQuery(const SearchRequest& request, std::string_view except,
                                       std::string* bad_param);

// "2021" -> "20210000" (from) / "20219999" (to): inclusive bounds for the published slot.
std::string PublishedLowerBound(std::string_view date);
std::string PublishedUpperBound(std::string_view date);

}  // namespace ch
