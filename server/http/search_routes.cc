#include "server/http/search_routes.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "server/http/api_error.h"
#include "server/http/atom_feed.h"
#include "server/http/page_language.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"

namespace ch {
namespace {
constexpr char kRevalidate[] = "no-cache";  // index-derived: cache, but ask (ETag) every time
// Answers that no client stores against a generation (docs/api.md, "HTTP behaviour"): a browser
// may show one up to a minute old while it revalidates in the background.
constexpr char kRevalidateLazily[] = "max-age=0, stale-while-revalidate=60";
constexpr char kFeedCacheControl[] = "public, max-age=300";

// "a,b,c" -> {"a", "b", "c"}; an empty element is an error.
Result<std::vector<std::string>> SplitIds(const std::string& text) {
  std::vector<std::string> ids;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string id =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (id.empty()) {
      return Status::InvalidArgument(
                 "ids must be resource ids separated by commas, with none empty")
          .WithField("ids");
    }
    ids.push_back(std::move(id));
    if (comma == std::string::npos) return ids;
    start = comma + 1;
  }
}

// Accept-Encoding lists gzip (and does not refuse it with q=0).
bool AcceptsGzip(const httplib::Request& req) {
  std::string accept = req.get_header_value("Accept-Encoding");
  for (char& c : accept) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t at = accept.find("gzip");
  if (at == std::string::npos) return false;
  size_t end = accept.find(',', at);
  std::string params = accept.substr(at + 4, end == std::string::npos ? end : end - at - 4);
  params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
  return params.rfind(";q=0", 0) != 0 || params.rfind(";q=0.", 0) == 0;
}

}  // namespace

void SearchRoutes::Register(RouteTable& routes) {
  auto bind = [this](void (SearchRoutes::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  // method, path pattern, route name, handler, Cache-Control of an index-derived ETag
  routes.Add("GET", "/api/v1/search", "search", bind(&SearchRoutes::GetSearch), kRevalidate);
  routes.Add("GET", "/api/v1/suggest", "suggest", bind(&SearchRoutes::GetSuggest),
             kRevalidateLazily);
  routes.Add("GET", "/api/v1/resources", "resources", bind(&SearchRoutes::GetResources),
             kRevalidate);
  // Its ETag comes from its content (the handler), not from the index version.
  routes.Add("GET", R"(/api/v1/resources/([^/]+))", "resource", bind(&SearchRoutes::GetResource));
  routes.Add("GET", R"(/api/v1/resources/([^/]+)/related)", "related",
             bind(&SearchRoutes::GetRelated), kRevalidateLazily);
  // Its labels come from the taxonomy files, whose hash (translations included) is the index's:
  // a changed translation re-indexes, so the index ETag changes with it.
  routes.Add("GET", "/api/v1/taxonomy", "taxonomy", bind(&SearchRoutes::GetTaxonomy),
             kRevalidateLazily);
  routes.Add("GET", "/api/v1/compare", "compare", bind(&SearchRoutes::GetCompare), kRevalidate);
  routes.Add("GET", "/api/v1/changes", "changes", bind(&SearchRoutes::GetChanges), kRevalidate);
  routes.Add("GET", "/feed.atom", "feed", bind(&SearchRoutes::GetFeed), kFeedCacheControl);
}

void SearchRoutes::GetSearch(const httplib::Request& req, httplib::Response& res) {
  Result<SearchRequest> request = ParseSearchParams(QueryParams::FromTarget(req.target));
  if (!request.ok()) return WriteError(res, request.status());
  request->page_language =
      PageLanguage(request->page_language, req.get_header_value("Accept-Language"));
  Result<SearchResponse> response = search_.Search(*request);
  if (!response.ok()) return WriteError(res, response.status());
  WriteJson(res, EncodeSearchResponse(*response));
  // The order and the facet labels depend on it (without lang=).
  res.set_header("Vary", "Accept-Language");
  res.set_header("Content-Language", ContentLanguage(request->page_language));
  MarkPartial(res, response->missing_shards);
}

void SearchRoutes::GetSuggest(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"q"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<SuggestionList> suggestions = catalog_.Suggest(params.get("q"));
  if (!suggestions.ok()) return WriteError(res, suggestions.status());
  WriteJson(res, EncodeSuggestions(*suggestions));
  MarkPartial(res, suggestions->missing_shards);
}

void SearchRoutes::GetResource(const httplib::Request& req, httplib::Response& res) {
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<ResourcePage> page = catalog_.GetResource(req.matches[1]);
  if (!page.ok()) return WriteError(res, page.status());
  std::string body = EncodeResourcePage(*page);
  std::string etag = ContentEtag(page->epoch, body);
  WriteJson(res, std::move(body), kRevalidate);
  // The resource's own words are in its language, whatever the reader's.
  if (!page->resource.language.empty()) {
    res.set_header("Content-Language", page->resource.language);
  }
  AnswerIfNotModified(req, res, etag);
}

void SearchRoutes::GetRelated(const httplib::Request& req, httplib::Response& res) {
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<RelatedList> related = catalog_.Related(req.matches[1]);
  if (!related.ok()) return WriteError(res, related.status());
  WriteJson(res, EncodeRelated(*related), kRevalidateLazily);
}

void SearchRoutes::GetResources(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"ids"});
  if (!checked.ok()) return WriteError(res, checked);
  if (!params.has("ids")) {
    return WriteError(res, Status::InvalidArgument("ids is required: up to 100 resource ids, "
                                                   "comma-separated")
                               .WithField("ids"));
  }
  Result<std::vector<std::string>> ids = SplitIds(params.get("ids"));
  if (!ids.ok()) return WriteError(res, ids.status());
  Result<ResourceBatch> batch = catalog_.Resources(*ids);
  if (!batch.ok()) return WriteError(res, batch.status());
  WriteJson(res, EncodeResourceBatch(*batch));
}

