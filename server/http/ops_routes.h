// ops_routes.h: what operators and tools read: /healthz (the process is up), /readyz (the index
// is usable, with its status as JSON), /metrics (Prometheus text) and the OpenAPI document.
//
//   OpsRoutes ops(catalog, metrics);
//   ops.Register(routes);
//
// `catalog` and `metrics` are not owned and must outlive the routes. Thread-safe.
#pragma once

#include <httplib.h>

#include "server/http/metrics.h"
#include "server/http/route_table.h"
#include "server/services/catalog_service.h"

namespace ch {

class OpsRoutes {
 public:
  OpsRoutes(CatalogService& catalog, Metrics& metrics);

  void Register(RouteTable& routes);

  void GetHealth(const httplib::Request& req, httplib::Response& res);
  void GetReady(const httplib::Request& req, httplib::Response& res);
  void GetMetrics(const httplib::Request& req, httplib::Response& res);
  void GetOpenApi(const httplib::Request& req, httplib::Response& res);

 private:
  CatalogService& catalog_;
  Metrics& metrics_;
};

}  // namespace ch
