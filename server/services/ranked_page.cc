#include "server/services/ranked_page.h"

#include "server/services/sort_order.h"
#include "server/services/word_pair_bonus.h"

namespace ch {

Xapian::MSet RankPage(const Xapian::Database& db,
                      const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                      const Xapian::Query& query, const RankedPageSpec& spec,
                      Xapian::MSet* estimates) {
  const bool by_value = spec.sort != SortOrder::kRelevance || spec.empty_query;
  if (by_value || spec.remote_shards) {
    Xapian::Enquire enquire = enquire_for(query);
    Xapian::MultiValueKeyMaker evidence_keys;  // must outlive get_mset
    SetOrder(enquire, spec.sort, spec.empty_query, &evidence_keys);
    const bool bonus = SplitWordPairBonus(db, query).has_value();
    Xapian::MSet page =
        enquire.get_mset(spec.first, spec.count, bonus ? db.get_doccount() : Xapian::doccount{0});
    if (estimates != nullptr) *estimates = page;
    return page;
  }
  return RankWithWordPairs(db, enquire_for, query, spec.first, spec.count, estimates,
                           spec.known_kth);
}

}  // namespace ch
