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

  // Pages through the search service (at most its per_page limit at a time), best first.
  Result<std::vector<DirectoryHit>> Search(const std::string& text,
                                           const std::vector<std::string>& focus_areas,
                                           size_t limit) override;

 private:
  CatalogService& catalog_;
  SearchService& search_;
};

}  // namespace ch
