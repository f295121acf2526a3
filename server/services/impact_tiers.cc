#include "server/services/impact_tiers.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <set>
#include <utility>

#include "server/services/bm25_postings.h"
#include "server/services/sort_ranks.h"
#include "server/services/wildcard_expansion.h"

namespace ch {
namespace {

using Q = Xapian::Query;

bool IsTerm(const Q& unit) { return unit.get_type() == Q::LEAF_TERM; }

// A weighted unit's match set and the most it adds to a match outside the candidates.
struct RestPart {
  DocBitmap set;
  double weight = 0;
};

// Combinations of parts (indices into `parts`, sorted by weight, heaviest first) whose weights
// reach `threshold`, each stopped as soon as it does: every set of parts reaching it holds one
// of them, so the union of their intersections holds every document that can reach it. False
// when there are more than `cap`.
bool Combinations(const std::vector<RestPart>& parts, double threshold, size_t cap,
                  std::vector<std::vector<size_t>>* out) {
  std::vector<double> after(parts.size() + 1, 0);  // after[i]: the weight of parts i..end
  for (size_t i = parts.size(); i-- > 0;) after[i] = after[i + 1] + parts[i].weight;
  std::vector<size_t> chosen;
  bool fits = true;
  std::function<void(size_t, double)> visit = [&](size_t i, double sum) {
    if (!fits) return;
    if (sum >= threshold) {
      out->push_back(chosen);
      fits = out->size() <= cap;
      return;
    }
    if (i == parts.size() || sum + after[i] < threshold) return;
    chosen.push_back(i);
    visit(i + 1, sum + parts[i].weight);
    chosen.pop_back();
    visit(i + 1, sum);
  };
  visit(0, 0);
  return fits;
}

// Appends to `out` the matches outside `tiered` that can weigh `threshold`: those in every set of
// some combination of parts reaching it. False, with nothing appended, when there are more than
// `limit` of them or too many combinations to try.
bool RestContenders(std::vector<RestPart> parts, double threshold, double margin,
                    const DocBitmap& tiered, const DocBitmap& matched, size_t limit,
                    std::vector<Xapian::docid>* out) {
  constexpr size_t kMaxCombinations = 64;  // each costs a few passes over the bitmaps
  for (RestPart& part : parts) part.weight *= 1 + margin;
  std::sort(parts.begin(), parts.end(),
            [](const RestPart& a, const RestPart& b) { return a.weight > b.weight; });
  std::vector<std::vector<size_t>> combinations;
  if (!Combinations(parts, threshold, kMaxCombinations, &combinations)) return false;
  DocBitmap outside = matched;
  outside.AndNot(tiered);
  DocBitmap reach(matched.limit());
  for (const std::vector<size_t>& combination : combinations) {
    DocBitmap all = outside;
    for (size_t i : combination) all.And(parts[i].set);
    reach.Or(all);
  }
  if (reach.Count() > limit) return false;
  reach.ForEach([&](Xapian::docid id) { out->push_back(id); });
  return true;
}

// Keeps the `wanted` best of `best`, the best first: by weight, then by id as Xapian orders
// equal weights.
void KeepBest(size_t wanted, std::vector<std::pair<double, Xapian::docid>>* best) {
  const auto better = [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  wanted = std::min(best->size(), wanted);
  std::partial_sort(best->begin(), best->begin() + static_cast<ptrdiff_t>(wanted), best->end(),
                    better);
  best->resize(wanted);
}

}  // namespace

// A node's bounds over the candidates (lo[i], hi[i] for docs[i]; 0 where the node does not
// match), the most a match outside the candidates can weigh in it, and its match set.
struct TieredRanker::Bounds {
  std::vector<double> lo, hi;
  double rest = 0;
  DocBitmap set;
  // Where a match outside the candidates can weigh: each weighted unit's match set with the most
  // it adds there (its floor, scaled). Masks are left out, so the sum over the parts holding a
  // document bounds its weight from above; `rest` bounds it for any document at once.
  std::vector<RestPart> rest_parts;
  // Loose: a phrase past the position limit bounded as the AND of its words, or a synonym by its
  // terms' tiers. `set` then holds every match and perhaps more, the upper bounds hold for every
  // match, and a lower bound may be too high (Page's L is then a guess, which its check decides).
  bool loose = false;

