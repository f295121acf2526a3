// sort_order.h: the names of the search orders and, in plain words, how each orders results, so
// that every search response says how it is ordered (SearchResponse::sort and ::order).
//
//   EffectiveSort(SortOrder::kRelevance, /*text_query=*/false) == SortOrder::kNewest
//   DescribeOrder(SortOrder::kEvidence, true, taxonomy)
//     -> "Strongest evidence first: by the best rating (Effective, Promising, ...), then ..."
//   DescribeOrder(SortOrder::kTitle, false, taxonomy, "es")
//     -> "Por título, de la A a la Z; luego el orden del índice."
//
// SetOrder applies an order to a Xapian match. Pure functions otherwise; thread-safe (the Taxonomy
// is only read).
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

#include "indexer/taxonomy.h"
#include "server/services/search_types.h"

namespace ch {

// The order actually applied: relevance without a text query browses newest first.
SortOrder EffectiveSort(SortOrder requested, bool text_query);
// "relevance", "newest", "oldest", "title", "evidence": the API's `sort` values.
const char* SortName(SortOrder sort);
// One or two plain sentences naming the keys and tie-breaks of `sort` (already effective), in
// `lang` (the page's language, SearchRequest::page_language): English for "", "en" or a language
// without sentences of its own. The evidence order lists the taxonomy's ratings and evidence
// bases by label in that language (taxonomy.LANG.yaml), strongest first.
std::string DescribeOrder(SortOrder sort, bool text_query, const Taxonomy& taxonomy,
                          std::string_view lang = "");

// Orders `enquire` by `sort` (as requested: relevance without a text query is newest first).
// Returns whether the order is by a value (not by relevance). `evidence_keys` must outlive the
// match.
bool SetOrder(Xapian::Enquire& enquire, SortOrder sort, bool empty_query,
              Xapian::MultiValueKeyMaker* evidence_keys);

}  // namespace ch
