#include "server/services/index_resource_directory.h"

#include <algorithm>

namespace ch {

Result<std::vector<DirectoryHit>> IndexResourceDirectory::Search(
    const std::string& text, const std::vector<std::string>& focus_areas, size_t limit) {
  std::vector<DirectoryHit> out;
  const SearchLimits& limits = search_.options().limits;
  // One page size for every page: the search pages by offset (page - 1) * per_page, so a page
  // size that changed on the last page would fetch results already taken (asking for 150 with
  // 100 a page, a second page of 50 is results 50-99 again, not 100-149). The last page may
  // bring more than `limit`; the surplus is dropped.
  const int per_page = static_cast<int>(std::min<size_t>(limits.max_per_page, limit));
  for (int page = 1; out.size() < limit; ++page) {
    if (static_cast<int64_t>(page) * per_page > limits.max_result_depth) break;
    SearchRequest request;
    request.q = text;
    if (!focus_areas.empty()) request.filters["focus_area"] = focus_areas;
    request.sort = SortOrder::kRelevance;
    request.page = page;
    request.per_page = per_page;
    request.facets = std::vector<std::string>{};
    request.coverage = true;  // drafts keep only on-topic items (DirectoryHit::coverage)
    Result<SearchResponse> response = search_.Search(request);
    if (!response.ok()) return response.status();
    for (auto& hit : response->results) {
      if (out.size() == limit) break;
      DirectoryHit h;
      h.summary = SummaryOf(hit.resource);
      h.topics = hit.resource.topics;
      // Browsing (no text) has no relevance: keep the order with a falling score.
      h.score = hit.score > 0 ? hit.score : 1.0 / static_cast<double>(out.size() + 1);
      h.coverage = hit.coverage;
      out.push_back(std::move(h));
    }
    if (static_cast<int>(response->results.size()) < per_page) break;
  }
  return out;
}

}  // namespace ch
