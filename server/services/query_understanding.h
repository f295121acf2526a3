// query_understanding.h: the query as the public types it -> the words worth searching.
//
//   CleanQueryText("How do I report a drug house?")  ->  "report a drug house?"
//   CleanQueryText("Shooting reviews")               ->  "shooting reviews"   (stemmed like the
//   rest) CleanQueryText("“focused deterrence”")           ->  "\"focused deterrence\""
//
// Three steps, each exposed for tests:
//   1. FoldAccents (indexer/text_fold.h): accents, curly quotes and dashes to ASCII, as indexed.
//   2. StripScaffolding: question scaffolding at the start of a sentence ("how do I", "where can I
//      find", "what should I do if", "I need help with", "is there a", "can someone help me") and
//      first-person filler anywhere ("I'm", "im", "I've", "please") are removed. Only these fixed
//      phrases go; the words that carry the question's meaning never do, and text that would be
//      left without a word is returned unchanged. Nothing inside double quotes is touched.
//   3. LowercaseSentenceStarts: a word capitalised only because it starts a sentence ("Shooting",
//      not "NIBIN" or "CompStat") is lowercased, so that the query parser's STEM_SOME stems it
//      like the same word elsewhere (phone keyboards capitalise the first word). The search also
//      keeps the word's exact form as a term of its own (SearchService), since a capital that
//      starts a statement ("Obesity decreases life quality.") often marks a specific word whose
//      exact form ranks better than its stem (benchmarks/RESULTS.md, SciFact: 0.6935 -> 0.6971).
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ch {

std::string StripScaffolding(std::string_view text);
// With `lowered`, each word whose capital was lowered is appended to it (lowercase, as written).
std::string LowercaseSentenceStarts(std::string_view text,
                                    std::vector<std::string>* lowered = nullptr);
// All three steps; `lowered` as for LowercaseSentenceStarts.
std::string CleanQueryText(std::string_view text, std::vector<std::string>* lowered = nullptr);

}  // namespace ch
