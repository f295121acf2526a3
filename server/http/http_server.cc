#include "server/http/http_server.h"

#include "server/services/startup_state.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>

#include "base/hash.h"
#include "base/json_writer.h"
#include "server/http/api_error.h"
#include "server/http/cors_policy.h"
#include "server/http/curator_routes.h"
#include "server/http/error_messages.h"
#include "server/http/ops_routes.h"
#include "server/http/page_language.h"
#include "server/http/public_url.h"
#include "server/http/request_encoding.h"
#include "server/http/response_compression.h"
#include "server/http/search_routes.h"
#include "server/http/security_headers.h"
#include "server/http/suggestion_routes.h"
#include "server/http/toolkit_routes.h"
#include "server/services/catalog_service.h"

namespace ch {
namespace {

using Clock = std::chrono::steady_clock;

// Adds `token` to the response's Vary, keeping what is there, in one header.
void AddVary(httplib::Response& res, const std::string& token) {
  std::string vary;
  auto range = res.headers.equal_range("Vary");
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second.find(token) != std::string::npos) return;
    vary += it->second + ", ";
  }
  res.headers.erase("Vary");
  res.set_header("Vary", vary + token);
}

// An error answer's message in the reader's language (`lang=` when valid, else Accept-Language;
// error_messages.h), with Content-Language saying which language it is in.
void LocaliseError(const httplib::Request& req, httplib::Response& res) {
  if (res.status < 400 || res.body.empty() ||
      res.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return;
  }
  std::string lang_param = req.has_param("lang") ? req.get_param_value("lang") : "";
  if (!CheckLangParam(lang_param).ok()) lang_param.clear();
  const std::string lang = PageLanguage(lang_param, req.get_header_value("Accept-Language"));
  const size_t before = res.body.size();
  res.set_header("Content-Language", LocaliseErrorBody(res.body, lang));
  if (res.body.size() != before && res.has_header("Content-Length")) {
    // set_content counted the English body: a translation is usually longer.
    res.headers.erase("Content-Length");
    res.set_header("Content-Length", std::to_string(res.body.size()));
  }
  if (lang_param.empty()) AddVary(res, "Accept-Language");
}

// When the request on this worker thread started, from pre-routing to the logger.
thread_local Clock::time_point tls_request_start;

ConnectionLimits ConnectionLimitsFor(const HttpServerOptions& options) {
  ConnectionLimits limits = options.connections;
  limits.workers = options.threads > 0 ? options.threads : 8;
  limits.request_deadline = options.read_timeout;
  limits.keep_alive_timeout = options.keep_alive_timeout;
  limits.max_buffered_body_bytes = options.max_body_bytes;
  limits.unlimited_addresses = options.trusted_proxies;
  limits.cors_origins = options.cors_origins;
  return limits;
}

}  // namespace

HttpServer::HttpServer(HttpServerOptions options, ApiServices services)
    : options_(std::move(options)),
      services_(services),
      server_(ConnectionLimitsFor(options_)),
      write_guard_(options_.write_limits, options_.trusted_proxies),
      static_files_(options_.web_dir),
      routes_(server_, metrics_,
              [catalog = services.catalog] { return catalog->CurrentVersion(); }),
      log_(options_.log ? options_.log : &std::clog) {
  server_.set_read_timeout(options_.read_timeout);
  server_.set_write_timeout(options_.write_timeout);
  server_.set_keep_alive_timeout(options_.keep_alive_timeout.count());
  server_.set_keep_alive_max_count(options_.keep_alive_max_requests);
  server_.set_payload_max_length(options_.max_body_bytes);
  // httplib writes the headers and the body separately; with Nagle's algorithm on, the body then
  // waits for the client's delayed ACK, which added 40 ms to every keep-alive response.
  server_.set_tcp_nodelay(true);
  unmatched_route_ = metrics_.AddRoute("unmatched");
  metrics_.AddGauges([this] { return RenderConnectionGauges(server_.stats()); });
  RegisterRoutes();
  InstallPreRouting();
  InstallPostRouting();
  InstallErrorHandler();
  InstallExceptionHandler();
  InstallLogger();
}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::ApplyCors(const httplib::Request& req, httplib::Response& res) const {
  if (res.has_header("Access-Control-Allow-Origin")) return;  // the preflight set it already
  const std::string allowed =
      AllowedOrigin(options_.cors_origins, req.path, req.get_header_value("Origin"));
  if (allowed.empty()) return;
  res.set_header("Access-Control-Allow-Origin", allowed);
  if (allowed != "*") res.set_header("Vary", "Origin");
}

