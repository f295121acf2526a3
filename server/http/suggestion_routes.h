// suggestion_routes.h: suggestions from the public and the curators' review queue.
//
//   GET   /api/v1/suggestions/form          a form token (the form's start time, signed)
//   POST  /api/v1/suggestions               public; rate-limited per address (WriteKind::
//                                           kSuggestion); 201 with the private status link
//   GET   /api/v1/suggestions/{id}?token=T  the submitter's view of one suggestion
//   GET   /api/v1/curator/suggestions       curators: the queue (?status=&page=&per_page=)
//   GET   /api/v1/curator/suggestions/{id}  curators: one suggestion, email included
//   PATCH /api/v1/curator/suggestions/{id}  curators: accept, decline (with a reason), publish
//
// The rules are SuggestionService's; curator keys are checked by CuratorRoutes::Authenticate
// and decisions go to the audit log. The services are not owned. Thread-safe.
#pragma once

#include <httplib.h>

#include "server/http/client_address.h"
#include "server/http/curator_routes.h"
#include "server/http/route_table.h"
#include "toolkits/suggestion_service.h"

namespace ch {

class SuggestionRoutes {
 public:
  SuggestionRoutes(SuggestionService& suggestions, CuratorRoutes& curator, WriteGuard& guard)
      : suggestions_(suggestions), curator_(curator), guard_(guard) {}

  void Register(RouteTable& routes);

  void GetForm(const httplib::Request& req, httplib::Response& res);
  void PostSuggestion(const httplib::Request& req, httplib::Response& res);
  void GetStatus(const httplib::Request& req, httplib::Response& res);
  void GetQueue(const httplib::Request& req, httplib::Response& res);
  void GetOne(const httplib::Request& req, httplib::Response& res);
  void PatchOne(const httplib::Request& req, httplib::Response& res);

 private:
  SuggestionService& suggestions_;
  CuratorRoutes& curator_;
  WriteGuard& guard_;
};

}  // namespace ch
