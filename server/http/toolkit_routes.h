// toolkit_routes.h: the toolkit API: build, save, share and export violence-reduction toolkits.
// The rules live in toolkits/ToolkitService; these handlers only move bytes and headers (the
// edit key from `Authorization: Bearer`, the version from If-Match, ETag and Location back).
//
//   ToolkitRoutes toolkits(toolkit_service, options.max_body_bytes);
//   toolkits.Register(routes);
//
// Request bodies over max_body_bytes (at most kMaxToolkitRequestBytes, the model's own limit)
// get 413 before any parsing. The service is not owned and must outlive the routes. Thread-safe.
#pragma once

#include <httplib.h>

#include <cstddef>

#include "server/http/route_table.h"
#include "toolkits/toolkit_service.h"

namespace ch {

class ToolkitRoutes {
 public:
  ToolkitRoutes(ToolkitService& toolkits, size_t max_body_bytes);

  void Register(RouteTable& routes);

  void GetFeaturedToolkits(const httplib::Request& req, httplib::Response& res);
  void PostToolkit(const httplib::Request& req, httplib::Response& res);
  void PostToolkitDraft(const httplib::Request& req, httplib::Response& res);
  void GetToolkit(const httplib::Request& req, httplib::Response& res);
  void PutToolkit(const httplib::Request& req, httplib::Response& res);
  void PatchToolkit(const httplib::Request& req, httplib::Response& res);
  void DeleteToolkit(const httplib::Request& req, httplib::Response& res);
  void PostToolkitCopy(const httplib::Request& req, httplib::Response& res);
  void GetToolkitExport(const httplib::Request& req, httplib::Response& res);

 private:
  // Writes 413 and returns true when the body is over the limit.
  bool BodyTooLarge(const httplib::Request& req, httplib::Response& res) const;

  ToolkitService& toolkits_;
  size_t max_body_bytes_;
};

}  // namespace ch