  void Resize(size_t n) {
    lo.assign(n, 0);
    hi.assign(n, 0);
  }
  // Zero where the node does not match.
  void Mask(const std::vector<Xapian::docid>& docs) {
    for (size_t i = 0; i < docs.size(); ++i) {
      if (!set.Test(docs[i])) lo[i] = hi[i] = 0;
    }
  }
  // The parts count only where the node matches (a filter, AND_NOT, AND or AND_MAYBE narrows it).
  void MaskRest() {
    for (RestPart& part : rest_parts) part.set.And(set);
  }
};

// What Collect gathers: the tiered documents, whether a frequent unit's tier was asked for rather
// than built, and (given to it) the SYNONYMs spelled out from prefixes, serialised.
struct TieredRanker::Collection {
  DocBitmap tiered;
  bool missing = false;
  std::set<std::string> prefixes;
};

TieredRanker::TieredRanker(const Xapian::Database& db, std::shared_ptr<const FacetColumn> column,
                           MatchSetCache* sets, const MatchSetOptions& set_options,
                           ImpactTierCache* tiers, const Bm25Parameters& bm25,
                           ImpactTierOptions options, ImpactTierRequests* requests)
    : db_(db),
      column_(column),
      sets_(db, column, sets, set_options),
      set_options_(set_options),
      tiers_(tiers),
      bm25_(bm25),
      options_(options),
      requests_(tiers != nullptr ? requests : nullptr) {}

std::optional<Xapian::MSet> TieredRanker::Page(const Xapian::Query& typed, Xapian::doccount first,
                                               Xapian::doccount count, double* known_kth) const {
  if (options_.share_divisor == 0 || count == 0 || typed.empty() || bm25_.k2 != 0) {
    return std::nullopt;
  }
  // A prefix* as the SYNONYM of its terms: the same page, and one that tiers can bound.
  std::vector<Q> prefixes;
  const Q query = WithExpandedWildcards(db_, typed, &prefixes);
  Collection collected{DocBitmap(column_->limit()), false, {}};
  for (const Q& prefix : prefixes) collected.prefixes.insert(prefix.serialise());
  if (!Collect(query, &collected)) return std::nullopt;
  const DocBitmap& tiered = collected.tiered;
  const bool missing = collected.missing;  // a frequent unit's tier asked for, not built here
  std::vector<Xapian::docid> docs;
  tiered.ForEach([&](Xapian::docid id) { docs.push_back(id); });
  const size_t k = static_cast<size_t>(first) + count;
  // Bounds are 0 for a tiered document the query does not match (Bound works out the match set
  // as it goes), so such a document never becomes a contender.
  Bounds bounds;
  if (!Bound(query, 1.0, docs, &bounds)) return std::nullopt;
  // L: with fewer tiered documents than the page needs, none is known, and every match contends.
  // With loose bounds L may be too high: it is then only a guess (the check on the page below
  // still proves the page), and no weight is reported.
  double threshold = 0;
  if (docs.size() >= k) {
    std::vector<double> lows = bounds.lo;
    std::nth_element(lows.begin(), lows.begin() + static_cast<ptrdiff_t>(k - 1), lows.end(),
                     std::greater<double>());
    threshold = lows[k - 1] * (1 - options_.margin);
    if (known_kth != nullptr && !bounds.loose) *known_kth = threshold;
  }
  if (missing) return std::nullopt;  // its weights are unknown (BoundUnit): only L is
  Xapian::MSet page;
  bool proved = false;
  if (!RankContenders(query, docs, tiered, threshold, first, count, &bounds, &page, &proved)) {
    return std::nullopt;
  }
  if (proved) return page;
  if (!bounds.loose) return std::nullopt;
  // A loose guess the page refuted: the contenders' K best are matches, so their last weight is
  // a true L; with fewer than K matches among them, every match contends. One more round.
  threshold = page.size() == count ? page[count - 1].get_weight() * (1 - options_.margin) : 0;
  if (known_kth != nullptr && threshold > 0) *known_kth = threshold;
  bounds.loose = false;
  if (!RankContenders(query, docs, tiered, threshold, first, count, &bounds, &page, &proved) ||
      !proved) {
    return std::nullopt;
  }
  return page;
}

// Xapian's ranking of the contenders for `threshold` (every one examined, as they are few:
// Xapian's early-terminating match can miss a document under nested AND_MAYBE,
// impact_tiers_test.cc), and whether it is proved the page. False when the contenders are too
// many.
bool TieredRanker::RankContenders(const Xapian::Query& query,
                                  const std::vector<Xapian::docid>& docs, const DocBitmap& tiered,
                                  double threshold, Xapian::doccount first, Xapian::doccount count,
                                  Bounds* bounds, Xapian::MSet* page, bool* proved) const {
  std::vector<Xapian::docid> contenders;
  if (!Contenders(docs, tiered, threshold, bounds, &contenders)) return false;
  const bool every_match = contenders.size() == bounds->set.Count();
  const auto examined = static_cast<Xapian::doccount>(contenders.size());
  Xapian::Enquire enquire = RankingEnquire(SortedCandidatesQuery(query, std::move(contenders)));
  *page = enquire.get_mset(first, count, examined);
  // A short page is whole when every match contended.
  *proved = every_match || Proved(*page, count, threshold);
  return true;
}

// Whether `page` reaches `threshold`: it holds by construction, unless L was a loose guess;
// checked, so that such a guess or a flaw in the bounds falls back instead. Past the check the page
// is exact whatever L was: every document left out weighs less than L, which the page's last place
// reaches.
bool TieredRanker::Proved(const Xapian::MSet& page, Xapian::doccount count, double threshold) {
  return page.size() == count && page[count - 1].get_weight() >= threshold;
}

// The matches that can weigh `threshold`, ascending: the tiered ones whose upper bound reaches it
// and, when a match outside the tiers could too (rest adds every unit's floor), those in the
// sets of enough units at once. False when they are more than max_contenders.
bool TieredRanker::Contenders(const std::vector<Xapian::docid>& docs, const DocBitmap& tiered,
                              double threshold, Bounds* bounds,
                              std::vector<Xapian::docid>* out) const {
  const size_t limit = options_.max_contenders;
  // Kept for a second round when a loose guess may be refuted.
  if (!(bounds->rest * (1 + options_.margin) < threshold) &&
      !RestContenders(bounds->loose ? bounds->rest_parts : std::move(bounds->rest_parts), threshold,
                      options_.margin, tiered, bounds->set, limit, out)) {
    return false;
  }
  const size_t outside = out->size();
  for (size_t i = 0; i < docs.size(); ++i) {
    if (bounds->set.Test(docs[i]) && bounds->hi[i] * (1 + options_.margin) >= threshold) {
      out->push_back(docs[i]);
      if (out->size() > limit) return false;
    }
  }
  std::inplace_merge(out->begin(), out->begin() + static_cast<ptrdiff_t>(outside), out->end());
  return true;
}

// Adds the tier of every unit whose weight counts in `query`. False: an operator Bound cannot
// bound.
bool TieredRanker::Collect(const Xapian::Query& query, Collection* out) const {
  switch (query.get_type()) {
    case Q::LEAF_TERM: {
      const std::string term = *query.get_terms_begin();
      if (Weighted(term) && !AddTier(query, false, &out->tiered)) out->missing = true;
      return true;
    }
    case Q::OP_SYNONYM: {
      const bool prefix = !out->prefixes.empty() && out->prefixes.count(query.serialise()) > 0;
      // Asked for: meanwhile bounded by its terms' tiers (BoundSynonymByTerms) when it can be.
      if (!AddTier(query, prefix, &out->tiered) && !AddTermTiers(query, &out->tiered)) {
        out->missing = true;
      }
      return true;
    }
    case Q::LEAF_MATCH_NOTHING:
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE:
      return true;
    case Q::OP_FILTER:
      if (IsFixedBonus(query)) {
        if (!AddTier(query, false, &out->tiered)) out->missing = true;
        return true;
      }
      return Collect(query.get_subquery(0), out);
    case Q::OP_SCALE_WEIGHT:
    case Q::OP_AND_NOT:  // only the first subquery weighs
      return Collect(query.get_subquery(0), out);
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
    case Q::OP_OR:
    case Q::OP_AND:
    case Q::OP_AND_MAYBE:
    case Q::OP_MAX:
      for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
        if (!Collect(query.get_subquery(i), out)) return false;
      }
      return true;
    default:
      return false;
  }
}

// Whether a phrase's match set costs no more position checks than the facet counts may make
// exactly (the counts have then usually cached it).
bool TieredRanker::PositionsAffordable(const Xapian::Query& phrase) const {
  const uint64_t limit = set_options_.exact_position_checks;
  return limit == 0 || sets_.PositionChecks(phrase) <= limit;
}

// False when the tier is frequent and missing: then it is asked for instead of built, unless it
// is a prefix's within the search's budget.
bool TieredRanker::AddTier(const Xapian::Query& unit, bool prefix, DocBitmap* tiered) const {
  std::shared_ptr<const ImpactTier> tier;  // held: the cache may drop it
  if (requests_ == nullptr) {
    tier = Tier(unit);
  } else {
    const std::string key = TierKey(column_->key(), unit);
    tier = tiers_->Get(key);
    if (tier == nullptr) {
      const Xapian::doccount documents = Documents(unit);
      // Costs a pass over all its postings.
      if (Kept(unit, documents) < documents && !(prefix && WithinSearchBudget(unit))) {
        requests_->Request(column_->key(), unit);
        return false;
      }
      tier = Build(unit, key);
    }
  }
  for (Xapian::docid id : tier->ids) tiered->Set(id);
  return true;
}

bool TieredRanker::Bound(const Xapian::Query& query, double factor,
                         const std::vector<Xapian::docid>& docs, Bounds* out) const {
  const size_t n = query.get_num_subqueries();
  const Q::op type = query.get_type();
  switch (type) {
    case Q::LEAF_TERM:
    case Q::OP_SYNONYM:
      return BoundUnit(query, factor, docs, out);
    case Q::LEAF_MATCH_NOTHING:
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE:
      out->Resize(docs.size());
      out->set = sets_.Evaluate(query);
      return true;
    case Q::OP_SCALE_WEIGHT: {
      const double scale = QueryScaleFactor(query);
      return scale >= 0 && Bound(query.get_subquery(0), factor * scale, docs, out);
    }
    case Q::OP_FILTER:
      if (IsFixedBonus(query)) return BoundUnit(query, factor, docs, out);
      [[fallthrough]];
    case Q::OP_AND_NOT: {
      if (!Bound(query.get_subquery(0), factor, docs, out)) return false;
      for (size_t i = 1; i < n; ++i) {
        const DocBitmap other = sets_.Evaluate(query.get_subquery(i));
        type == Q::OP_FILTER ? out->set.And(other) : out->set.AndNot(other);
      }
      out->Mask(docs);
      out->MaskRest();
      return true;
    }
    case Q::OP_PHRASE:
    case Q::OP_NEAR:
    case Q::OP_OR:
    case Q::OP_AND:
    case Q::OP_AND_MAYBE:
    case Q::OP_MAX:
      return BoundParts(query, factor, docs, out);
    default:
      return false;
  }
}

// An operator whose parts all weigh: OR, AND, AND_MAYBE and the phrases add them, MAX takes the
// largest.
bool TieredRanker::BoundParts(const Xapian::Query& query, double factor,
                              const std::vector<Xapian::docid>& docs, Bounds* out) const {
  const Q::op type = query.get_type();
  const size_t n = query.get_num_subqueries();
  out->Resize(docs.size());
  for (size_t c = 0; c < n; ++c) {
    Bounds part;
    if (!Bound(query.get_subquery(c), factor, docs, &part)) return false;
    for (size_t i = 0; i < docs.size(); ++i) {
      if (type == Q::OP_MAX) {
        out->lo[i] = std::max(out->lo[i], part.lo[i]);
        out->hi[i] = std::max(out->hi[i], part.hi[i]);
      } else {
        out->lo[i] += part.lo[i];
        out->hi[i] += part.hi[i];
      }
    }
    out->rest = type == Q::OP_MAX ? std::max(out->rest, part.rest) : out->rest + part.rest;
    for (RestPart& rest : part.rest_parts) out->rest_parts.push_back(std::move(rest));
    out->loose = out->loose || part.loose;
    if (c == 0) {
      out->set = std::move(part.set);
    } else if (type == Q::OP_AND || type == Q::OP_PHRASE || type == Q::OP_NEAR) {
      out->set.And(part.set);
    } else if (type != Q::OP_AND_MAYBE) {
      out->set.Or(part.set);
    }
  }
  // A phrase weighs as the AND of its words (Xapian adds their weights) where its words
  // stand in order: its match set, or past the position limit the AND's (loose).
  if (type == Q::OP_PHRASE || type == Q::OP_NEAR) {
    if (PositionsAffordable(query)) {
      out->set = sets_.Evaluate(query);
    } else {
      out->loose = true;
    }
  }
  out->Mask(docs);
  if (type != Q::OP_OR && type != Q::OP_MAX) out->MaskRest();
  return true;
}

// A term, a SYNONYM (Xapian weighs a synonym as one term whose frequency is the sum of its
// terms') or a fixed bonus, bounded by its tier.
bool TieredRanker::BoundUnit(const Xapian::Query& unit, double factor,
                             const std::vector<Xapian::docid>& docs, Bounds* out) const {
  out->Resize(docs.size());
  out->set = UnitSet(unit);
  const bool term = IsTerm(unit);
  if (factor == 0 || (term && !Weighted(*unit.get_terms_begin()))) return true;
  // BM25Weight scales a term's weight by (k3 + 1) wqf / (k3 + wqf); tiers are ranked at wqf 1,
  // Xapian weighs a synonym at wqf 1 too, and a posting source's weight is its own.
  const double wqf = term ? unit.get_length() : 1.0;
  const double k3 = bm25_.k3;
  const double scale = factor * (k3 == 0 ? 1.0 : (k3 + 1) * wqf / (k3 + wqf));
  // With a warmer, a frequent unit's missing tier is not built here (AddTier asked for it): the
  // unit weighs at least 0 where it matches, so the lower bounds hold, and the upper bounds are
  // unknown.
  std::shared_ptr<const ImpactTier> tier =
      requests_ != nullptr ? tiers_->Get(TierKey(column_->key(), unit)) : Tier(unit);
  if (tier == nullptr && BoundSynonymByTerms(unit, factor, docs, out)) return true;
  if (tier == nullptr) {
    constexpr double kUnknown = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < docs.size(); ++i) {
      if (out->set.Test(docs[i])) out->hi[i] = kUnknown;
    }
    out->rest = kUnknown;
    out->rest_parts.push_back({out->set, kUnknown});
    return true;
  }
  size_t j = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    while (j < tier->ids.size() && tier->ids[j] < docs[i]) ++j;
    if (j < tier->ids.size() && tier->ids[j] == docs[i]) {
      out->lo[i] = out->hi[i] = scale * tier->weights[j];
    } else if (out->set.Test(docs[i])) {
      out->hi[i] = scale * tier->floor;
    }
  }
  out->rest = scale * tier->floor;
  if (out->rest > 0) out->rest_parts.push_back({out->set, out->rest});
  return true;
}

