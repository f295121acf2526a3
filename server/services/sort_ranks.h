// sort_ranks.h: the rank of every document in the orders a search can be sorted by a value (date,
// title), in memory, so that a value-sorted page is found without weighing every match.
//
//   SortRanks ranks = SortRanks::Read(db, ids);  // with the facet column, once per generation
//   SortSelection pick(ranks, SortRanks::kNewest, first + per_page);
//   matched.ForEach([&](Xapian::docid id) { pick.Add(id); });   // the match set (match_set.h)
//   std::vector<Xapian::docid> candidates = pick.Candidates();
//
// Why: Xapian sorts by value by weighing every match and reading its value (a search for
// "violence" sorted by date cost 18 ms at 250,000 documents, against 4 ms by relevance). The
// page needs only the matches whose value can reach it. The match set (match_set.h) gives them
// from these ranks: every match whose rank is at most the rank of the page's last place, ties
// included. A second, ranked match over just those candidates (SortedCandidatesQuery) then orders
// them as Xapian always did (value, then relevance, then document id), so the page is the same.
//
// Ranks: documents ordered by the slot's value as Xapian compares it (bytes; "" or no value is
// the smallest), equal values sharing a rank; a rank per document id, 4 bytes each, and the ids
// in each order for browsing without a query, 4 bytes each: about 5 MB at 250,000 documents.
//
// Errors: Read throws Xapian::Error (its caller runs inside WithSearcher). Immutable and
// thread-safe once read; a SortSelection belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <xapian.h>

#include "server/services/search_types.h"

namespace ch {

class SortRanks {
 public:
  enum Order { kNewest, kOldest, kTitle };

  // `documents`: the ids of every document of `db` in ascending order (its postlist of ""), which
  // the caller has read already.
  static SortRanks Read(const Xapian::Database& db, const std::vector<Xapian::docid>& documents);

  // Smaller comes first in `order`. Documents past the last id read rank last.
  uint32_t Key(Order order, Xapian::docid docid) const {
    const Slot& s = order == kTitle ? title_ : published_;
    if (docid >= s.rank.size()) return UINT32_MAX;
    return order == kNewest ? s.distinct - 1 - s.rank[docid] : s.rank[docid];
  }
  // Every document, first in `order` first (equal keys by ascending id).
  const std::vector<Xapian::docid>& InOrder(Order order) const {
    return order == kNewest ? newest_ : order == kOldest ? published_.by_rank : title_.by_rank;
  }
  size_t memory_bytes() const;

 private:
  struct Slot {
    std::vector<uint32_t> rank;          // by document id
    uint32_t distinct = 0;               // distinct values (ranks 0 .. distinct - 1)
    std::vector<Xapian::docid> by_rank;  // ascending rank, then id
  };
  static Slot ReadSlot(const Xapian::Database& db, Xapian::valueno slot,
                       const std::vector<Xapian::docid>& documents);

  Slot published_, title_;
  std::vector<Xapian::docid> newest_;  // descending date, then ascending id
};

// The order of the ranks that a value sort (as requested) applies, nullopt for relevance with a
// text query and for evidence: relevance needs no values, and most resources share the evidence
// key "unrated".
std::optional<SortRanks::Order> RankedOrder(SortOrder sort, bool empty_query);

// The candidates for the first `wanted` places of a value-sorted match: every document added
// whose key is at most the key of the wanted-th best one, ties included.
class SortSelection {
 public:
  // `wanted` is at least 1.
  SortSelection(const SortRanks& ranks, SortRanks::Order order, size_t wanted);
  void Add(Xapian::docid docid) {
    ++added_;
    const uint32_t key = ranks_.Key(order_, docid);
    if (key > threshold_) return;
    kept_.emplace_back(key, docid);
    if (kept_.size() >= prune_at_) Prune();
  }
  // Adds what browsing everything (Query::MatchAll, weight 0) matches: every document, of which
  // only the first `wanted` in this order can reach the page.
  void AddEverything(Xapian::doccount documents);
  uint64_t added() const { return added_; }
  // The candidates, by ascending id.
  std::vector<Xapian::docid> Candidates();

 private:
  void Prune();

  const SortRanks& ranks_;
  const SortRanks::Order order_;
  const size_t wanted_;
  uint32_t threshold_ = UINT32_MAX;  // keys above it can no longer reach the wanted places
  std::vector<std::pair<uint32_t, Xapian::docid>> kept_;
  size_t prune_at_ = 0;
  uint64_t added_ = 0;
};

// `query` restricted to `candidates` (ascending ids): the second pass of a value-sorted match, and
// the ranking of a few candidates (impact tiers, word-pair bonus). Each of the query's parts is
// filtered where it stands, with the same weights, so that Xapian reads the query as its whole
// match does: a filter over the whole query let Xapian 1.4.22 give some candidates a phrase's
// weight they do not hold.
Xapian::Query SortedCandidatesQuery(const Xapian::Query& query,
                                    std::vector<Xapian::docid> candidates);

}  // namespace ch