bool HttpServer::RefuseWhileStarting(const httplib::Request& req, httplib::Response& res) const {
  const StartupState* startup = services_.startup;
  if (!startup || startup->ready() || !IsApiPath(req.path) || req.path == "/api/v1/openapi.json") {
    return false;
  }
  const bool curator = req.path.rfind("/api/v1/curator/", 0) == 0;
  if (!curator && startup->public_open()) return false;
  WriteError(res, 503, "starting",
             curator ? "the index is syncing with the corpus; curator changes open when it is done"
                     : "the index is being built; try again shortly (see /readyz)");
  res.set_header("Retry-After", "5");
  res.set_header("Cache-Control", "no-store");
  return true;
}

bool HttpServer::RefuseMethod(const httplib::Request& req, httplib::Response& res) const {
  if (req.method == "OPTIONS") return false;
  const std::string allowed = routes_.AllowedMethods(req.path);
  if (allowed.empty()) return false;  // not a route: static files, or 404
  size_t at = 0;
  while (at < allowed.size()) {
    size_t end = allowed.find(", ", at);
    if (end == std::string::npos) end = allowed.size();
    if (allowed.compare(at, end - at, req.method) == 0) return false;
    at = end + 2;
  }
  res.set_header("Allow", allowed);
  WriteError(res, 405, "method_not_allowed", req.method + " is not allowed here; use " + allowed);
  return true;
}

void HttpServer::InstallPreRouting() {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    tls_request_start = Clock::now();
    // httplib compresses the response after the handler, and its Brotli is far too slow per
    // request (response_compression.h): offer it gzip only. httplib's Request is its own
    // non-const object, handed to the handlers as const.
    if (req.has_header("Accept-Encoding")) {
      std::string offered = WithoutBrotli(req.get_header_value("Accept-Encoding"));
      auto& headers = const_cast<httplib::Request&>(req).headers;
      headers.erase("Accept-Encoding");
      if (!offered.empty()) headers.emplace("Accept-Encoding", std::move(offered));
    }
    RouteTable::ResetCurrentRoute(unmatched_route_);
    if (std::optional<std::string> bad = InvalidEncodingInTarget(req)) {
      WriteInvalidEncoding(res, *bad);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (RefuseMethod(req, res)) return httplib::Server::HandlerResponse::Handled;
    if (RefuseWhileStarting(req, res)) return httplib::Server::HandlerResponse::Handled;
    if (req.method == "OPTIONS") {  // CORS preflight and plain OPTIONS
      std::string allowed = routes_.AllowedMethods(req.path);
      if (allowed.empty()) return httplib::Server::HandlerResponse::Unhandled;
      res.status = 204;
      res.set_header("Allow", allowed + ", OPTIONS");
      ApplyCors(req, res);
      if (res.has_header("Access-Control-Allow-Origin")) {
        res.set_header("Access-Control-Allow-Methods", allowed + ", OPTIONS");
        res.set_header("Access-Control-Allow-Headers",
                       "Authorization, Content-Type, If-Match, If-None-Match");
        res.set_header("Access-Control-Max-Age", "600");
      }
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
}

void HttpServer::InstallPostRouting() {
  server_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    LocaliseError(req, res);
    ApplyCors(req, res);
    ApplySecurityHeaders(res);
    if (res.has_header("Access-Control-Allow-Origin") &&
        !res.has_header("Access-Control-Expose-Headers")) {
      res.set_header("Access-Control-Expose-Headers", kCorsExposedHeaders);
    }
    // httplib has already compressed the body here (before post-routing), so the ETag below is
    // that of the bytes sent: each coding has its own.
    if (req.method == "GET" && (res.status == 200 || res.status == 304)) {
      // Keep what the route and CORS vary by (Origin, Accept-Language), in one header.
      std::string vary;
      auto range = res.headers.equal_range("Vary");
      for (auto it = range.first; it != range.second; ++it) vary += it->second + ", ";
      res.headers.erase("Vary");
      res.set_header("Vary", vary + "Accept-Encoding");
    }
    // No ETag for what must not be stored (partial answers, route_table.h's MarkPartial).
    if ((req.method == "GET" || req.method == "HEAD") && res.status == 200 && !res.body.empty() &&
        !res.has_header("ETag") && res.get_header_value("Cache-Control") != kNoStore) {
      std::string etag = "\"" + Fnv1a64Hex(res.body) + "\"";
      res.set_header("ETag", etag);
      if (MatchesIfNoneMatch(req, etag)) {
        res.status = 304;
        res.body.clear();
      }
    }
  });
}

