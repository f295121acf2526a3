// catalog_service.h: everything read from the index that is not a ranked search: resource pages,
// their related resources, resources by the batch, as-you-type suggestions, the taxonomy with
// counts, the changes feed, resource summaries by id (for toolkits) and the index's status.
// Knows nothing of HTTP.
//
// A resource page is stable: it holds the resource and the generation at which it last changed,
// nothing that depends on other resources, so it changes exactly when the changes feed lists it.
//
// The changes feed (Changes): ids whose resource changed after `since`, oldest change first, in
// pages that never split a generation (at most max_changes ids, or max_change_resources with
// full resources; writers keep one generation to about 100 documents, index_writer.h). `added`
// holds the ids a client cannot have seen at `since`: a page covering (since, G] also lists, as
// added, every resource created in (since, G] even when it changed again after G, so a client
// that continues with since=G has everything created up to G. Errors: Gone when the request's
// epoch is not the index's, when since > the index's generation, or when since (> 0) is older
// than the tombstones kept (schema.h, kMetaTombstonesFrom); Unavailable when a shard is down.
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
  size_t max_changes = 10000;   // ids (added + changed) in one changes page
  // Resources in one changes page with include_resources: ~5 KB each, so about 500 KB a page.
  size_t max_change_resources = 100;
  size_t max_batch_ids = 100;  // ids in one Resources() call
};

class CatalogService {
 public:
  CatalogService(IndexReader& reader, const Taxonomy& taxonomy, CatalogServiceOptions options = {});

  Result<ResourcePage> GetResource(const std::string& id);
  // The front matter's related resources that exist, then "more like this"; NotFound for `id`.
  Result<RelatedList> Related(const std::string& id);
  // The resources with these ids in the order asked (a repeated id once), and the ids not found.
  // InvalidArgument (field "ids") for no ids or more than max_batch_ids; Unavailable when the
  // shard holding one of them is down.
  Result<ResourceBatch> Resources(const std::vector<std::string>& ids);
  // 2 to kMaxCompared distinct ids, side by side. InvalidArgument (field "ids") for fewer, more or
  // repeated ids; NotFound naming the first id that is not in the index.
  static constexpr size_t kMaxCompared = 4;
  Result<Comparison> Compare(const std::vector<std::string>& ids);
  Result<SuggestionList> Suggest(const std::string& text);
  // Every vocabulary with its counts, labels and descriptions in `lang` (an analysed language code;
  // "" or a code without translations: the default language's). An entry without a translation
  // falls back to the default language's words (indexer/taxonomy.h).
  Result<TaxonomyView> GetTaxonomy(std::string_view lang = "");
  Result<ChangeSet> Changes(const ChangesRequest& request);
  Result<ChangeSet> Changes(uint64_t since) { return Changes(ChangesRequest{since, "", false}); }
  // Summaries of the resources that exist, by id; absent ids are simply not in the map.
  Result<std::unordered_map<std::string, ResourceSummary>> Summaries(
      const std::vector<std::string>& ids);
  IndexStatus CheckIndex();
  // (epoch, build, generation) of the live index: changes whenever search results may change.
  // Cheap: three metadata lookups. Unavailable while a remote shard is down: a partial answer has
  // no version, so it never gets (or revalidates) an index-derived ETag.
  Result<IndexVersion> CurrentVersion();

 private:
  // Gone when `request` cannot be answered in this index's history (see above).
  static Status CheckChangesCursor(const Searcher& s, const ChangesRequest& request,
                                   const std::string& epoch, uint64_t generation);

  IndexReader& reader_;
  const Taxonomy& taxonomy_;
  CatalogServiceOptions options_;
};

}  // namespace ch
