// resource_directory.h: how the toolkits module reaches the resource index.
//
// The toolkits module never opens Xapian itself: the server implements this interface with its
// CatalogService (Summaries) and SearchService (Search), and the tests with a map. Summaries are
// the plain-data ch::ResourceSummary of indexer/resource.h.
//
//   class IndexDirectory : public ResourceDirectory {  // in the server
//     Result<std::unordered_map<std::string, ResourceSummary>> Summaries(ids) override {
//       return catalog_.Summaries(ids);
//     }
//     Result<std::vector<DirectoryHit>> Search(text, focus_areas, limit) override { ... }
//   };
//
// Errors: Unavailable when there is no index; InvalidArgument for a query the index rejects;
// IOError/Corruption for storage failures. The service passes these errors on unchanged.
// Thread-safety: implementations must be safe to call from many threads at once.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "indexer/resource.h"

namespace ch {

// One search result for drafting: the summary, the resource's topics and its relevance.
struct DirectoryHit {
  ResourceSummary summary;
  std::vector<std::string> topics;
  double score = 0;  // higher is more relevant; only the order and ratios matter
  // Share of the question's concepts the resource matches, 0 to 1 (1 when unknown or when the
  // question names none): the drafter leaves out resources that match only some of them.
  double coverage = 1;
};

class ResourceDirectory {
 public:
  virtual ~ResourceDirectory() = default;

  // Summaries of the resources that exist, keyed by id. Ids that name no resource are simply
  // absent from the map (never an error). Duplicate ids in `ids` are allowed.
  virtual Result<std::unordered_map<std::string, ResourceSummary>> Summaries(
      const std::vector<std::string>& ids) = 0;

  // Up to `limit` resources matching `text` (the search API's query syntax; "" matches
  // everything), restricted to resources in ANY of `focus_areas` (taxonomy ids; empty means no
  // restriction), best first. Fewer than `limit` is fine. The drafter asks for up to
  // 5 x 30 = 150, more than one search page: implementations clamp or page as they see fit.
  virtual Result<std::vector<DirectoryHit>> Search(const std::string& text,
                                                   const std::vector<std::string>& focus_areas,
                                                   size_t limit) = 0;
};

}  // namespace ch
