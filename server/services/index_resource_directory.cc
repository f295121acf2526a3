#include "server/services/index_resource_directory.h"

#include <algorithm>

namespace ch {

Result<std::vector<DirectoryHit>> IndexResourceDirectory::Search(
    const std::string& text, const std::vector<std::string>& focus_areas, size_t limit) {
  std::vector<DirectoryHit> out;
  const int per_page = search_.options().limits.max_per_page;
  for (int page = 1; out.size() < limit; ++page) {
    SearchRequest request;
    request.q = text;
    if (!focus_areas.empty()) request.filters["focus_area"] = focus_areas;
    request.sort = SortOrder::kRelevance;
    request.page = page;
    request.per_page = static_cast<int>(std::min<size_t>(per_page, limit - out.size()));
    request.facets = std::vector<std::string>{};
    if (static_cast<int64_t>(page) * request.per_page > search_.options().limits.max_result_depth) {
      break;
    }
    Result<SearchResponse> response = search_.Search(request);
    if (!response.ok()) return response.status();
    for (auto& hit : response->results) {
      DirectoryHit h;
      h.summary = SummaryOf(hit.resource);
      h.topics = hit.resource.topics;
      // Browsing (no text) has no relevance: keep the order with a falling score.
      h.score = hit.score > 0 ? hit.score : 1.0 / static_cast<double>(out.size() + 1);
      out.push_back(std::move(h));
    }
    if (static_cast<int>(response->results.size()) < request.per_page) break;
  }
  return out;
}

}  // namespace ch
