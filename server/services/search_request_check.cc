#include "server/services/search_request_check.h"

#include <cstdint>
#include <string>
#include <vector>

#include "indexer/schema.h"

namespace ch {

std::optional<Vocabulary> VocabularyOfFacet(const std::string& facet) {
  if (facet == "focus_area") return Vocabulary::kFocusArea;
  if (facet == "topic") return Vocabulary::kTopic;
  if (facet == "type") return Vocabulary::kType;
  if (facet == "audience") return Vocabulary::kAudience;
  if (facet == "evidence_rating") return Vocabulary::kRating;
  if (facet == "evidence_outcome") return Vocabulary::kOutcome;
  return std::nullopt;
}

Status CheckSearchRequest(const SearchRequest& r, const SearchLimits& limits,
                          const Taxonomy& taxonomy) {
  if (r.q.size() > limits.max_query_chars) {
    return Status::InvalidArgument("the query is " + std::to_string(r.q.size()) +
                                   " bytes long; the limit is " +
                                   std::to_string(limits.max_query_chars))
        .WithField("q");
  }
  if (r.page < 1) return Status::InvalidArgument("page must be 1 or more").WithField("page");
  if (r.per_page < 1 || r.per_page > limits.max_per_page) {
    return Status::InvalidArgument("per_page must be between 1 and " +
                                   std::to_string(limits.max_per_page))
        .WithField("per_page");
  }
  if (static_cast<int64_t>(r.page) * r.per_page > limits.max_result_depth) {
    return Status::InvalidArgument("results past number " +
                                   std::to_string(limits.max_result_depth) +
                                   " are not served; refine the query or the filters")
        .WithField("page");
  }
  for (const auto& facet : r.facets.value_or(std::vector<std::string>{})) {
    if (!schema::FindFacet(facet)) {
      return Status::InvalidArgument("unknown facet '" + facet +
                                     "'; facets are focus_area, topic, type, audience, year, "
                                     "language, source, evidence_rating, evidence_outcome")
          .WithField("facets");
    }
  }
  for (const auto& [name, values] : r.filters) {
    if (values.size() > limits.max_filter_values) {
      return Status::InvalidArgument("at most " + std::to_string(limits.max_filter_values) +
                                     " values per filter")
          .WithField(name);
    }
    std::optional<Vocabulary> v = VocabularyOfFacet(name);
    if (!v) continue;
    for (const auto& value : values) {
      if (!taxonomy.Contains(*v, value)) {
        std::string allowed;
        for (const auto& id : taxonomy.Ids(*v)) allowed += (allowed.empty() ? "" : ", ") + id;
        return Status::InvalidArgument("unknown value '" + value + "'; allowed: " + allowed)
            .WithField(name);
      }
    }
  }
  return Status::Ok();
}

}  // namespace ch
