#include "server/services/sort_ranks.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>

#include "indexer/schema.h"
#include "server/services/sort_order.h"
#include "server/services/word_pair_bonus.h"

namespace ch {
namespace {

// The documents of a candidate list, in ascending id order, as a boolean posting list. The list
// is shared: a query restricted to candidates filters each of its parts with them (FilterUnits),
// and Xapian may clone a source.
class CandidateSource : public Xapian::PostingSource {
 public:
  using Ids = std::shared_ptr<const std::vector<Xapian::docid>>;
  explicit CandidateSource(Ids ids) : ids_(std::move(ids)) {}
  Xapian::doccount get_termfreq_min() const override { return size(); }
  Xapian::doccount get_termfreq_est() const override { return size(); }
  Xapian::doccount get_termfreq_max() const override { return size(); }
  void init(const Xapian::Database&) override { at_ = kBeforeStart; }
  void next(double) override { at_ = at_ == kBeforeStart ? 0 : at_ + 1; }
  void skip_to(Xapian::docid docid, double) override {
    const size_t from = at_ == kBeforeStart ? 0 : at_;
    at_ = static_cast<size_t>(
        std::lower_bound(ids_->begin() + static_cast<ptrdiff_t>(from), ids_->end(), docid) -
        ids_->begin());
  }
  bool at_end() const override { return at_ != kBeforeStart && at_ >= ids_->size(); }
  Xapian::docid get_docid() const override { return (*ids_)[at_]; }
  Xapian::PostingSource* clone() const override { return new CandidateSource(ids_); }
  std::string get_description() const override {
    return "CandidateSource(" + std::to_string(ids_->size()) + ")";
  }

 private:
  static constexpr size_t kBeforeStart = static_cast<size_t>(-1);
  Xapian::doccount size() const { return static_cast<Xapian::doccount>(ids_->size()); }
  Ids ids_;
  size_t at_ = kBeforeStart;
};

}  // namespace

std::optional<SortRanks::Order> RankedOrder(SortOrder sort, bool empty_query) {
  switch (EffectiveSort(sort, !empty_query)) {
    case SortOrder::kNewest:
      return SortRanks::kNewest;
    case SortOrder::kOldest:
      return SortRanks::kOldest;
    case SortOrder::kTitle:
      return SortRanks::kTitle;
    case SortOrder::kRelevance:
    case SortOrder::kEvidence:
      break;
  }
  return std::nullopt;
}

SortRanks::Slot SortRanks::ReadSlot(const Xapian::Database& db, Xapian::valueno slot,
                                    const std::vector<Xapian::docid>& documents) {
  const Xapian::docid last = db.get_lastdocid();
  std::vector<std::pair<std::string, Xapian::docid>> values;
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
    if (v.get_docid() <= last) values.emplace_back(*v, v.get_docid());
  }
  std::sort(values.begin(), values.end());
  Slot s;
  // Rank 0 is "no value", which Xapian sorts before every value (an empty value is not stored).
  s.rank.assign(static_cast<size_t>(last) + 1, 0);
  uint32_t rank = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i == 0 || values[i].first != values[i - 1].first) ++rank;
    s.rank[values[i].second] = rank;
  }
  s.distinct = rank + 1;
  for (Xapian::docid d : documents) {
    if (d <= last) s.by_rank.push_back(d);
  }
  std::stable_sort(s.by_rank.begin(), s.by_rank.end(),
                   [&](Xapian::docid a, Xapian::docid b) { return s.rank[a] < s.rank[b]; });
  return s;
}

SortRanks SortRanks::Read(const Xapian::Database& db, const std::vector<Xapian::docid>& documents) {
  SortRanks ranks;
  ranks.published_ = ReadSlot(db, schema::kSlotPublished, documents);
  ranks.title_ = ReadSlot(db, schema::kSlotTitleSort, documents);
  ranks.newest_ = ranks.published_.by_rank;
  const std::vector<uint32_t>& rank = ranks.published_.rank;
  std::stable_sort(ranks.newest_.begin(), ranks.newest_.end(),
                   [&](Xapian::docid a, Xapian::docid b) { return rank[a] > rank[b]; });
  return ranks;
}