void HttpServer::InstallErrorHandler() {
  server_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote its error
    WriteErrorFor(req, res);
  });
}

void HttpServer::WriteErrorFor(const httplib::Request& req, httplib::Response& res) {
  switch (res.status) {
    case 404: {
      std::string allowed = routes_.AllowedMethods(req.path);
      if (!allowed.empty() && req.method != "GET" && req.method != "HEAD") {
        res.set_header("Allow", allowed);
        WriteError(res, 405, "method_not_allowed",
                   req.method + " is not allowed here; use " + allowed);
      } else {
        WriteError(res, 404, "not_found", "nothing here: " + req.path);
      }
      break;
    }
    case 405:
      WriteError(res, 405, "method_not_allowed", req.method + " is not supported");
      break;
    case 413:
      WriteError(res, 413, "too_large",
                 "the request body is over the limit of " +
                     std::to_string(options_.max_body_bytes) + " bytes");
      break;
    case 414:
      WriteError(res, 414, "uri_too_long", "the request URL is too long");
      break;
    case 400:
      WriteError(res, 400, "bad_request", "the request could not be read");
      break;
    default:
      WriteError(res, res.status, "error",
                 "the request failed with HTTP status " + std::to_string(res.status));
  }
}

void HttpServer::InstallExceptionHandler() {
  server_.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::cerr << "exception while serving " << req.method << " " << req.path << ": " << what
                  << std::endl;
        WriteError(res, 500, "internal",
                   "the server could not complete the request; it has been logged");
      });
}

void HttpServer::InstallLogger() {
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    double seconds = std::chrono::duration<double>(Clock::now() - tls_request_start).count();
    metrics_.Record(RouteTable::CurrentRoute(), res.status, seconds);
    if (options_.access_log) WriteAccessLog(req, res, seconds);
    // A request rejected before routing (414, malformed) never passes pre-routing: make sure it
    // is not counted against this thread's previous route.
    RouteTable::ResetCurrentRoute(unmatched_route_);
    tls_request_start = Clock::now();
  });
}

void HttpServer::WriteAccessLog(const httplib::Request& req, const httplib::Response& res,
                                double seconds) {
  std::time_t now = std::time(nullptr);
  char when[32];
  std::tm tm;
  gmtime_r(&now, &tm);
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  JsonWriter w;
  w.StartObject();
  w.Field("time", when);
  w.Field("remote", req.remote_addr);
  w.Field("method", req.method);
  w.Field("path", req.path);
  w.Field("route", metrics_.RouteName(RouteTable::CurrentRoute()));
  w.Field("status", res.status);
  w.Field("ms", seconds * 1000);
  w.Field("bytes", static_cast<uint64_t>(res.body.size()));
  w.EndObject();
  std::string line = w.Take();
  std::lock_guard<std::mutex> lock(log_mutex_);
  *log_ << line << '\n';
}

Result<int> HttpServer::Bind() {
  int port = options_.port == 0
                 ? server_.bind_to_any_port(options_.host)
                 : (server_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
  if (port < 0) {
    return Status::Unavailable("cannot listen on " + options_.host + ":" +
                               std::to_string(options_.port) +
                               " (in use, or not an address of this machine)");
  }
  if (options_.public_url.empty()) {
    options_.public_url = "http://" + options_.host + ":" + std::to_string(port);
  }
  return port;
}

bool HttpServer::Serve() { return server_.listen_after_bind(); }

void HttpServer::Stop() {
  if (server_.is_running()) server_.stop();
}

}  // namespace ch
