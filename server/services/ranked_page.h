// ranked_page.h: one page of a search's match, in the order asked for, ranked so that Xapian
// 1.4.22 never prunes with a posting source (word_pair_bonus.h says why).
//
//   RankedPageSpec spec{.sort = request.sort, .empty_query = plan.empty, .first = 0, .count = 10};
//   Xapian::MSet page = RankPage(db, enquire_for, query, spec, nullptr);
//
// By relevance from one local database: RankWithWordPairs (its weight cut-offs, by language and
// from `known_kth`). Sorted by date, title or evidence, or from remote shards: Xapian's own match,
// every match examined when the query carries a fixed bonus (the cut-offs hold only for relevance;
// the candidate filter, a posting source, cannot be sent to a shard). `enquire_for` gives an
// Enquire over the database with the service's weighting and no order; `estimates` as
// RankWithWordPairs'. Pure function; Xapian::Error propagates.
#pragma once

#include <functional>

#include <xapian.h>

#include "server/services/search_types.h"

namespace ch {

struct RankedPageSpec {
  SortOrder sort = SortOrder::kRelevance;
  bool empty_query = false;    // the search has no text (browsing): sorted by date
  bool remote_shards = false;  // the database is made of remote shards
  Xapian::doccount first = 0;
  Xapian::doccount count = 10;
  double known_kth = 0;  // RankWithWordPairs' known_kth (impact_tiers.h), 0: none
};

Xapian::MSet RankPage(const Xapian::Database& db,
                      const std::function<Xapian::Enquire(const Xapian::Query&)>& enquire_for,
                      const Xapian::Query& query, const RankedPageSpec& spec,
                      Xapian::MSet* estimates);

}  // namespace ch
