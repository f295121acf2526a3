// curator_routes.h: the curator API: authenticated changes to the library while the server runs
// (create, replace, delete, source, validate, audit). Authentication, throttling and the audit
// trail are CuratorAccess's rules; the changes are CuratorService's. These handlers move bytes,
// headers and status codes.
//
//   CuratorRoutes curator(access, curator_service_or_null, write_guard, writer_url);
//   curator.Register(routes);
//
// On a read-only node `curator` is null: every curator route answers 503 read_only, naming
// `writer_url` when there is one. The services are not owned and must outlive the routes.
// Thread-safe.
#pragma once

#include <httplib.h>

#include <optional>
#include <string>

#include "server/http/client_address.h"
#include "server/http/route_table.h"
#include "server/services/curator_access.h"
#include "server/services/curator_service.h"

namespace ch {

class CuratorRoutes {
 public:
  // `guard` names the client (behind --trusted-proxy too) and limits its curator calls.
  CuratorRoutes(CuratorAccess& access, CuratorService* curator, WriteGuard& guard,
                std::string writer_url)
      : access_(access), curator_(curator), guard_(guard), writer_url_(std::move(writer_url)) {}

  void Register(RouteTable& routes);

  void PostCuratorResource(const httplib::Request& req, httplib::Response& res);
  void PutCuratorResource(const httplib::Request& req, httplib::Response& res);
  void DeleteCuratorResource(const httplib::Request& req, httplib::Response& res);
  void GetCuratorSource(const httplib::Request& req, httplib::Response& res);
  void PostCuratorValidate(const httplib::Request& req, httplib::Response& res);
  void GetCuratorAudit(const httplib::Request& req, httplib::Response& res);
  void GetCuratorVersion(const httplib::Request& req, httplib::Response& res);
  void GetCuratorSession(const httplib::Request& req, httplib::Response& res);

  // The key's name, or nullopt after writing the 401/403/429/503 answer. Other curator route
  // groups (suggestion_routes.h) check keys through this too.
  std::optional<std::string> Authenticate(const httplib::Request& req, httplib::Response& res);
  CuratorAccess& access() { return access_; }

 private:
  void WriteOutcome(const httplib::Request& req, httplib::Response& res, const std::string& key,
                    const std::string& action, const CuratorOutcome& outcome,
                    const std::string& previous_hash = "", bool forced = false);

  CuratorAccess& access_;
  CuratorService* curator_;
  WriteGuard& guard_;
  std::string writer_url_;
};

}  // namespace ch
