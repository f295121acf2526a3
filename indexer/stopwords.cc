#include "indexer/stopwords.h"

namespace ch {
namespace {

// The Snowball English stop-word list (words only).
constexpr const char* kEnglishStopWords[] = {
    "i",       "me",    "my",      "myself",   "we",         "our",     "ours",    "ourselves",
    "you",     "your",  "yours",   "yourself", "yourselves", "he",      "him",     "his",
    "himself", "she",   "her",     "hers",     "herself",    "it",      "its",     "itself",
    "they",    "them",  "their",   "theirs",   "themselves", "what",    "which",   "who",
    "whom",    "this",  "that",    "these",    "those",      "am",      "is",      "are",
    "was",     "were",  "be",      "been",     "being",      "have",    "has",     "had",
    "having",  "do",    "does",    "did",      "doing",      "would",   "should",  "could",
    "ought",   "a",     "an",      "the",      "and",        "but",     "if",      "or",
    "because", "as",    "until",   "while",    "of",         "at",      "by",      "for",
    "with",    "about", "against", "between",  "into",       "through", "during",  "before",
    "after",   "above", "below",   "to",       "from",       "up",      "down",    "in",
    "out",     "on",    "off",     "over",     "under",      "again",   "further", "then",
    "once",    "here",  "there",   "when",     "where",      "why",     "how",     "all",
    "any",     "both",  "each",    "few",      "more",       "most",    "other",   "some",
    "such",    "no",    "nor",     "not",      "only",       "own",     "same",    "so",
    "than",    "too",   "very",    "can",      "will",       "just",    "don",     "now",
};

}  // namespace

const Xapian::SimpleStopper& EnglishStopper() {
  static const Xapian::SimpleStopper stopper(std::begin(kEnglishStopWords),
                                             std::end(kEnglishStopWords));
  return stopper;
}

}  // namespace ch
