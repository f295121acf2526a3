// http_server.h: the HTTP layer. It knows httplib and JSON, not Xapian: every route parses the
// request, calls a service, and writes JSON (or XML, text, a file).
//
// Cross-cutting behaviour lives here, once: the route table (api_routes.cc), JSON errors for every
// failure (404, 405 with Allow, 413, 414, 500 from any exception), CORS for the API with
// configured origins, ETag and 304 Not Modified for GETs, Cache-Control, gzip (httplib compresses
// when the client accepts it), timeouts for slow clients, a body-size limit, one JSON access-log
// line per request, and Prometheus metrics per route.
//
//   HttpServer server(options, services);
//   Result<int> port = server.Bind();   // port 0 picks a free port
//   std::thread t([&] { server.Serve(); });
//   ...
//   server.Stop(); t.join();
//
// Thread-safety: Bind and Serve once each; Stop from any thread. Handlers run on a pool of
// `threads` threads.
#pragma once

#include <httplib.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/http/client_address.h"
#include "server/http/connection_limits.h"
#include "server/http/metrics.h"
#include "server/http/static_files.h"
#include "server/services/api_keys.h"
#include "server/services/audit_log.h"
#include "server/services/catalog_service.h"
#include "server/services/curator_service.h"
#include "server/services/rate_limiter.h"
#include "server/services/search_service.h"
#include "toolkits/toolkit_service.h"

namespace ch {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                        // 0: any free port
  int threads = 8;                        // worker threads
  std::string web_dir = "web";            // static files served at /
  std::vector<std::string> cors_origins;  // allowed Origins for /api; "*" allows any
  std::chrono::seconds read_timeout{5};
  std::chrono::seconds write_timeout{5};
  std::chrono::seconds keep_alive_timeout{5};
  size_t keep_alive_max_requests = 1000;
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
  bool access_log = true;           // one JSON line per request on `log`
  std::ostream* log = nullptr;      // default std::clog
  std::string writer_url;           // named to curators when this node is read-only
  // Slow and hostile clients (docs/deployment.md). `threads`, `read_timeout` (the total deadline
  // for a request's headers and body), `keep_alive_timeout` and `max_body_bytes` override the
  // matching fields of `connections`.
  ConnectionLimits connections;
  WriteLimits write_limits;                  // per client address
  std::vector<std::string> trusted_proxies;  // X-Forwarded-For is read only from these peers
  std::string public_url;  // base of absolute links; "" = http://host:port once bound
};

// The services the routes call; not owned, must outlive the server. `curator` is null on a
// read-only node; `keys`, `audit` and `limiter` are always set.
struct ApiServices {
  SearchService* search = nullptr;
  CatalogService* catalog = nullptr;
  CuratorService* curator = nullptr;
  ApiKeyStore* keys = nullptr;
  AuditLog* audit = nullptr;
  RateLimiter* limiter = nullptr;
  ToolkitService* toolkits = nullptr;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, ApiServices services);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; returns the port (useful with port 0).
  Result<int> Bind();
  // Serves until Stop(). Returns false when the server could not listen.
  bool Serve();
  void Stop();
  bool running() const { return server_.is_running(); }

  Metrics& metrics() { return metrics_; }

 private:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  struct RouteEntry {
    std::string method;
    std::regex pattern;
    size_t metrics_index;
  };

  // The one route table (api_routes.cc).
  void RegisterRoutes();
  // With `index_etag_cache` (the route's Cache-Control), the ETag is derived from the index
  // version and the request, so a matching If-None-Match is answered 304 before any work; other
  // GETs get a hash of the body.
  void AddRoute(const std::string& method, const std::string& pattern, const std::string& name,
                Handler handler, const char* index_etag_cache = nullptr);
  void InstallMiddleware();
  std::string AllowedMethods(const std::string& path) const;
  void ApplyCors(const httplib::Request& req, httplib::Response& res) const;
  void WriteAccessLog(const httplib::Request& req, const httplib::Response& res, double seconds);

  // Route handlers, named verb + resource.
  void GetSearch(const httplib::Request& req, httplib::Response& res);
  void GetSuggest(const httplib::Request& req, httplib::Response& res);
  void GetResource(const httplib::Request& req, httplib::Response& res);
  void GetTaxonomy(const httplib::Request& req, httplib::Response& res);
  void GetChanges(const httplib::Request& req, httplib::Response& res);
  void GetOpenApi(const httplib::Request& req, httplib::Response& res);
  void GetFeed(const httplib::Request& req, httplib::Response& res);
  void GetHealth(const httplib::Request& req, httplib::Response& res);
  void GetReady(const httplib::Request& req, httplib::Response& res);
  void GetMetrics(const httplib::Request& req, httplib::Response& res);
  void GetStatic(const httplib::Request& req, httplib::Response& res);
  // Curator routes (curator_routes.cc).
  void PostCuratorResource(const httplib::Request& req, httplib::Response& res);
  void PutCuratorResource(const httplib::Request& req, httplib::Response& res);
  void DeleteCuratorResource(const httplib::Request& req, httplib::Response& res);
  void GetCuratorSource(const httplib::Request& req, httplib::Response& res);
  void PostCuratorValidate(const httplib::Request& req, httplib::Response& res);
  void GetCuratorAudit(const httplib::Request& req, httplib::Response& res);
  // The key's name, or nullopt after writing the 401/403/429/503 answer.
  std::optional<std::string> AuthenticateCurator(const httplib::Request& req,
                                                 httplib::Response& res);
  void Audit(const httplib::Request& req, const std::string& key, const std::string& action,
             const std::string& id, const std::string& content_hash, const Status& result);
  // Toolkit routes (toolkit_routes.cc).
  void GetFeaturedToolkits(const httplib::Request& req, httplib::Response& res);
  void PostToolkit(const httplib::Request& req, httplib::Response& res);
  void PostToolkitDraft(const httplib::Request& req, httplib::Response& res);
  void GetToolkit(const httplib::Request& req, httplib::Response& res);
  void PutToolkit(const httplib::Request& req, httplib::Response& res);
  void PatchToolkit(const httplib::Request& req, httplib::Response& res);
  void DeleteToolkit(const httplib::Request& req, httplib::Response& res);
  void PostToolkitCopy(const httplib::Request& req, httplib::Response& res);
  void GetToolkitExport(const httplib::Request& req, httplib::Response& res);
  // Writes 413 and returns true when a toolkit request body is over its limit.
  bool ToolkitBodyTooLarge(const httplib::Request& req, httplib::Response& res);
  void WriteCuratorOutcome(const httplib::Request& req, httplib::Response& res,
                           const std::string& key, const std::string& action,
                           const CuratorOutcome& outcome);

  HttpServerOptions options_;
  ApiServices services_;
  GuardedServer server_;
  WriteGuard write_guard_;
  StaticFiles static_files_;
  Metrics metrics_;
  std::vector<RouteEntry> routes_;
  size_t unmatched_route_ = 0;
  std::ostream* log_;
};

// Writes a successful JSON response with a Cache-Control policy.
void WriteJson(httplib::Response& res, std::string body, const char* cache_control = "no-cache");

}  // namespace ch
