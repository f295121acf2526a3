// search_service.h: full-text search with filters, sorting, paging, snippets, exact disjunctive
// facet counts and spelling suggestions. Knows nothing of HTTP.
//
// Relevance is Xapian's BM25 over fields weighted at index time (title > summary > keywords >
// body; indexer/schema.h). An empty query browses everything; "relevance" order then means newest
// first. Facet counts are exact (the match examines every candidate when counts are asked for),
// count multi-valued fields per value, and are disjunctive: a facet that is filtered on is counted
// with every filter but its own, so its other values stay visible with the counts they would give.
//
// Errors: InvalidArgument with field() naming the request parameter; Unavailable when there is no
// index; IOError/Corruption from Xapian. Thread-safe: every call leases its own Searcher.
#pragma once

#include "base/status.h"
#include "indexer/taxonomy.h"
#include "server/services/index_reader.h"
#include "server/services/query_builder.h"
#include "server/services/search_types.h"

namespace ch {

// Xapian's BM25Weight parameters. k1 and b were measured on SciFact (benchmarks/RESULTS.md,
// "Relevance (SciFact)"): with k1 1.4-1.6 and b 0.85-0.95 nDCG@10 is 0.697-0.702, against 0.690
// with the textbook 1.2 and 0.75; 1.5 and 0.9 are the middle of that plateau, not its best point.
// A higher k1 lets repeated words and the field weights (a title word is 5 body words) count for
// more before they saturate; a higher b keeps long documents from winning on length alone.
struct Bm25Parameters {
  double k1 = 1.5;  // term-frequency saturation
  double k2 = 0.0;  // query-length normalisation (unused by BM25 proper)
  double k3 = 1.0;  // query term frequency
  double b = 0.9;   // document-length normalisation (0 none, 1 full)
  double min_normlen = 0.5;
};

struct SearchServiceOptions {
  SearchLimits limits;
  Bm25Parameters bm25;
  QueryOptions query;             // stemming, stop words, concepts, default operator
  size_t max_facet_values = 100;  // per facet, most frequent first
};

class SearchService {
 public:
  // `reader` and `taxonomy` must outlive the service.
  SearchService(IndexReader& reader, const Taxonomy& taxonomy, SearchServiceOptions options = {});

  Result<SearchResponse> Search(const SearchRequest& request);
  // Checks a request's parameters without searching (used by Search; exposed for tests).
  Status Validate(const SearchRequest& request) const;
  const SearchServiceOptions& options() const { return options_; }
  // The facets returned when a request names none.
  static const std::vector<std::string>& DefaultFacets();

 private:
  Result<SearchResponse> SearchWith(Searcher& s, const SearchRequest& request);
  std::string FacetLabel(const std::string& facet, const std::string& value) const;

  IndexReader& reader_;
  const Taxonomy& taxonomy_;
  SearchServiceOptions options_;
};

// Prepares the Searcher's QueryParser for its current database (cheap when already done).
void PrepareQueryParser(Searcher& s, const SearchLimits& limits);

}  // namespace ch
