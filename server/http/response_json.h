// response_json.h: the JSON body of every API response type, written with base/json_writer.h so
// that JSON is never built by string concatenation and every route spells a field the same way.
//
//   std::string body = EncodeSearchResponse(response);
//
// Pure functions of their inputs; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/json_writer.h"
#include "indexer/diagnostic.h"
#include "indexer/resource_json.h"
#include "server/services/search_types.h"
#include "server/services/startup_state.h"

namespace ch {

std::string EncodeSearchResponse(const SearchResponse& r);
std::string EncodeSuggestions(const SuggestionList& list);
// The resource object (also each element of a batch's and the changes feed's "resources").
// {"resources": [resource fields + "cost_covered"], "outcomes": [...], "generation"}.
std::string EncodeComparison(const Comparison& c);
std::string EncodeResourcePage(const ResourcePage& page);
std::string EncodeRelated(const RelatedList& list);
std::string EncodeResourceBatch(const ResourceBatch& batch);
std::string EncodeTaxonomy(const TaxonomyView& view);
std::string EncodeChanges(const ChangeSet& changes);
std::string EncodeIndexStatus(const IndexStatus& status);
// /readyz during start-up: {"state":"syncing","phase":"indexing","done":N,"total":M}, with
// "message" when the sync failed.
std::string EncodeStartupState(const StartupState::View& view);
// Validation problems in the CLI's shape: path, line, column, severity, field, message, allowed.
void WriteProblems(JsonWriter& w, const Diagnostics& problems);

// {"error":{"code":...,"message":...,"param":...}} (param omitted when empty).
std::string EncodeError(std::string_view code, std::string_view message, std::string_view param);
// The error body plus the index's "epoch" and "generation" (410 resync_required).
std::string EncodeErrorWithVersion(std::string_view code, std::string_view message,
                                   std::string_view epoch, uint64_t generation);

}  // namespace ch
