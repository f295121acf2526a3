// The route table and the handlers of the public API. Handlers parse, call one service, write.
#include <string>

#include "server/http/api_error.h"
#include "server/http/atom_feed.h"
#include "server/http/http_server.h"
#include "server/http/openapi_document.h"
#include "server/http/public_url.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"

namespace ch {
namespace {
constexpr char kFeedCacheControl[] = "public, max-age=300";
}  // namespace

void HttpServer::RegisterRoutes() {
  using R = httplib::Request;
  using S = httplib::Response;
  auto bind = [this](void (HttpServer::*handler)(const R&, S&)) {
    return [this, handler](const R& req, S& res) { (this->*handler)(req, res); };
  };
  const char* kRevalidate = "no-cache";  // index-derived: cache, but ask (ETag) every time
  const char* kFeedCache = kFeedCacheControl;
  // method, path pattern, route name, handler, Cache-Control of an index-derived ETag
  AddRoute("GET", "/api/v1/search", "search", bind(&HttpServer::GetSearch), kRevalidate);
  AddRoute("GET", "/api/v1/suggest", "suggest", bind(&HttpServer::GetSuggest), kRevalidate);
  AddRoute("GET", R"(/api/v1/resources/([^/]+))", "resource", bind(&HttpServer::GetResource),
           kRevalidate);
  AddRoute("GET", "/api/v1/taxonomy", "taxonomy", bind(&HttpServer::GetTaxonomy), kRevalidate);
  AddRoute("GET", "/api/v1/changes", "changes", bind(&HttpServer::GetChanges), kRevalidate);
  AddRoute("GET", "/api/v1/openapi.json", "openapi", bind(&HttpServer::GetOpenApi));
  AddRoute("GET", "/feed.atom", "feed", bind(&HttpServer::GetFeed), kFeedCache);
  // Toolkits: the fixed paths before the {id} ones.
  AddRoute("GET", "/api/v1/toolkits/featured", "toolkits_featured",
           bind(&HttpServer::GetFeaturedToolkits));
  AddRoute("POST", "/api/v1/toolkits/draft", "toolkit_draft", bind(&HttpServer::PostToolkitDraft));
  AddRoute("POST", "/api/v1/toolkits", "toolkit_create", bind(&HttpServer::PostToolkit));
  AddRoute("GET", R"(/api/v1/toolkits/([^/]+))", "toolkit", bind(&HttpServer::GetToolkit));
  AddRoute("PUT", R"(/api/v1/toolkits/([^/]+))", "toolkit_replace", bind(&HttpServer::PutToolkit));
  AddRoute("PATCH", R"(/api/v1/toolkits/([^/]+))", "toolkit_patch",
           bind(&HttpServer::PatchToolkit));
  AddRoute("DELETE", R"(/api/v1/toolkits/([^/]+))", "toolkit_delete",
           bind(&HttpServer::DeleteToolkit));
  AddRoute("POST", R"(/api/v1/toolkits/([^/]+)/copy)", "toolkit_copy",
           bind(&HttpServer::PostToolkitCopy));
  AddRoute("GET", R"(/api/v1/toolkits/([^/]+)/export)", "toolkit_export",
           bind(&HttpServer::GetToolkitExport));
  AddRoute("POST", "/api/v1/curator/resources", "curator_create",
           bind(&HttpServer::PostCuratorResource));
  AddRoute("PUT", R"(/api/v1/curator/resources/([^/]+))", "curator_replace",
           bind(&HttpServer::PutCuratorResource));
  AddRoute("DELETE", R"(/api/v1/curator/resources/([^/]+))", "curator_delete",
           bind(&HttpServer::DeleteCuratorResource));
  AddRoute("GET", R"(/api/v1/curator/resources/([^/]+)/source)", "curator_source",
           bind(&HttpServer::GetCuratorSource));
  AddRoute("POST", "/api/v1/curator/validate", "curator_validate",
           bind(&HttpServer::PostCuratorValidate));
  AddRoute("GET", "/api/v1/curator/audit", "curator_audit", bind(&HttpServer::GetCuratorAudit));
  AddRoute("GET", "/healthz", "healthz", bind(&HttpServer::GetHealth));
  AddRoute("GET", "/readyz", "readyz", bind(&HttpServer::GetReady));
  AddRoute("GET", "/metrics", "metrics", bind(&HttpServer::GetMetrics));
  // Last: everything else under / is a static file of the web front end.
  AddRoute("GET", R"(/(?!api/).*)", "static", bind(&HttpServer::GetStatic));

  metrics_.SetGauges([this] {
    IndexStatus status = services_.catalog->CheckIndex();
    std::string shards;
    if (!status.shards.empty()) {
      shards =
          "# HELP clearinghouse_shard_up 1 when the remote shard answers.\n"
          "# TYPE clearinghouse_shard_up gauge\n";
      for (const auto& s : status.shards) {
        shards += "clearinghouse_shard_up{shard=\"" + s.name + "\"} " + (s.up ? "1" : "0") + "\n";
      }
      shards +=
          "# HELP clearinghouse_shard_failures_total Times the remote shard was found down.\n"
          "# TYPE clearinghouse_shard_failures_total counter\n";
      for (const auto& s : status.shards) {
        shards += "clearinghouse_shard_failures_total{shard=\"" + s.name + "\"} " +
                  std::to_string(s.failures) + "\n";
      }
    }
    return shards +
           "# HELP clearinghouse_index_documents Documents in the live index.\n"
           "# TYPE clearinghouse_index_documents gauge\n"
           "clearinghouse_index_documents " +
           std::to_string(status.documents) +
           "\n"
           "# HELP clearinghouse_index_generation Change generation of the live index.\n"
           "# TYPE clearinghouse_index_generation gauge\n"
           "clearinghouse_index_generation " +
           std::to_string(status.generation) +
           "\n"
           "# HELP clearinghouse_index_ready 1 when the index is open and searchable.\n"
           "# TYPE clearinghouse_index_ready gauge\n"
           "clearinghouse_index_ready " +
           std::string(status.ready ? "1" : "0") + "\n";
  });
}

void HttpServer::GetSearch(const httplib::Request& req, httplib::Response& res) {
  Result<SearchRequest> request = ParseSearchParams(QueryParams::FromTarget(req.target));
  if (!request.ok()) return WriteError(res, request.status());
  Result<SearchResponse> response = services_.search->Search(*request);
  if (!response.ok()) return WriteError(res, response.status());
  WriteJson(res, EncodeSearchResponse(*response));
}

void HttpServer::GetSuggest(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"q"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<std::vector<Suggestion>> suggestions = services_.catalog->Suggest(params.get("q"));
  if (!suggestions.ok()) return WriteError(res, suggestions.status());
  WriteJson(res, EncodeSuggestions(*suggestions));
}

void HttpServer::GetResource(const httplib::Request& req, httplib::Response& res) {
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<ResourcePage> page = services_.catalog->GetResource(req.matches[1]);
  if (!page.ok()) return WriteError(res, page.status());
  WriteJson(res, EncodeResourcePage(*page));
}

void HttpServer::GetTaxonomy(const httplib::Request& req, httplib::Response& res) {
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<TaxonomyView> view = services_.catalog->GetTaxonomy();
  if (!view.ok()) return WriteError(res, view.status());
  WriteJson(res, EncodeTaxonomy(*view));
}

void HttpServer::GetChanges(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"since"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> since = IntParam(params, "since", 0, 0, INT64_MAX);
  if (!since.ok()) return WriteError(res, since.status());
  Result<ChangeSet> changes = services_.catalog->Changes(static_cast<uint64_t>(*since));
  if (!changes.ok()) return WriteError(res, changes.status());
  WriteJson(res, EncodeChanges(*changes));
}

void HttpServer::GetOpenApi(const httplib::Request&, httplib::Response& res) {
  WriteJson(res, OpenApiWithServer(OpenApiDocument(), options_.public_url), "public, max-age=3600");
}

void HttpServer::GetFeed(const httplib::Request& req, httplib::Response& res) {
  Result<SearchRequest> request = ParseSearchParams(QueryParams::FromTarget(req.target));
  if (!request.ok()) return WriteError(res, request.status());
  request->sort = SortOrder::kNewest;
  request->facets = std::vector<std::string>{};
  if (!QueryParams::FromTarget(req.target).has("per_page")) request->per_page = 20;
  Result<SearchResponse> response = services_.search->Search(*request);
  if (!response.ok()) return WriteError(res, response.status());
  const std::string& base = options_.public_url;  // never the Host header
  res.status = 200;
  res.set_content(RenderAtomFeed(*response, base, base + req.target),
                  "application/atom+xml; charset=utf-8");
  res.set_header("Cache-Control", kFeedCacheControl);
}

void HttpServer::GetHealth(const httplib::Request&, httplib::Response& res) {
  WriteJson(res, R"({"status":"ok"})", "no-store");
}

void HttpServer::GetReady(const httplib::Request&, httplib::Response& res) {
  IndexStatus status = services_.catalog->CheckIndex();
  WriteJson(res, EncodeIndexStatus(status), "no-store");
  if (!status.ready) res.status = 503;
}

void HttpServer::GetMetrics(const httplib::Request&, httplib::Response& res) {
  res.status = 200;
  res.set_content(metrics_.Render(), "text/plain; version=0.0.4; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
}

void HttpServer::GetStatic(const httplib::Request& req, httplib::Response& res) {
  if (!static_files_.Serve(req, res)) {
    WriteError(res, 404, "not_found", "nothing here: " + req.path);
  }
}

}  // namespace ch
