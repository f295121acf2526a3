#include "server/services/word_pair_bonus.h"

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/word_pairs.h"
#include "server/services/language_split.h"
#include "server/services/proximity.h"
#include "server/services/query_expansion.h"
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
                            std::string_view cleaned, const WordPairOptions& options,
                            std::string_view typed) {
  using Q = Xapian::Query;
  if (options.weight <= 0) return Q();
  std::vector<const LanguageSpec*> searched = languages;
  if (searched.empty()) searched.push_back(&DefaultLanguage());
  std::vector<std::string> terms;
  for (std::string_view text : {cleaned, typed}) {
    if (text.empty()) continue;
    for (const LanguageSpec* spec : searched) {
      for (auto& term : PairsIn(text, stemmers.For(*spec), spec->stopper(), options)) {
        if (std::find(terms.begin(), terms.end(), term) == terms.end()) terms.push_back(term);
      }
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
                            const Xapian::Query& text, std::string_view typed) {
  const Xapian::Query bonus = WordPairBonus(db, stemmers, languages, cleaned, options, typed);
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

double QueryScaleFactor(const Xapian::Query& scaled) {
  const std::string description = scaled.get_description();
  const std::string_view opening = "Query(";
  if (description.compare(0, opening.size(), opening) != 0) return -1;
  const char* start = description.c_str() + opening.size();
  char* end = nullptr;
  const double factor = std::strtod(start, &end);
  if (end == start || std::string_view(end).substr(0, 3) != " * ") return -1;
  return factor;
}

namespace {

using Q = Xapian::Query;

// A fixed bonus's weight, read back from its description ("...FixedWeightPostingSource(wt=W)",
// W printed with 20 significant digits, which reads back exactly); -1 when it cannot be read.
double FixedWeightOf(const Q& bonus) {
  const std::string description = bonus.get_subquery(0).get_description();
  const size_t at = description.find("(wt=");
  if (at == std::string::npos) return -1;
  const char* start = description.c_str() + at + 4;
  char* end = nullptr;
  const double weight = std::strtod(start, &end);
  return end == start ? -1 : weight;
}

// Whether `q` only adds fixed bonuses (fixed bonuses under OR, MAX, AND_MAYBE, SCALE_WEIGHT and the
// language restrictions' FILTER and AND_NOT, beside boolean terms); if so, `max` is the most it
// adds to a document and the bonuses' filters are appended to `holders`.
bool BonusBound(const Xapian::Database& db, const Q& q, double* max, std::vector<Q>* holders) {
  *max = 0;
  if (IsFixedBonus(q)) {
    for (size_t i = 1; i < q.get_num_subqueries(); ++i) holders->push_back(q.get_subquery(i));
    *max = FixedWeightOf(q);
    return *max >= 0;
  }
  switch (q.get_type()) {
    case Q::LEAF_TERM:  // a boolean term (a language's) weighs nothing
      return db.get_wdf_upper_bound(*q.get_terms_begin()) == 0;
    case Q::OP_SCALE_WEIGHT: {
      const double factor = QueryScaleFactor(q);
      if (factor < 0 || !BonusBound(db, q.get_subquery(0), max, holders)) return false;
      *max *= factor;
      return true;
    }
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:  // only the first part weighs
      return BonusBound(db, q.get_subquery(0), max, holders);
    case Q::OP_OR:
    case Q::OP_AND:
    case Q::OP_AND_MAYBE:
    case Q::OP_MAX:
      for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
        double part = 0;
        if (!BonusBound(db, q.get_subquery(i), &part, holders)) return false;
        *max = q.get_type() == Q::OP_MAX ? std::max(*max, part) : *max + part;
      }
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<WordPairSplit> SplitWordPairBonus(const Xapian::Database& db,
                                                const Xapian::Query& query) {
  const Q::op type = query.get_type();
  if ((type == Q::OP_FILTER || type == Q::OP_AND_NOT) && !IsFixedBonus(query)) {
    std::optional<WordPairSplit> inner = SplitWordPairBonus(db, query.get_subquery(0));
    if (!inner) return std::nullopt;
    std::vector<Q> parts = {inner->without};
    for (size_t i = 1; i < query.get_num_subqueries(); ++i) parts.push_back(query.get_subquery(i));
    inner->without = Q(type, parts.begin(), parts.end());
    return inner;
  }
  if (type != Q::OP_AND_MAYBE) return std::nullopt;
  std::optional<WordPairSplit> inner = SplitWordPairBonus(db, query.get_subquery(0));
  WordPairSplit out = inner ? std::move(*inner) : WordPairSplit{query.get_subquery(0), {}, 0};
  std::vector<Q> kept = {out.without};
  bool dropped = inner.has_value();
  for (size_t i = 1; i < query.get_num_subqueries(); ++i) {
    double max = 0;
    std::vector<Q> holders;
    if (BonusBound(db, query.get_subquery(i), &max, &holders) && !holders.empty()) {
      out.max_bonus += max;
      out.holders.insert(out.holders.end(), holders.begin(), holders.end());
      dropped = true;
    } else {
      kept.push_back(query.get_subquery(i));
    }
  }
  if (!dropped) return std::nullopt;
  out.without = kept.size() == 1 ? kept[0] : Q(Q::OP_AND_MAYBE, kept.begin(), kept.end());
  return out;
}

namespace {

// How many distinct weighted terms (filters and language restrictions aside) a query must hold
// to be ranked by language: for one word (two stems, one per language, at most) OR-ed branches
// prune well, and ranking each language apart costs more than it saves.
// At 250,000 documents, 1,500 searches not seen before, each later part cut off at the earlier
// parts' k-th weight (benchmarks/RESULTS.md, issue 15, Run 10): mean CPU 5.0 ms with 3 or 4,
// 5.15 with 2 (single words 2.3 -> 3.2 ms); 5.4 ms before, with 6 terms counting filters and
// no cut-offs.
constexpr size_t kMinTermsByLanguage = 3;

// Weight cut-offs are lowered by this share, so that a document whose weight differs from the
// cut-off only by rounding (Xapian sums a document's weights in another order in each query) is
// never left out.
constexpr double kRoundingMargin = 1e-9;

// Whether `q` checks positions (a phrase or NEAR): OR-ed branches make Xapian check a phrase of
// common words in nearly every document that holds its words ("who the" in quotes: 550 ms at
// 250,000 documents), so such a search is ranked by language whatever its length.
bool HasPositional(const Q& q) {
  if (q.get_type() == Q::OP_PHRASE || q.get_type() == Q::OP_NEAR) return true;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
    if (HasPositional(q.get_subquery(i))) return true;
  }
  return false;
}

// The distinct terms `q` weighs: a FILTER's or AND_NOT's right side (filters, language
// restrictions) only selects documents.
void CollectWeightedTerms(const Q& q, std::set<std::string>* terms) {
  const auto type = q.get_type();
  if (type == Q::LEAF_TERM) {
    terms->insert(*q.get_terms_begin());
    return;
  }
  const size_t n = type == Q::OP_FILTER || type == Q::OP_AND_NOT ? 1 : q.get_num_subqueries();
  for (size_t i = 0; i < n; ++i) CollectWeightedTerms(q.get_subquery(i), terms);
}

size_t WeightedTerms(const Q& q) {
  std::set<std::string> terms;
  CollectWeightedTerms(q, &terms);
  return terms.size();
}

// The k-th largest of `found`'s weights; 0 when it holds fewer than k.
double KthWeight(const std::vector<std::pair<Xapian::docid, double>>& found, Xapian::doccount k) {
  if (k == 0 || found.size() < k) return 0;
  std::vector<double> weights;
  weights.reserve(found.size());
  for (const auto& f : found) weights.push_back(f.second);
  std::nth_element(weights.begin(), weights.begin() + (k - 1), weights.end(),
                   std::greater<double>());
  return weights[k - 1];
}

// The best `k` documents of `q` (a superset when it is ranked by language: language_split.h) and
// in `kth` a weight no greater than the k-th best's (0 when fewer match).
std::vector<Xapian::docid> BestOf(
    const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for, const Q& q,
    Xapian::doccount k, double known_kth, double* kth) {
  std::optional<std::vector<Q>> parts = SplitByLanguage(q);
  if (!parts) parts = std::vector<Q>{q};
  // A part weighs no more than the query, so each document's largest weight in any part is a
  // lower bound of its weight, and the k-th largest of those one of the k-th best weight. A
  // later part therefore needs only its documents that reach that weight: with it as Xapian's
  // cut-off, a part of a language with few documents or a lower scale is read only as far as
  // its bound can reach the page (the default language's part comes first).
  std::vector<std::pair<Xapian::docid, double>> found;
  for (const Q& part : *parts) {
    Xapian::Enquire enquire = enquire_for(part);
    const double floor = std::max(known_kth, KthWeight(found, k));
    if (floor > 0) enquire.set_cutoff(0, floor * (1 - kRoundingMargin));
    // A few more than k from each part, so that weights equal but for rounding (the parts sum a
    // document's weights in other orders than the whole query) cannot leave one out at the edge.
    const Xapian::MSet best = enquire.get_mset(0, k + 10, Xapian::doccount{0});
    for (auto it = best.begin(); it != best.end(); ++it) found.emplace_back(*it, it.get_weight());
  }
  std::sort(found.begin(), found.end());
  std::vector<std::pair<Xapian::docid, double>> unique;
  for (size_t i = 0; i < found.size(); ++i) {
    if (i + 1 < found.size() && found[i + 1].first == found[i].first) continue;  // keep the max
    unique.push_back(found[i]);
  }
  *kth = KthWeight(unique, k);
  std::vector<Xapian::docid> ids;
  ids.reserve(unique.size());
  for (const auto& u : unique) ids.push_back(u.first);
  return ids;
}

}  // namespace

namespace {

// RankWithWordPairs with `known_kth` taken on trust.
Xapian::MSet RankTrusting(const Xapian::Database& db,
                          const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                          const Xapian::Query& query, Xapian::doccount first,
                          Xapian::doccount count, Xapian::MSet* estimates, double known_kth) {
  const std::optional<WordPairSplit> split = SplitWordPairBonus(db, query);
  const Q& text = split ? split->without : query;
  const Xapian::doccount k = first + count;
  // Estimates come from one MSet of the whole text; ranking by language (which gives none) is
  // for the callers that count matches themselves.
  const bool by_language = estimates == nullptr &&
                           (WeightedTerms(text) >= kMinTermsByLanguage || HasPositional(text)) &&
                           SplitByLanguage(text).has_value();
  if (!split && !by_language) {
    Xapian::Enquire enquire = enquire_for(query);
    if (known_kth > 0) enquire.set_cutoff(0, known_kth * (1 - kRoundingMargin));
    Xapian::MSet page = enquire.get_mset(first, count, Xapian::doccount{0});
    if (estimates != nullptr) *estimates = page;
    return page;
  }
  std::vector<Xapian::docid> candidates;
  double kth = 0;
  if (by_language) {
    candidates = BestOf(enquire_for, text, k, known_kth, &kth);
  } else {
    Xapian::Enquire enquire = enquire_for(text);
    if (known_kth > 0) enquire.set_cutoff(0, known_kth * (1 - kRoundingMargin));
    const Xapian::MSet best = enquire.get_mset(0, k, Xapian::doccount{0});
    if (estimates != nullptr) *estimates = best;
    for (auto it = best.begin(); it != best.end(); ++it) candidates.push_back(*it);
    kth = best.size() == k ? best[k - 1].get_weight() : 0;
  }
  if (split) {
    // A holder reaches the page only if its weight without the bonus is at least the k-th
    // best's less the most any bonus adds (widened a little for rounding).
    const double floor = std::max(kth, known_kth) - split->max_bonus;
    Xapian::doccount holders = 0;
    for (const Q& h : split->holders) {
      for (auto t = h.get_terms_begin(); t != h.get_terms_end(); ++t) {
        holders += db.get_termfreq(*t);
      }
    }
    holders = std::min(holders, db.get_doccount());
    Xapian::Enquire reach = enquire_for(
        Q(Q::OP_FILTER, text, Q(Q::OP_OR, split->holders.begin(), split->holders.end())));
    if (floor > 0) reach.set_cutoff(0, floor * (1 - kRoundingMargin));
    const Xapian::MSet reaching =
        reach.get_mset(0, std::max<Xapian::doccount>(holders, 1), Xapian::doccount{0});
    for (auto it = reaching.begin(); it != reaching.end(); ++it) candidates.push_back(*it);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  const auto examined = static_cast<Xapian::doccount>(candidates.size());
  if (examined == 0) return enquire_for(query).get_mset(first, count, Xapian::doccount{0});
  return enquire_for(SortedCandidatesQuery(query, std::move(candidates)))
      .get_mset(first, count, examined);
}

}  // namespace

Xapian::MSet RankWithWordPairs(
    const Xapian::Database& db,
    const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
    const Xapian::Query& query, Xapian::doccount first, Xapian::doccount count,
    Xapian::MSet* estimates, double known_kth) {
  if (estimates != nullptr || count == 0) known_kth = 0;  // a cut-off would change the estimates
  Xapian::MSet page = RankTrusting(db, enquire_for, query, first, count, estimates, known_kth);
  // With a true known_kth at least first + count documents reach it, so the page is full and its
  // last place reaches it; when it was too high, fewer do, and the page, made of real documents,
  // cannot reach it: rank again without it.
  if (known_kth > 0 &&
      (page.size() < count || page[count - 1].get_weight() < known_kth * (1 - kRoundingMargin))) {
    page = RankTrusting(db, enquire_for, query, first, count, estimates, 0);
  }
  return page;
}

}  // namespace ch