size_t SortRanks::memory_bytes() const {
  size_t bytes = newest_.capacity() * sizeof(Xapian::docid);
  for (const Slot* s : {&published_, &title_}) {
    bytes += s->rank.capacity() * sizeof(uint32_t) + s->by_rank.capacity() * sizeof(Xapian::docid);
  }
  return bytes;
}

SortSelection::SortSelection(const SortRanks& ranks, SortRanks::Order order, size_t wanted)
    : ranks_(ranks),
      order_(order),
      wanted_(std::max<size_t>(wanted, 1)),
      prune_at_(std::max<size_t>(2 * wanted_, 64)) {}

void SortSelection::AddEverything(Xapian::doccount documents) {
  // Browsing weighs every document 0, so documents of equal value go by ascending id: InOrder's
  // order. Its first places are the page's, ties and all.
  const std::vector<Xapian::docid>& ids = ranks_.InOrder(order_);
  for (size_t i = 0; i < ids.size() && i < wanted_; ++i) {
    kept_.emplace_back(ranks_.Key(order_, ids[i]), ids[i]);
  }
  added_ += documents;
}

void SortSelection::Prune() {
  if (kept_.size() > wanted_) {
    auto by_key = [](const auto& a, const auto& b) { return a.first < b.first; };
    std::nth_element(kept_.begin(), kept_.begin() + static_cast<ptrdiff_t>(wanted_ - 1),
                     kept_.end(), by_key);
    threshold_ = kept_[wanted_ - 1].first;
    kept_.erase(std::remove_if(kept_.begin(), kept_.end(),
                               [&](const auto& k) { return k.first > threshold_; }),
                kept_.end());
  }
  // Ties at the threshold stay, however many: wait for the list to double before pruning again.
  prune_at_ = std::max(2 * wanted_, 2 * kept_.size());
}

std::vector<Xapian::docid> SortSelection::Candidates() {
  Prune();
  std::vector<Xapian::docid> ids;
  ids.reserve(kept_.size());
  for (const auto& k : kept_) ids.push_back(k.second);
  std::sort(ids.begin(), ids.end());
  return ids;
}

namespace {

using Q = Xapian::Query;

// `query` with each of its units filtered by the candidates where it stands (a filter's right
// side weighs nothing, so the weights are the same), instead of the whole query filtered once.
// Xapian 1.4.22 tests the query against a filter's documents one at a time (check()), and an OR
// does not always answer a check exactly: 27 of 2,000 random trees of phrases, NEARs, words,
// scales and language branches (AND_NOT) gave some candidate a phrase's weight it does not hold
// (tests/server/sorted_candidates_test.cc). Filtered unit by unit, every OR is read with next()
// and skip_to(), as in Xapian's whole match, and a phrase is checked at candidates only: under an
// AND_NOT a phrase moved to a candidate tested the positions of every document holding its words
// up to its next match (20 candidates for "use report": 2.2 ms; benchmarks/RESULTS.md, issue 15,
// Run 20). A unit is a leaf, a PHRASE, NEAR, SYNONYM, WILDCARD or ELITE_SET, a MAX (with
// filtered parts Xapian 1.4.22 crashes in its match; SearchService builds none), or a scaled part
// whose scale cannot be read back.
Q FilterUnits(const Q& query, const CandidateSource::Ids& candidates) {
  const Q::op type = query.get_type();
  const size_t n = query.get_num_subqueries();
  const double scale = type == Q::OP_SCALE_WEIGHT ? QueryScaleFactor(query) : 0;
  if (n == 0 || type == Q::OP_PHRASE || type == Q::OP_NEAR || type == Q::OP_SYNONYM ||
      type == Q::OP_WILDCARD || type == Q::OP_ELITE_SET || type == Q::OP_MAX || scale < 0) {
    return Q(Q::OP_FILTER, query, Q((new CandidateSource(candidates))->release()));
  }
  std::vector<Q> parts;
  for (size_t i = 0; i < n; ++i) parts.push_back(FilterUnits(query.get_subquery(i), candidates));
  if (type == Q::OP_SCALE_WEIGHT) return Q(type, parts[0], scale);
  return Q(type, parts.begin(), parts.end());
}

}  // namespace

Xapian::Query SortedCandidatesQuery(const Xapian::Query& query,
                                    std::vector<Xapian::docid> candidates) {
  return FilterUnits(query,
                     std::make_shared<const std::vector<Xapian::docid>>(std::move(candidates)));
}

}  // namespace ch
