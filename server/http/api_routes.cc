// The one route table: every area's routes in the order httplib matches them, static files last.
// Each area's handlers are in its own file (search_routes, toolkit_routes, curator_routes,
// ops_routes) and hold only their own services.
#include "server/http/api_error.h"
#include "server/http/curator_routes.h"
#include "server/http/http_server.h"
#include "server/http/ops_routes.h"
#include "server/http/search_routes.h"
#include "server/http/suggestion_routes.h"
#include "server/http/toolkit_routes.h"

namespace ch {

void HttpServer::RegisterRoutes() {
  search_routes_ =
      std::make_unique<SearchRoutes>(*services_.search, *services_.catalog, options_.public_url);
  ops_routes_ = std::make_unique<OpsRoutes>(*services_.catalog, metrics_, options_.public_url,
                                            services_.startup);
  toolkit_routes_ =
      std::make_unique<ToolkitRoutes>(*services_.toolkits, write_guard_, options_.max_body_bytes);
  curator_routes_ = std::make_unique<CuratorRoutes>(*services_.curator_access, services_.curator,
                                                    write_guard_, options_.writer_url);
  search_routes_->Register(routes_);
  toolkit_routes_->Register(routes_);
  curator_routes_->Register(routes_);
  if (services_.suggestions) {
    suggestion_routes_ = std::make_unique<SuggestionRoutes>(*services_.suggestions,
                                                            *curator_routes_, write_guard_);
    suggestion_routes_->Register(routes_);
  }
  ops_routes_->Register(routes_);
  // Last: everything else under / is a static file of the web front end.
  routes_.Add("GET", R"(/(?!api/).*)", "static",
              [this](const httplib::Request& req, httplib::Response& res) { GetStatic(req, res); });
}

void HttpServer::GetStatic(const httplib::Request& req, httplib::Response& res) {
  if (!static_files_.Serve(req, res)) {
    WriteError(res, 404, "not_found", "nothing here: " + req.path);
  }
}

}  // namespace ch
