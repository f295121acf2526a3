#include "server/services/linked_bonus.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "indexer/schema.h"

namespace ch {
namespace {

// The ids `source` links to, from its stored record.
std::vector<std::string> LinkedIds(const Xapian::Database& db, Xapian::docid source) {
  Result<std::vector<std::string>> ids = schema::DecodeRelated(db.get_document(source).get_data());
  if (!ids.ok()) return {};
  return *std::move(ids);
}

// The weights `query` gives the documents named by `id_terms`, those that match it.
Xapian::MSet Weighed(const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                     const Xapian::Query& query, const std::vector<std::string>& id_terms) {
  const Xapian::Query named(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
  Xapian::Enquire enquire = enquire_for(Xapian::Query(Xapian::Query::OP_FILTER, query, named));
  // Asking for every candidate keeps the matcher from pruning on a weight floor.
  const auto all = static_cast<Xapian::doccount>(id_terms.size());
  return enquire.get_mset(0, all, all);
}

}  // namespace

std::vector<RankedDoc> RankedDocs(const Xapian::MSet& mset) {
  std::vector<RankedDoc> out;
  out.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({*it, it.get_weight()});
  return out;
}

void AddLinkedBonus(const Xapian::Database& db,
                    const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                    const Xapian::Query& query, const LinkedBonusOptions& options, bool every_match,
                    std::vector<RankedDoc>* ranked) {
  if (options.sources == 0 || options.share <= 0 || ranked->empty()) return;
  // The linked documents by their docid, with their id terms and the largest bonus.
  std::unordered_map<Xapian::docid, std::pair<std::string, double>> linked;
  const size_t sources = std::min<size_t>(options.sources, ranked->size());
  for (size_t i = 0; i < sources; ++i) {
    const double bonus = options.share * (*ranked)[i].weight;
    for (const std::string& id : LinkedIds(db, (*ranked)[i].id)) {
      std::string term = schema::kIdPrefix + id;
      Xapian::PostingIterator doc = db.postlist_begin(term);
      // A link to no resource of this index, or to itself (the indexer only warns of that).
      if (doc == db.postlist_end(term) || *doc == (*ranked)[i].id) continue;
      auto [entry, added] = linked.try_emplace(*doc, std::move(term), bonus);
      if (!added) entry->second.second = std::max(entry->second.second, bonus);
    }
  }
  // Those already ranked have their weight; the others are weighed by one match over just them,
  // which also leaves out those that do not match.
  for (RankedDoc& doc : *ranked) {
    auto found = linked.find(doc.id);
    if (found == linked.end()) continue;
    doc.weight += found->second.second;
    linked.erase(found);
  }
  if (!linked.empty() && !every_match) {
    std::vector<std::string> terms;
    for (const auto& [id, entry] : linked) terms.push_back(entry.first);
    std::sort(terms.begin(), terms.end());
    std::vector<RankedDoc> extra;
    const Xapian::MSet weighed = Weighed(enquire_for, query, terms);
    for (auto it = weighed.begin(); it != weighed.end(); ++it) {
      auto found = linked.find(*it);  // always: the match is filtered to these documents
      if (found != linked.end()) extra.push_back({*it, it.get_weight() + found->second.second});
    }
    std::sort(extra.begin(), extra.end(),
              [](const RankedDoc& a, const RankedDoc& b) { return a.id < b.id; });
    ranked->insert(ranked->end(), extra.begin(), extra.end());
  }
  std::stable_sort(ranked->begin(), ranked->end(),
                   [](const RankedDoc& a, const RankedDoc& b) { return a.weight > b.weight; });
}

}  // namespace ch