// The tiers of a SYNONYM's terms (all of them leaf terms), built when rare; null when a frequent
// one's is missing (then asked for) or a part is not a term.
std::vector<std::shared_ptr<const ImpactTier>> TieredRanker::TermTiers(const Xapian::Query& unit,
                                                                       bool ask) const {
  std::vector<std::shared_ptr<const ImpactTier>> out;
  if (unit.get_type() != Q::OP_SYNONYM) return {};
  for (size_t i = 0; i < unit.get_num_subqueries(); ++i) {
    const Q part = unit.get_subquery(i);
    if (!IsTerm(part)) return {};
    const Q term(*part.get_terms_begin());
    if (!Weighted(*term.get_terms_begin())) {
      out.push_back(nullptr);  // weighs nothing alone: adds no frequency
      continue;
    }
    const std::string key = TierKey(column_->key(), term);
    std::shared_ptr<const ImpactTier> tier = tiers_ != nullptr ? tiers_->Get(key) : nullptr;
    if (tier == nullptr) {
      const Xapian::doccount documents = Documents(term);
      if (Kept(term, documents) < documents) {
        if (ask && requests_ != nullptr) requests_->Request(column_->key(), term);
        return {};
      }
      tier = Build(term, key);
    }
    out.push_back(std::move(tier));
  }
  return out;
}

