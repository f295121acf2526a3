// search_request_check.h: what a search request may ask for, checked before anything is searched.
//
//   CH_RETURN_IF_ERROR(CheckSearchRequest(request, options.limits, taxonomy));
//
// CheckSearchRequest: the query's length, page and per_page, how deep the results go, the facets
// named and, for filters on a taxonomy facet, each value. The first problem found is returned as
// InvalidArgument naming the parameter (Status::field) and what is allowed (the allowed ids of
// a taxonomy facet); Ok otherwise. VocabularyOfFacet: the taxonomy vocabulary whose ids a facet
// takes (focus_area, topic, type, audience, evidence_rating, evidence_outcome); nullopt for the
// others (year, language, source). Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>

#include "base/status.h"
#include "indexer/taxonomy.h"
#include "server/services/search_types.h"

namespace ch {

std::optional<Vocabulary> VocabularyOfFacet(const std::string& facet);

Status CheckSearchRequest(const SearchRequest& request, const SearchLimits& limits,
                          const Taxonomy& taxonomy);

}  // namespace ch
