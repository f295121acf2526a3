// ranking.h: how matching documents are weighted (the Xapian weighting scheme and its parameters)
// and the query-side boosts SearchService adds on top. The defaults are the product's ranking,
// chosen by measurement on the sample corpus's development set and on SciFact
// (benchmarks/RESULTS.md, "Relevance for the public"); docs/index-schema.md ("Ranking") describes
// it. Plain values and a pure factory; thread-safe.
#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "server/services/asker.h"
#include "server/services/linked_bonus.h"
#include "server/services/proximity.h"
#include "server/services/word_pair_bonus.h"

namespace ch {

// Xapian's BM25Weight parameters. k1 and b were measured on SciFact (benchmarks/RESULTS.md,
// "Relevance (SciFact)"): with k1 1.4-1.6 and b 0.85-0.95 nDCG@10 is 0.697-0.702, against 0.690
// with the textbook 1.2 and 0.75; 1.5 and 0.9 are the middle of that plateau, not its best point.
// A higher k1 lets repeated words and the field weights (a title word is 5 body words) count for
// more before they saturate; a higher b keeps long documents from winning on length alone.
struct Bm25Parameters {
  double k1 = 1.5;  // term-frequency saturation
  double k2 = 0.0;  // query-length normalisation (unused by BM25 proper)
  double k3 = 1.0;  // query term frequency
  double b = 0.9;   // document-length normalisation (0 none, 1 full)
  double min_normlen = 0.5;
  double delta = 1.0;  // BM25+ only: the lower bound a matching term adds
};

// Schemes Xapian 1.4 ships; the DFR ones (PL2, IneB2, BB2, DLH, DPH, InL2, IfB2) use their
// Xapian defaults.
enum class WeightingScheme {
  kBm25,
  kBm25Plus,
  kPl2,
  kPl2Plus,
  kIneB2,
  kBb2,
  kDlh,
  kDph,
  kInL2,
  kIfB2
};

struct RankingOptions {
  WeightingScheme scheme = WeightingScheme::kBm25;
  // Scale of the concept terms a lay phrasing in the query adds (lay_vocabulary.h): a document
  // tagged with the concept gets this share of a concept match's weight.
  double lay_weight = 2.0;
  // Lay phrases of glossary groups (narrower subjects: witness intimidation, death notification)
  // add their concept at this scale instead of lay_weight.
  double lay_narrow_weight = 2.0;
  // A lay phrase matched loosely (its words in any order, near each other; lay_vocabulary.h)
  // counts this share of an exact match. 0 ignores loose matches.
  double lay_loose_share = 0.5;
  // Relevance order: a document matching every word (or concept) of an OR query gets this share
  // of that full match's weight again, so full matches rank above partial ones. 0 disables it.
  double all_words_bonus = 0.0;
  // Relevance order: when the query names two or more concepts (taxonomy names, glossary terms,
  // lay phrases), a document carrying all of their concept terms gets this share of their weight
  // again. 0 disables it.
  double all_concepts_bonus = 0.0;
  // A word lowered because it starts a sentence ("Obesity ...") is searched by its stem at
  // start_stem_share and by its exact form at exact_start_weight (0 and 1: the stem only).
  double exact_start_weight = 1.0;
  double start_stem_share = 0.1;
  // Pseudo-relevance feedback for long questions: when the query has at least
  // feedback_min_words words, the best terms (Xapian's ESet over stemmed free text) of the first
  // feedback_docs results are added, feedback_terms of them, scaled so that the best has
  // feedback_weight. feedback_terms 0 disables it.
  unsigned feedback_min_words = 7;
  unsigned feedback_docs = 5;
  unsigned feedback_terms = 0;
  double feedback_weight = 0.5;
  // Relevance order: a document in which two neighbouring words of the query stand within
  // proximity.window positions of each other (in any form with the same stem; proximity.h) gets
  // this share of those two words' weight again, per such pair, in queries of at most
  // proximity.max_words words. 0 disables it. Measured and left off (benchmarks/RESULTS.md, issue
  // 12, fifth round): at 0.1 the development set gains 0.003 (keywords 0.008) and SciFact loses
  // 0.0004, but checking positions costs 4x the CPU of a search of several common words; at 0.25
  // and more residents and SciFact lose (the pair weighs as much as its words, however common).
  double proximity_weight = 0.0;
  ProximityOptions proximity;
  // Relevance order, keyword searches of two or three words: the word-pair bonus
  // (word_pair_bonus.h) for resources whose title, summary or keywords hold the query's
  // neighbouring words as neighbours.
  WordPairOptions word_pairs;
  // Relevance order, plain-language questions whose words say who asks (a resident about a
  // place, a victim or family member about a person; asker.h): a fixed bonus for the resources
  // tagged for the audience the answers for that asker are written for.
  AudienceBonusOptions audience;
  // Relevance order: a match the curators link (`related`) from one of the first results gets a
  // share of that result's weight (linked_bonus.h).
  LinkedBonusOptions linked;
};

// "bm25", "bm25+", "pl2", "pl2+", "ineb2", "bb2", "dlh", "dph", "inl2", "ifb2".
const char* SchemeName(WeightingScheme scheme);
// The scheme named `name`, or false.
bool ParseScheme(const std::string& name, WeightingScheme* scheme);

std::unique_ptr<Xapian::Weight> MakeWeight(const RankingOptions& ranking,
                                           const Bm25Parameters& bm25);

}  // namespace ch