bool TieredRanker::AddTermTiers(const Xapian::Query& unit, DocBitmap* tiered) const {
  const std::vector<std::shared_ptr<const ImpactTier>> tiers = TermTiers(unit, true);
  if (tiers.empty()) return false;
  for (const auto& tier : tiers) {
    if (tier != nullptr) {
      for (Xapian::docid id : tier->ids) tiered->Set(id);
    }
  }
  return true;
}

// A SYNONYM whose own tier is not built yet, bounded by its terms' tiers. Xapian weighs it as one
// term whose within-document frequency is the sum of its terms' and whose document count is at
// least each one's; BM25's frequency part is concave and its idf falls with the count, so in no
// document does it weigh more than its terms' weights there, summed: the upper bounds hold. The
// lower bounds are only a guess (the largest term weight: loose), which the page's check decides.
bool TieredRanker::BoundSynonymByTerms(const Xapian::Query& unit, double factor,
                                       const std::vector<Xapian::docid>& docs, Bounds* out) const {
  if (requests_ == nullptr) return false;
  const std::vector<std::shared_ptr<const ImpactTier>> tiers = TermTiers(unit, false);
  if (tiers.empty()) return false;
  out->rest = 0;
  for (size_t p = 0; p < tiers.size(); ++p) {
    if (tiers[p] == nullptr) continue;
    const ImpactTier& tier = *tiers[p];
    const DocBitmap set = UnitSet(Q(*unit.get_subquery(p).get_terms_begin()));
    size_t j = 0;
    for (size_t i = 0; i < docs.size(); ++i) {
      while (j < tier.ids.size() && tier.ids[j] < docs[i]) ++j;
      if (j < tier.ids.size() && tier.ids[j] == docs[i]) {
        out->hi[i] += factor * tier.weights[j];
        out->lo[i] = std::max(out->lo[i], factor * tier.weights[j]);
      } else if (set.Test(docs[i])) {
        out->hi[i] += factor * tier.floor;
      }
    }
    out->rest += factor * tier.floor;
    if (tier.floor > 0) out->rest_parts.push_back({set, factor * tier.floor});
  }
  out->loose = true;
  return true;
}

