// index_resource_directory.h: the toolkits module's view of the index (ResourceDirectory),
// answered by the server's own read services. Thread-safe, as the services are.
#pragma once

#include "server/services/catalog_service.h"
#include "server/services/search_service.h"
#include "toolkits/resource_directory.h"

namespace ch {

class IndexResourceDirectory : public ResourceDirectory {
 public:
  // Both services must outlive the directory.
  IndexResourceDirectory(CatalogService& catalog, SearchService& search)
      : catalog_(catalog), search_(search) {}

  Result<std::unordered_map<std::string, ResourceSummary>> Summaries(
      const std::vector<std::string>& ids) override {
    return catalog_.Summaries(ids);
  }

  // Pages through the search service, best first: every page has the same size (the search
  // limit max_per_page, or `limit` when smaller) so that pages never overlap, and it stops before
  // the search's max_result_depth. Returns at most `limit` hits.
  Result<std::vector<DirectoryHit>> Search(const std::string& text,
                                           const std::vector<std::string>& focus_areas,
                                           size_t limit) override;

 private:
  CatalogService& catalog_;
  SearchService& search_;
};

}  // namespace ch
