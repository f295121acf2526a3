// request_params.h: query-string parameters -> service requests, with a clear 400 for each
// mistake (the parameter named in Status::field()).
//
// Repeatable filters (focus_area, topic, type, audience, language, source, year) take several
// values either as repeated parameters or comma-separated (source only as repeated parameters,
// since source names contain commas). Unknown parameters are rejected so that a typo such as
// `focus=` is reported instead of silently ignored; parameters starting with '_' (cache busters)
// are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/http/query_string.h"
#include "server/services/search_types.h"

namespace ch {

Result<SearchRequest> ParseSearchParams(const QueryParams& params);

// "a, b,,c" -> {"a", "b", "c"}: comma-separated values, trimmed, empty ones dropped.
std::vector<std::string> SplitCommas(const std::string& value);

// Checks that only `allowed` parameters are present and none of them repeats unless listed in
// `repeatable`.
Status CheckParams(const QueryParams& params, const std::vector<std::string>& allowed,
                   const std::vector<std::string>& repeatable = {});

// An integer parameter in [min, max], or `fallback` when absent.
Result<int64_t> IntParam(const QueryParams& params, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max);

}  // namespace ch