// A term that adds BM25 weight: boolean terms (language, filter and id terms) have wdf 0.
bool TieredRanker::Weighted(const std::string& term) const {
  return db_.get_termfreq(term) > 0 && db_.get_wdf_upper_bound(term) > 0;
}

std::shared_ptr<const ImpactTier> TieredRanker::Tier(const Xapian::Query& unit) const {
  if (tiers_ == nullptr) return Build(unit, "");
  const std::string key = TierKey(column_->key(), unit);
  if (std::shared_ptr<const ImpactTier> hit = tiers_->Get(key)) return hit;
  return Build(unit, key);
}

bool TieredRanker::Frequent(Xapian::doccount documents, Xapian::doccount total,
                            const ImpactTierOptions& options) {
  return static_cast<uint64_t>(documents) * options.share_divisor >= total &&
         documents > options.tier_size;
}

// Ranks `unit` alone and keeps its tier under `key` (when there is a cache).
std::shared_ptr<const ImpactTier> TieredRanker::Build(const Xapian::Query& unit,
                                                      const std::string& key) const {
  const bool term = IsTerm(unit);
  const Xapian::doccount kept = Kept(unit, Documents(unit));
  // (weight, id), the best first: by weight, then by id as Xapian orders equal weights.
  std::vector<std::pair<double, Xapian::docid>> best;
  if (std::optional<std::vector<std::string>> words = PostingsTerms(unit)) {
    const Bm25Postings weigh(db_, *column_, bm25_);
    const auto add = [&](Xapian::docid id, double weight) { best.emplace_back(weight, id); };
    if (term) {
      best.reserve(db_.get_termfreq(words->front()));
      weigh.ForEach(words->front(), add);
    } else {
      weigh.ForEachOfSynonym(*words, add);
    }
    KeepBest(static_cast<size_t>(kept) + 1, &best);
  } else {
    // A term is ranked alone at within-query frequency 1 (BoundUnit scales by the query's); the
    // key names the term only, so every frequency shares the tier.
    Xapian::Enquire enquire = RankingEnquire(term ? Q(*unit.get_terms_begin()) : unit);
    const Xapian::MSet ranked = enquire.get_mset(0, kept + 1, Xapian::doccount{0});
    for (auto it = ranked.begin(); it != ranked.end(); ++it)
      best.emplace_back(it.get_weight(), *it);
  }
  auto tier = std::make_shared<ImpactTier>();
  tier->floor = best.size() > kept ? best[kept].first : 0;
  best.resize(std::min<size_t>(best.size(), kept));
  std::sort(best.begin(), best.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  tier->ids.reserve(best.size());
  tier->weights.reserve(best.size());
  for (const auto& [weight, id] : best) {
    tier->ids.push_back(id);
    tier->weights.push_back(weight);
  }
  if (tiers_ != nullptr) tiers_->Put(key, tier, tier->memory_bytes());
  return tier;
}

// The words a unit's tier is weighed from by their postings (bm25_postings.h): a term's, or a
// SYNONYM's of terms only; nullopt for other units or when the weighting is not BM25's without k2.
std::optional<std::vector<std::string>> TieredRanker::PostingsTerms(
    const Xapian::Query& unit) const {
  if (!Bm25Postings::Usable(bm25_)) return std::nullopt;
  if (IsTerm(unit)) return std::vector<std::string>{*unit.get_terms_begin()};
  if (unit.get_type() != Q::OP_SYNONYM) return std::nullopt;
  std::vector<std::string> words;
  for (size_t i = 0; i < unit.get_num_subqueries(); ++i) {
    const Q part = unit.get_subquery(i);
    if (!IsTerm(part)) return std::nullopt;
    words.push_back(*part.get_terms_begin());
  }
  return words;
}

// Whether a prefix's missing tier may be built during the search: its words hold at most
// search_synonym_postings postings.
bool TieredRanker::WithinSearchBudget(const Xapian::Query& unit) const {
  const std::optional<std::vector<std::string>> words = PostingsTerms(unit);
  if (!words) return false;
  uint64_t postings = 0;
  for (const std::string& word : *words) postings += db_.get_termfreq(word);
  return postings <= options_.search_synonym_postings;
}

Xapian::doccount TieredRanker::Documents(const Xapian::Query& unit) const {
  return IsTerm(unit) ? db_.get_termfreq(*unit.get_terms_begin())
                      : static_cast<Xapian::doccount>(UnitSet(unit).Count());
}

// How many of its `documents` the unit's tier keeps.
Xapian::doccount TieredRanker::Kept(const Xapian::Query& unit, Xapian::doccount documents) const {
  if (IsFixedBonus(unit)) {
    return documents <= options_.bonus_tier_size ? documents : options_.tier_size;
  }
  return Frequent(documents, db_.get_doccount(), options_) ? options_.tier_size : documents;
}

// The documents `unit` matches. A fixed bonus's posting source matches every document, so its
// set is its filters' (evaluating the source itself would enumerate the whole database).
DocBitmap TieredRanker::UnitSet(const Xapian::Query& unit) const {
  if (!IsFixedBonus(unit)) return sets_.Evaluate(unit);
  DocBitmap set = sets_.Evaluate(unit.get_subquery(1));
  for (size_t i = 2; i < unit.get_num_subqueries(); ++i) {
    set.And(sets_.Evaluate(unit.get_subquery(i)));
  }
  return set;
}

// A SYNONYM of terms weighs the same wherever its terms stand in the query (a term's position is
// only its place in the query's text, and Xapian weighs a synonym at within-query frequency 1):
// its key names its terms alone, so that "report" with its type's concept term shares one tier
// whether it is a search's first word or its fourth (seen 7 times in 5,000 searches at 250,000
// documents, each a tier of its own).
std::string TieredRanker::TierKey(const std::string& column_key, const Xapian::Query& unit) {
  if (IsTerm(unit)) return column_key + "\nw" + *unit.get_terms_begin();
  if (unit.get_type() == Q::OP_SYNONYM) {
    std::vector<Q> terms;
    for (size_t i = 0; i < unit.get_num_subqueries(); ++i) {
      const Q part = unit.get_subquery(i);
      if (!IsTerm(part)) return column_key + "\ns" + unit.serialise();
      terms.emplace_back(*part.get_terms_begin());
    }
    return column_key + "\ns" + Q(Q::OP_SYNONYM, terms.begin(), terms.end()).serialise();
  }
  return column_key + "\ns" + unit.serialise();
}

std::string TieredRanker::GenerationOfKey(const std::string& key) {
  return key.substr(0, key.find('\n'));
}

Xapian::Query TieredRanker::UnitOfKey(const std::string& key) {
  const size_t newline = key.find('\n');
  if (newline == std::string::npos || newline + 1 >= key.size()) return Q();
  const std::string rest = key.substr(newline + 2);
  if (key[newline + 1] == 'w') return Q(rest);
  if (key[newline + 1] != 's') return Q();
  try {
    return Q::unserialise(rest, Xapian::Registry());
  } catch (const Xapian::Error&) {
    return Q();
  }
}

Xapian::Enquire TieredRanker::RankingEnquire(const Xapian::Query& query) const {
  Xapian::Enquire enquire(db_);
  enquire.set_query(query);
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(bm25_.k1, bm25_.k2, bm25_.k3, bm25_.b, bm25_.min_normlen));
  return enquire;
}

}  // namespace ch