void SearchRoutes::GetCompare(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"ids"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<Comparison> comparison = catalog_.Compare(SplitCommas(params.get("ids")));
  if (!comparison.ok()) return WriteError(res, comparison.status());
  WriteJson(res, EncodeComparison(*comparison));
}

void SearchRoutes::GetTaxonomy(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"lang"});
  if (!checked.ok()) return WriteError(res, checked);
  checked = CheckLangParam(params.get("lang"));
  if (!checked.ok()) return WriteError(res, checked);
  const std::string lang =
      PageLanguage(params.get("lang"), req.get_header_value("Accept-Language"));
  Result<TaxonomyView> view = catalog_.GetTaxonomy(lang);
  if (!view.ok()) return WriteError(res, view.status());
  WriteJson(res, EncodeTaxonomy(*view));
  if (!params.has("lang")) res.set_header("Vary", "Accept-Language");
  res.set_header("Content-Language", view->language);
  MarkPartial(res, view->missing_shards);
}

void SearchRoutes::GetChanges(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"since", "epoch", "include"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> since = IntParam(params, "since", 0, 0, INT64_MAX);
  if (!since.ok()) return WriteError(res, since.status());
  ChangesRequest request{static_cast<uint64_t>(*since), params.get("epoch"), false};
  if (params.has("include")) {
    if (params.get("include") != "resources") {
      return WriteError(
          res, Status::InvalidArgument("include may only be 'resources'").WithField("include"));
    }
    request.include_resources = true;
  }
  if (params.has("epoch") && request.epoch.empty()) {
    return WriteError(res, Status::InvalidArgument("epoch is empty: give the epoch of the last "
                                                   "answer, or leave it out")
                               .WithField("epoch"));
  }
  Result<ChangeSet> changes = catalog_.Changes(request);
  if (changes.status().code() == Status::Code::kGone) {
    Result<IndexVersion> now = catalog_.CurrentVersion();
    if (!now.ok()) return WriteError(res, now.status());
    return WriteErrorWithVersion(res, changes.status(), now->epoch, now->generation);
  }
  if (!changes.ok()) return WriteError(res, changes.status());
  WriteJson(res, EncodeChanges(*changes));
}

void SearchRoutes::GetFeed(const httplib::Request& req, httplib::Response& res) {
  Result<SearchRequest> request = ParseSearchParams(QueryParams::FromTarget(req.target));
  if (!request.ok()) return WriteError(res, request.status());
  request->sort = SortOrder::kNewest;
  request->facets = std::vector<std::string>{};
  if (!QueryParams::FromTarget(req.target).has("per_page")) request->per_page = 20;
  Result<SearchResponse> response = search_.Search(*request);
  if (!response.ok()) return WriteError(res, response.status());
  const std::string& base = public_url_;  // never the Host header
  res.status = 200;
  std::string feed = RenderAtomFeed(*response, base, base + req.target);
  // httplib compresses only the content types it knows, and Atom is not one of them.
  if (AcceptsGzip(req)) {
    std::string gzipped;
    httplib::detail::gzip_compressor compressor;
    if (compressor.compress(feed.data(), feed.size(), /*last=*/true,
                            [&](const char* data, size_t n) {
                              gzipped.append(data, n);
                              return true;
                            })) {
      feed = std::move(gzipped);
      res.set_header("Content-Encoding", "gzip");
    }
  }
  res.set_content(std::move(feed), "application/atom+xml; charset=utf-8");
  res.set_header("Cache-Control", kFeedCacheControl);
  MarkPartial(res, response->missing_shards);  // Atom has no place for it: a header says so
}

}  // namespace ch
