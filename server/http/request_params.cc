#include "server/http/request_params.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

#include "server/http/page_language.h"

namespace ch {
namespace {

const std::vector<std::string> kFilterParams = {
    "focus_area",      "topic",           "type", "audience", "language", "source", "year",
    "evidence_rating", "evidence_outcome"};

}  // namespace

std::vector<std::string> SplitCommas(const std::string& value) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(',', start);
    if (end == std::string::npos) end = value.size();
    std::string part = value.substr(start, end - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(part);
    start = end + 1;
  }
  return out;
}

Status CheckParams(const QueryParams& params, const std::vector<std::string>& allowed,
                   const std::vector<std::string>& repeatable) {
  for (const auto& [name, value] : params.values()) {
    if (!name.empty() && name[0] == '_') continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      return Status::InvalidArgument("unknown parameter '" + name +
                                     "'; this route takes: " + (list.empty() ? "none" : list))
          .WithField(name);
    }
    if (params.count(name) > 1 &&
        std::find(repeatable.begin(), repeatable.end(), name) == repeatable.end()) {
      return Status::InvalidArgument("'" + name + "' may be given only once").WithField(name);
    }
  }
  return Status::Ok();
}

Result<int64_t> IntParam(const QueryParams& params, const std::string& name, int64_t fallback,
                         int64_t min, int64_t max) {
  if (!params.has(name)) return fallback;
  std::string value = params.get(name);
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    return Status::InvalidArgument("'" + value + "' is not a whole number").WithField(name);
  }
  if (out < min || out > max) {
    return Status::InvalidArgument(name + " must be between " + std::to_string(min) + " and " +
                                   std::to_string(max))
        .WithField(name);
  }
  return out;
}

Result<SearchRequest> ParseSearchParams(const QueryParams& params) {
  std::vector<std::string> allowed = {"q",      "sort",           "page",         "per_page",
                                      "facets", "published_from", "published_to", "autocorrect",
                                      "lang"};
  allowed.insert(allowed.end(), kFilterParams.begin(), kFilterParams.end());
  CH_RETURN_IF_ERROR(CheckParams(params, allowed, kFilterParams));

  SearchRequest out;
  out.q = params.get("q");
  for (const auto& name : kFilterParams) {
    for (const auto& value : params.all(name)) {
      std::vector<std::string> values =
          name == "source" ? std::vector<std::string>{value} : SplitCommas(value);
      auto& list = out.filters[name];
      list.insert(list.end(), values.begin(), values.end());
    }
  }
  out.page_language = params.get("lang");
  CH_RETURN_IF_ERROR(CheckLangParam(out.page_language));
  out.published_from = params.get("published_from");
  out.published_to = params.get("published_to");
  if (params.has("sort")) {
    std::string sort = params.get("sort");
    if (sort == "relevance") {
      out.sort = SortOrder::kRelevance;
    } else if (sort == "newest") {
      out.sort = SortOrder::kNewest;
    } else if (sort == "oldest") {
      out.sort = SortOrder::kOldest;
    } else if (sort == "title") {
      out.sort = SortOrder::kTitle;
    } else if (sort == "evidence") {
      out.sort = SortOrder::kEvidence;
    } else {
      return Status::InvalidArgument("unknown sort '" + sort +
                                     "'; use relevance, newest, oldest, title or evidence")
          .WithField("sort");
    }
  }
  if (params.has("autocorrect")) {
    const std::string value = params.get("autocorrect");
    if (value != "true" && value != "false") {
      return Status::InvalidArgument("autocorrect must be true or false").WithField("autocorrect");
    }
    out.autocorrect = value == "true";
  }
  // The service checks the ranges against its limits, with precise messages.
  CH_ASSIGN_OR_RETURN(int64_t page, IntParam(params, "page", 1, INT32_MIN, INT32_MAX));
  CH_ASSIGN_OR_RETURN(int64_t per_page, IntParam(params, "per_page", 10, INT32_MIN, INT32_MAX));
  out.page = static_cast<int>(page);
  out.per_page = static_cast<int>(per_page);
  if (params.has("facets")) {
    std::vector<std::string> facets;
    for (auto& f : SplitCommas(params.get("facets"))) {
      if (std::find(facets.begin(), facets.end(), f) == facets.end())
        facets.push_back(std::move(f));
    }
    out.facets = std::move(facets);
  }
  return out;
}

}  // namespace ch
