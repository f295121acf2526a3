#include "server/http/search_routes.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "server/http/api_error.h"
#include "server/http/atom_feed.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"

namespace ch {
namespace {
constexpr char kRevalidate[] = "no-cache";  // index-derived: cache, but ask (ETag) every time
constexpr char kFeedCacheControl[] = "public, max-age=300";

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
  routes.Add("GET", "/api/v1/suggest", "suggest", bind(&SearchRoutes::GetSuggest), kRevalidate);
  routes.Add("GET", R"(/api/v1/resources/([^/]+))", "resource", bind(&SearchRoutes::GetResource),
             kRevalidate);
  routes.Add("GET", "/api/v1/taxonomy", "taxonomy", bind(&SearchRoutes::GetTaxonomy), kRevalidate);
  routes.Add("GET", "/api/v1/changes", "changes", bind(&SearchRoutes::GetChanges), kRevalidate);
  routes.Add("GET", "/feed.atom", "feed", bind(&SearchRoutes::GetFeed), kFeedCacheControl);
}

void SearchRoutes::GetSearch(const httplib::Request& req, httplib::Response& res) {
  Result<SearchRequest> request = ParseSearchParams(QueryParams::FromTarget(req.target));
  if (!request.ok()) return WriteError(res, request.status());
  Result<SearchResponse> response = search_.Search(*request);
  if (!response.ok()) return WriteError(res, response.status());
  WriteJson(res, EncodeSearchResponse(*response));
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
  WriteJson(res, EncodeResourcePage(*page));
}

void SearchRoutes::GetTaxonomy(const httplib::Request& req, httplib::Response& res) {
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<TaxonomyView> view = catalog_.GetTaxonomy();
  if (!view.ok()) return WriteError(res, view.status());
  WriteJson(res, EncodeTaxonomy(*view));
  MarkPartial(res, view->missing_shards);
}

void SearchRoutes::GetChanges(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"since"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> since = IntParam(params, "since", 0, 0, INT64_MAX);
  if (!since.ok()) return WriteError(res, since.status());
  Result<ChangeSet> changes = catalog_.Changes(static_cast<uint64_t>(*since));
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
