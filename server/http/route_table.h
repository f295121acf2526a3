// route_table.h: the routes of one HttpServer: method, path pattern, a name for metrics and logs,
// and the handler, with the index-derived ETag and 304 handled here once for the routes that ask.
//
//   RouteTable& routes = ...;               // HttpServer owns it; route groups add to it
//   routes.Add("GET", "/api/v1/search", "search", handler, "no-cache");
//   routes.AllowedMethods("/api/v1/toolkits/x");   // "GET, PUT, PATCH, DELETE, HEAD"
//
// Routes are matched in the order they are added (httplib's rule): fixed paths before patterns.
// Add is called before serving starts, from one thread; AllowedMethods and the handlers run on
// the worker threads and only read.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "server/http/metrics.h"
#include "server/services/search_types.h"

namespace ch {

using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
// The index's (epoch, build, generation), for ETags of index-derived responses.
using IndexVersionSource = std::function<Result<IndexVersion>()>;

class RouteTable {
 public:
  // `server` and `metrics` are not owned and must outlive the table.
  RouteTable(httplib::Server& server, Metrics& metrics, IndexVersionSource index_version);

  // With `index_etag_cache` (the route's Cache-Control), the ETag is derived from the index
  // version and the request, so a matching If-None-Match is answered 304 before any work; other
  // GETs get a hash of the body (HttpServer's post-routing).
  void Add(const std::string& method, const std::string& pattern, const std::string& name,
           Handler handler, const char* index_etag_cache = nullptr);
  // The methods routed for `path`, comma-separated ("" when none), with HEAD after GET. A path
  // that is some route's fixed text has only the methods of the routes with that text.
  std::string AllowedMethods(const std::string& path) const;

  // The route a request on this worker thread matched (for metrics and the access log); set by
  // the wrapped handler, reset by ResetCurrentRoute.
  static size_t CurrentRoute();
  static void ResetCurrentRoute(size_t route);

 private:
  struct Entry {
    std::string method;
    std::regex pattern;
    std::string text;  // the pattern as written
  };

  httplib::Server& server_;
  Metrics& metrics_;
  IndexVersionSource index_version_;
  std::vector<Entry> routes_;
};

// Writes a successful JSON response with a Cache-Control policy.
void WriteJson(httplib::Response& res, std::string body, const char* cache_control = "no-cache");

// A partial answer (some remote shards did not answer): `Cache-Control: no-store` and an
// `X-Missing-Shards` header naming them, and no ETag (neither index-derived nor a body hash), so
// that no client or cache keeps it or revalidates it against a full answer. No-op when `missing`
// is empty.
void MarkPartial(httplib::Response& res, const std::vector<std::string>& missing);
inline constexpr char kNoStore[] = "no-store";
// True when the request's If-None-Match lists `etag`, or is `*` (any current representation:
// call it only for a response that exists, a 200).
bool MatchesIfNoneMatch(const httplib::Request& req, const std::string& etag);
// The ETag of a body that depends only on its own content and the index's epoch (a resource
// page): the same content in another epoch, or under another server version, has another ETag.
std::string ContentEtag(std::string_view epoch, std::string_view body);
// Sets `etag` and answers 304 (empty body) when the request's If-None-Match matches it; call it
// after a handler wrote a 200. Returns whether it answered 304.
bool AnswerIfNotModified(const httplib::Request& req, httplib::Response& res,
                         const std::string& etag);
// The token of an `Authorization: Bearer TOKEN` header, trimmed; "" when there is none.
std::string BearerToken(const httplib::Request& req);

}  // namespace ch
