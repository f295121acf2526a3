// http_server.h: the HTTP layer's server. It knows httplib and JSON, not Xapian: route groups
// (one per area, each holding only its own service) parse requests, call a service and write
// JSON; this class owns them, the route table and what cuts across every route.
//
// Cross-cutting behaviour lives here, once: JSON errors for every failure (404, 405 with Allow,
// 413, 414, 500 from any exception), CORS for the API with configured origins, ETag and 304 Not
// Modified for GETs, Cache-Control, gzip (httplib compresses when the client accepts it),
// timeouts for slow clients, a body-size limit, one JSON access-log line per request, and
// Prometheus metrics per route. The route table itself is RegisterRoutes (api_routes.cc).
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
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "base/status.h"
#include "server/http/client_address.h"
#include "server/http/connection_limits.h"
#include "server/http/metrics.h"
#include "server/http/route_table.h"
#include "server/http/static_files.h"

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

class CatalogService;
class CuratorAccess;
class CuratorService;
class SearchService;
class ToolkitService;
class SuggestionService;
class SuggestionRoutes;
class SearchRoutes;
class ToolkitRoutes;
class CuratorRoutes;
class OpsRoutes;
class StartupState;

// The services the routes call; not owned, must outlive the server. `curator` is null on a
// read-only node; the others are always set.
struct ApiServices {
  SearchService* search = nullptr;
  CatalogService* catalog = nullptr;
  CuratorService* curator = nullptr;
  CuratorAccess* curator_access = nullptr;
  ToolkitService* toolkits = nullptr;
  // Where start-up stands (startup_state.h): gates the public and curator API and feeds /readyz.
  // May be null: always ready.
  const StartupState* startup = nullptr;
  // Suggestions from the public (toolkits/suggestion_service.h).
  SuggestionService* suggestions = nullptr;
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
  // The one route table (api_routes.cc): each area's routes, then static files.
  void RegisterRoutes();
  void InstallPreRouting();
  // 503 "starting" for the API routes that must wait for the start-up sync; false otherwise.
  // 405 with Allow for a method that a known route path does not take (GET on a POST-only
  // route too), before authentication or any other work.
  bool RefuseMethod(const httplib::Request& req, httplib::Response& res) const;
  bool RefuseWhileStarting(const httplib::Request& req, httplib::Response& res) const;
  void InstallPostRouting();
  void InstallErrorHandler();
  void InstallExceptionHandler();
  void InstallLogger();
  void WriteErrorFor(const httplib::Request& req, httplib::Response& res);
  void ApplyCors(const httplib::Request& req, httplib::Response& res) const;
  void WriteAccessLog(const httplib::Request& req, const httplib::Response& res, double seconds);
  void GetStatic(const httplib::Request& req, httplib::Response& res);

  HttpServerOptions options_;
  ApiServices services_;
  GuardedServer server_;
  WriteGuard write_guard_;
  StaticFiles static_files_;
  Metrics metrics_;
  RouteTable routes_;
  std::unique_ptr<SearchRoutes> search_routes_;
  std::unique_ptr<ToolkitRoutes> toolkit_routes_;
  std::unique_ptr<CuratorRoutes> curator_routes_;
  std::unique_ptr<SuggestionRoutes> suggestion_routes_;
  std::unique_ptr<OpsRoutes> ops_routes_;
  size_t unmatched_route_ = 0;
  std::ostream* log_;
  std::mutex log_mutex_;  // one access-log line at a time
};

}  // namespace ch
