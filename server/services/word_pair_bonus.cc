#include "server/services/word_pair_bonus.h"

#include <cmath>
#include <string>
#include <vector>

#include "indexer/stopwords.h"
#include "indexer/word_pairs.h"
#include "server/services/proximity.h"

namespace ch {

Xapian::Query WordPairBonus(const Xapian::Database& db, const Xapian::Stem& stemmer,
                            std::string_view cleaned, const WordPairOptions& options) {
  using Q = Xapian::Query;
  if (options.weight <= 0) return Q();
  const std::vector<std::string> words = ContentWords(cleaned, &EnglishStopper());
  if (words.size() < 2 || words.size() > options.max_words) return Q();
  std::string joined;
  for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
  const double n_docs = db.get_doccount();
  std::vector<Q> parts;
  for (const auto& term : WordPairTerms(joined, stemmer, EnglishStopper())) {
    const double n = db.get_termfreq(term);
    if (n == 0) continue;
    const double idf = std::log(1.0 + (n_docs - n + 0.5) / (n + 0.5));
    Xapian::PostingSource* fixed = (new Xapian::FixedWeightPostingSource(options.weight * idf))
                                       ->release();
    parts.emplace_back(Q::OP_FILTER, Q(fixed), Q(term));
  }
  if (parts.empty()) return Q();
  return Q(Q::OP_OR, parts.begin(), parts.end());
}

Xapian::Query WithWordPairs(const Xapian::Database& db, const Xapian::Stem& stemmer,
                            std::string_view cleaned, const WordPairOptions& options,
                            const Xapian::Query& text) {
  const Xapian::Query bonus = WordPairBonus(db, stemmer, cleaned, options);
  if (bonus.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, bonus);
}

}  // namespace ch
