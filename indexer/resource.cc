#include "indexer/resource.h"

namespace ch {

ResourceSummary SummaryOf(const Resource& r) {
  return ResourceSummary{r.id,        r.title,  r.summary,     r.type,     r.url,
                         r.published, r.source, r.focus_areas, r.evidence, r.language};
}

}  // namespace ch
