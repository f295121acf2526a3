// catalog_service.h: everything read from the index that is not a ranked search: resource pages
// with related resources, as-you-type suggestions, the taxonomy with counts, the changes feed,
// resource summaries by id (for toolkits) and the index's status. Knows nothing of HTTP.
//
// Related resources: the front matter's `related` ids first (in their order, skipping any that no
// longer exist), then "more like this": Xapian's expand set of the resource's own document
// (the most distinctive unprefixed words), searched for and ranked by BM25, excluding the
// resource itself and ids already listed.
//
// Suggestions: up to `max_suggestions`, titles first (the typed words as a partial title: query),
// then completions of the last word from the term list, most frequent first.
//
// Errors: NotFound for an unknown id; InvalidArgument (with field()) for bad input; Unavailable
// without an index. Thread-safe.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "indexer/taxonomy.h"
#include "server/services/index_reader.h"
#include "server/services/search_types.h"

namespace ch {

struct CatalogServiceOptions {
  SearchLimits limits;
  size_t related_count = 6;
  size_t max_suggestions = 10;
  size_t max_suggest_chars = 200;
  size_t max_term_scan = 5000;  // term-list entries looked at for one completion
  size_t max_changes = 10000;   // ids per list in one changes response
};

class CatalogService {
 public:
  CatalogService(IndexReader& reader, const Taxonomy& taxonomy, CatalogServiceOptions options = {});

  Result<ResourcePage> GetResource(const std::string& id);
  // 2 to kMaxCompared distinct ids, side by side. InvalidArgument (field "ids") for fewer, more or
  // repeated ids; NotFound naming the first id that is not in the index.
  static constexpr size_t kMaxCompared = 4;
  Result<Comparison> Compare(const std::vector<std::string>& ids);
  Result<SuggestionList> Suggest(const std::string& text);
  Result<TaxonomyView> GetTaxonomy();
  Result<ChangeSet> Changes(uint64_t since);
  // Summaries of the resources that exist, by id; absent ids are simply not in the map.
  Result<std::unordered_map<std::string, ResourceSummary>> Summaries(
      const std::vector<std::string>& ids);
  IndexStatus CheckIndex();
  // (build, generation) of the live index: changes whenever search results may change. Cheap:
  // two metadata lookups. Unavailable while a remote shard is down: a partial answer has no
  // version, so it never gets (or revalidates) an index-derived ETag.
  Result<std::pair<uint64_t, uint64_t>> CurrentVersion();

 private:
  IndexReader& reader_;
  const Taxonomy& taxonomy_;
  CatalogServiceOptions options_;
};

}  // namespace ch
