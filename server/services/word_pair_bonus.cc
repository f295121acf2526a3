#include "server/services/word_pair_bonus.h"

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/word_pairs.h"
#include "server/services/proximity.h"
#include "server/services/query_expansion.h"

namespace ch {

namespace {

// The pair terms of `cleaned` in one language, when it has two to options.max_words content words.
std::vector<std::string> PairsIn(std::string_view cleaned, const Xapian::Stem& stemmer,
                                 const Xapian::Stopper& stop_words,
                                 const WordPairOptions& options) {
  const std::vector<std::string> words = ContentWords(cleaned, &stop_words);
  if (words.size() < 2 || words.size() > options.max_words) return {};
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  return WordPairTerms(joined, stemmer, stop_words);
}

}  // namespace

Xapian::Query WordPairBonus(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options) {
  using Q = Xapian::Query;
  if (options.weight <= 0) return Q();
  std::vector<const LanguageSpec*> searched = languages;
  if (searched.empty()) searched.push_back(&DefaultLanguage());
  std::vector<std::string> terms;
  for (const LanguageSpec* spec : searched) {
    for (auto& term : PairsIn(cleaned, stemmers.For(*spec), spec->stopper(), options)) {
      if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
    }
  }
  std::vector<Q> parts;
  for (const auto& term : terms) {
    Q bonus = FixedTermBonus(db, term, options.weight);
    if (!bonus.empty()) parts.push_back(std::move(bonus));
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

Xapian::Query WithWordPairs(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options,
                            const Xapian::Query& text) {
  const Xapian::Query bonus = WordPairBonus(db, stemmers, languages, cleaned, options);
  if (bonus.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, bonus);
}

}  // namespace ch
