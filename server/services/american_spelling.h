// american_spelling.h: a British spelling in the query read as the American one the index uses.
//
//   AmericanForm("organised")    -> "organized"     AmericanForm("behavioural") -> "behavioral"
//   AmericanForm("centre")       -> "center"        AmericanForm("licences")    -> "licenses"
//   AmericanForm("counselling")  -> "counseling"    AmericanForm("catalogue")   -> "catalog"
//   AmericanForm("police")       -> ""              (no British pattern)
//
// The taxonomy's names and lay phrases, and most resources, are written in American English, and
// the synonym table and the word-pair terms are looked up by the words as typed: "realtime crime
// centre" missed the real-time crime center concept and "labour trafficking" the pair of "labor
// trafficking". AmericanSpellings rewrites each such word of the query to its American form before
// the query is parsed, when the index holds that form (so "supervised" does not become
// "supervized": the index decides, not a word list), and returns the swaps, so that the English
// parse still searches the British stem beside the American one (query_builder.h) and the
// word-pair bonus adds the British pairs (word_pair_bonus.h): a resource written in British
// English is found as before.
//
// Pure functions; AmericanSpellings reads term frequencies of a database the caller owns
// (thread-compatible; Xapian exceptions propagate).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace ch {

// One word of the query read in its American spelling.
struct SpellingSwap {
  std::string british;   // as typed, lowercase ("organised")
  std::string american;  // as searched ("organized")
};

// The American spelling of the lowercase word `word` by the regular British patterns, or "" when
// none applies: -ise/-isation/-yse (ize, ization, yze: "organised", "analyse"), -our (or, not at
// a word's start: "neighbourhood", "behavioural"), -tre/-bre at the end (ter, ber: "centres",
// "fibre"), -ence at the end (ense: "licence", "defence"), -ll- before -ed/-ing/-er/-or after two
// vowel groups ("travelled", "counsellor"), -ogue (og: "catalogue"), -mme (m: "programme"),
// -dgement (dgment), -lment after one l ("enrolment": llment). Words of fewer than five letters or
// with other characters than a-z get "". The form need not be a word: the caller checks the index.
std::string AmericanForm(std::string_view word);

// `text` with each word (outside double quotes, not followed by ':') whose AmericanForm the index
// `db` holds as a plain lowercase term replaced by that form (a capital first letter kept); each
// replacement is appended to `swaps`.
std::string AmericanSpellings(const Xapian::Database& db, std::string_view text,
                              std::vector<SpellingSwap>* swaps);

}  // namespace ch
