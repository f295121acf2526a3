#include "server/services/word_pair_bonus.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "indexer/word_pairs.h"
#include "server/services/proximity.h"
#include "server/services/sort_ranks.h"

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
  const double n_docs = db.get_doccount();
  std::vector<Q> parts;
  for (const auto& term : terms) {
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

Xapian::Query WithWordPairs(const Xapian::Database& db, const LanguageStemmers& stemmers,
                            const std::vector<const LanguageSpec*>& languages,
                            std::string_view cleaned, const WordPairOptions& options,
                            const Xapian::Query& text) {
  const Xapian::Query bonus = WordPairBonus(db, stemmers, languages, cleaned, options);
  if (bonus.empty()) return text;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, text, bonus);
}

bool IsFixedBonus(const Xapian::Query& query) {
  if (query.get_type() != Xapian::Query::OP_FILTER) return false;
  const Xapian::Query source = query.get_subquery(0);
  // Xapian 1.4 has no getter for a query's posting source; its description names the class.
  return source.get_type() == Xapian::Query::LEAF_POSTING_SOURCE &&
         source.get_description().find("PostingSource(Xapian::FixedWeightPostingSource(") !=
             std::string::npos;
}

namespace {

// The pair terms' documents of a bonus (one fixed bonus or an OR of them); empty when `bonus` is
// anything else.
Xapian::Query HoldersOf(const Xapian::Query& bonus) {
  using Q = Xapian::Query;
  std::vector<Q> units;
  if (IsFixedBonus(bonus)) {
    units.push_back(bonus);
  } else if (bonus.get_type() == Q::OP_OR) {
    for (size_t i = 0; i < bonus.get_num_subqueries(); ++i) {
      if (!IsFixedBonus(bonus.get_subquery(i))) return Q();
      units.push_back(bonus.get_subquery(i));
    }
  } else {
    return Q();
  }
  std::vector<Q> holders;
  for (const Q& unit : units) {
    for (size_t i = 1; i < unit.get_num_subqueries(); ++i) holders.push_back(unit.get_subquery(i));
  }
  return Q(Q::OP_OR, holders.begin(), holders.end());
}

}  // namespace

std::optional<WordPairSplit> SplitWordPairBonus(const Xapian::Query& query) {
  using Q = Xapian::Query;
  if (query.get_type() == Q::OP_FILTER && !IsFixedBonus(query)) {
    std::optional<WordPairSplit> inner = SplitWordPairBonus(query.get_subquery(0));
    if (!inner) return std::nullopt;
    std::vector<Q> parts = {inner->without};
    for (size_t i = 1; i < query.get_num_subqueries(); ++i) parts.push_back(query.get_subquery(i));
    inner->without = Q(Q::OP_FILTER, parts.begin(), parts.end());
    return inner;
  }
  if (query.get_type() != Q::OP_AND_MAYBE || query.get_num_subqueries() != 2) return std::nullopt;
  Q holders = HoldersOf(query.get_subquery(1));
  if (holders.empty()) return std::nullopt;
  return WordPairSplit{query.get_subquery(0), std::move(holders)};
}

Xapian::MSet RankWithWordPairs(const Xapian::Database& db,
                               const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                               const Xapian::Query& query, Xapian::doccount first,
                               Xapian::doccount count, Xapian::MSet* estimates) {
  const std::optional<WordPairSplit> split = SplitWordPairBonus(query);
  if (!split) {
    Xapian::MSet page = enquire_for(query).get_mset(first, count, Xapian::doccount{0});
    if (estimates != nullptr) *estimates = page;
    return page;
  }
  const Xapian::MSet best = enquire_for(split->without).get_mset(0, first + count,
                                                                   Xapian::doccount{0});
  std::vector<Xapian::docid> candidates;
  for (auto it = best.begin(); it != best.end(); ++it) candidates.push_back(*it);
  for (auto t = split->holders.get_terms_begin(); t != split->holders.get_terms_end(); ++t) {
    for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p) candidates.push_back(*p);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  if (estimates != nullptr) *estimates = best;
  const auto examined = static_cast<Xapian::doccount>(candidates.size());
  if (examined == 0) return best;  // nothing matches: the empty page
  return enquire_for(SortedCandidatesQuery(query, std::move(candidates)))
      .get_mset(first, count, examined);
}

}  // namespace ch
