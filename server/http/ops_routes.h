// ops_routes.h: what operators and tools read: /healthz (the process is up), /readyz (the index
// is usable, with its status as JSON; while the start-up sync runs, 503 with its progress:
// {"state":"syncing","phase":"indexing","done":1200,"total":20000}), /metrics (Prometheus text)
// and the OpenAPI document.
//
//   OpsRoutes ops(catalog, metrics, public_url, &startup);
//   ops.Register(routes);
//
// The OpenAPI document's `servers` is `public_url`. `catalog`, `metrics`, the string and
// `startup` (may be null: no start-up sync) are not owned and must outlive the routes.
// Thread-safe.
#pragma once

#include <httplib.h>

#include "server/http/metrics.h"
#include "server/http/route_table.h"
#include "server/services/catalog_service.h"
#include "server/services/startup_state.h"

namespace ch {

class OpsRoutes {
 public:
  OpsRoutes(CatalogService& catalog, Metrics& metrics, const std::string& public_url,
            const StartupState* startup = nullptr);

  void Register(RouteTable& routes);

  void GetHealth(const httplib::Request& req, httplib::Response& res);
  void GetReady(const httplib::Request& req, httplib::Response& res);
  void GetMetrics(const httplib::Request& req, httplib::Response& res);
  void GetOpenApi(const httplib::Request& req, httplib::Response& res);

 private:
  CatalogService& catalog_;
  Metrics& metrics_;
  const std::string& public_url_;  // set once the server is bound
  const StartupState* startup_;
};

}  // namespace ch
