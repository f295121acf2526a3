// search_routes.h: the public read API: search, suggestions, resource pages, their related
// resources, resources by the batch, the taxonomy, the changes feed and the Atom feed. Each
// handler parses the request, calls one service and writes JSON (or Atom). Index-derived answers
// carry an ETag from the index version (epoch, build, generation); a resource page's ETag comes
// from its own content and the epoch, so other resources' changes leave it valid.
//
//   SearchRoutes search(search_service, catalog_service, public_url);
//   search.Register(routes);
//
// Absolute links (the Atom feed's) start with `public_url` (--public-url), never with the Host
// header. The services and the string are not owned and must outlive the routes. Handlers run on
// many threads at once; the services are thread-safe.
#pragma once

#include <httplib.h>

#include "server/http/route_table.h"
#include "server/services/catalog_service.h"
#include "server/services/search_service.h"

namespace ch {

class SearchRoutes {
 public:
  SearchRoutes(SearchService& search, CatalogService& catalog, const std::string& public_url)
      : search_(search), catalog_(catalog), public_url_(public_url) {}

  void Register(RouteTable& routes);

  void GetSearch(const httplib::Request& req, httplib::Response& res);
  void GetSuggest(const httplib::Request& req, httplib::Response& res);
  void GetResource(const httplib::Request& req, httplib::Response& res);
  void GetRelated(const httplib::Request& req, httplib::Response& res);
  void GetResources(const httplib::Request& req, httplib::Response& res);
  void GetCompare(const httplib::Request& req, httplib::Response& res);
  void GetTaxonomy(const httplib::Request& req, httplib::Response& res);
  void GetChanges(const httplib::Request& req, httplib::Response& res);
  void GetFeed(const httplib::Request& req, httplib::Response& res);

 private:
  SearchService& search_;
  CatalogService& catalog_;
  const std::string& public_url_;  // set once the server is bound
};

}  // namespace ch
