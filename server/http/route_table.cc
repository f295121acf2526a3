#include "server/http/route_table.h"

#include "server/http/api_error.h"
#include "server/http/request_encoding.h"
#include "server/http/request_params.h"

#include "base/hash.h"

namespace ch {
namespace {

// Part of every index-derived ETag, so that a new server version never revalidates old bodies.
const std::string kApiRevision = "api-1:";

thread_local size_t tls_route = 0;

std::string IndexEtag(const IndexVersion& version, const httplib::Request& req) {
  // The body depends on the index, the URL (links use --public-url, never the Host) and, for
  // search, Accept-Language (the page's language when no lang=). The epoch keeps a rebuilt index
  // that happens to reach the same numbers from matching.
  return "\"" +
         Fnv1a64Hex(kApiRevision + version.epoch + ":" + std::to_string(version.build) + ":" +
                    std::to_string(version.generation) + ":" + req.target + "\n" +
                    req.get_header_value("Accept-Language")) +
         "\"";
}

bool IsWildcard(const std::string& if_none_match) {
  size_t first = if_none_match.find_first_not_of(' ');
  size_t last = if_none_match.find_last_not_of(' ');
  return first != std::string::npos && if_none_match.substr(first, last - first + 1) == "*";
}

}  // namespace

RouteTable::RouteTable(httplib::Server& server, Metrics& metrics, IndexVersionSource index_version)
    : server_(server), metrics_(metrics), index_version_(std::move(index_version)) {}

size_t RouteTable::CurrentRoute() { return tls_route; }
void RouteTable::ResetCurrentRoute(size_t route) { tls_route = route; }

void RouteTable::Add(const std::string& method, const std::string& pattern, const std::string& name,
                     Handler handler, const char* index_etag_cache) {
  size_t index = metrics_.AddRoute(name);
  routes_.push_back({method, std::regex(pattern), pattern});
  Handler wrapped = [this, index, index_etag_cache, handler = std::move(handler)](
                        const httplib::Request& req, httplib::Response& res) {
    tls_route = index;
    if (std::optional<std::string> bad = InvalidEncodingInBody(req)) {
      return WriteInvalidEncoding(res, *bad);
    }
    // No POST, PUT or PATCH route takes query parameters: a stray one is a mistake to report,
    // as on GET routes (DELETE routes check their own).
    if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
      Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
      if (!checked.ok()) return WriteError(res, checked);
    }
    if (!index_etag_cache) return handler(req, res);
    Result<IndexVersion> version = index_version_();
    if (!version.ok()) return handler(req, res);  // the handler reports the problem
    std::string etag = IndexEtag(*version, req);
    // `*` matches only an answer that exists: decided after the handler ran (below).
    if (!IsWildcard(req.get_header_value("If-None-Match")) && MatchesIfNoneMatch(req, etag)) {
      res.status = 304;
      res.set_header("ETag", etag);
      res.set_header("Cache-Control", index_etag_cache);
      return;
    }
    handler(req, res);
    if (res.status == 200 && res.get_header_value("Cache-Control") != kNoStore) {
      AnswerIfNotModified(req, res, etag);
    }
  };
  if (method == "GET") {
    server_.Get(pattern, wrapped);
  } else if (method == "POST") {
    server_.Post(pattern, wrapped);
  } else if (method == "PUT") {
    server_.Put(pattern, wrapped);
  } else if (method == "PATCH") {
    server_.Patch(pattern, wrapped);
  } else if (method == "DELETE") {
    server_.Delete(pattern, wrapped);
  }
}

std::string RouteTable::AllowedMethods(const std::string& path) const {
  // A fixed path (POST /api/v1/toolkits/draft) is its own resource, even when a pattern
  // (GET /api/v1/toolkits/{id}) also matches it: only its own methods are allowed.
  bool fixed = false;
  for (const auto& route : routes_) fixed |= route.text == path;
  std::string allowed;
  for (const auto& route : routes_) {
    if (fixed ? route.text != path : !std::regex_match(path, route.pattern)) continue;
    if (allowed.find(route.method) != std::string::npos) continue;
    allowed += (allowed.empty() ? "" : ", ") + route.method;
  }
  if (allowed.find("GET") != std::string::npos) allowed += ", HEAD";
  return allowed;
}

void WriteJson(httplib::Response& res, std::string body, const char* cache_control) {
  res.status = 200;
  res.set_content(std::move(body), "application/json");
  res.set_header("Cache-Control", cache_control);
}

void MarkPartial(httplib::Response& res, const std::vector<std::string>& missing) {
  if (missing.empty()) return;
  std::string names;
  for (const auto& n : missing) names += (names.empty() ? "" : ", ") + n;
  res.headers.erase("Cache-Control");
  res.set_header("Cache-Control", kNoStore);
  res.set_header("X-Missing-Shards", names);
}

bool MatchesIfNoneMatch(const httplib::Request& req, const std::string& etag) {
  std::string if_none_match = req.get_header_value("If-None-Match");
  if (IsWildcard(if_none_match)) return true;
  return !if_none_match.empty() && if_none_match.find(etag) != std::string::npos;
}

std::string ContentEtag(std::string_view epoch, std::string_view body) {
  std::string key = kApiRevision;
  key.append(epoch).append(":").append(body);
  return "\"" + Fnv1a64Hex(key) + "\"";
}

bool AnswerIfNotModified(const httplib::Request& req, httplib::Response& res,
                         const std::string& etag) {
  if (!res.has_header("ETag")) res.set_header("ETag", etag);
  if (!MatchesIfNoneMatch(req, etag)) return false;
  res.status = 304;
  res.body.clear();
  return true;
}

std::string BearerToken(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return "";
  std::string token = header.substr(prefix.size());
  token.erase(0, token.find_first_not_of(' '));
  token.erase(token.find_last_not_of(' ') + 1);
  return token;
}

}  // namespace ch
