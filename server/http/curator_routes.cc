// Handlers of the curator API: authenticated changes to the library while the server runs.
#include <string>

#include "server/http/api_error.h"
#include "server/http/http_server.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"

namespace ch {
namespace {

std::string BearerToken(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.size() <= prefix.size() || header.compare(0, prefix.size(), prefix) != 0) return "";
  std::string token = header.substr(prefix.size());
  token.erase(0, token.find_first_not_of(' '));
  token.erase(token.find_last_not_of(' ') + 1);
  return token;
}

bool IsMarkdown(const httplib::Request& req) {
  std::string type = req.get_header_value("Content-Type");
  type = type.substr(0, type.find(';'));
  return type == "text/markdown" || type == "text/x-markdown";
}

void WriteValidationFailed(httplib::Response& res, const std::string& message,
                           const Diagnostics& problems) {
  JsonWriter w;
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Field("code", "validation_failed");
  w.Field("message", message);
  w.Key("problems");
  WriteProblems(w, problems);
  w.EndObject();
  w.EndObject();
  res.status = 422;
  res.set_content(w.Take(), "application/json");
}

std::string QuotedVersion(const std::string& version) { return "\"" + version + "\""; }

}  // namespace

std::optional<std::string> HttpServer::AuthenticateCurator(const httplib::Request& req,
                                                           httplib::Response& res) {
  // First: a read-only node (a replica or a search node) has no keys of its own to check, and
  // the curator's mistake is the address, which the answer names.
  if (!services_.curator) {
    WriteError(res, 503, "read_only",
               "this server is read-only; send changes to the writer node" +
                   (options_.writer_url.empty() ? std::string()
                                                : std::string(" at ") + options_.writer_url));
    return std::nullopt;
  }
  const std::string remote = write_guard_.ClientAddress(req);
  if (!write_guard_.Allow(remote, WriteKind::kCurator, res)) return std::nullopt;
  if (int wait = services_.limiter->SecondsToWait(remote); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    WriteError(res, Status::RateLimited("too many failed attempts from this address; try again "
                                        "in " +
                                        std::to_string(wait) + " seconds"));
    return std::nullopt;
  }
  Result<std::string> key = services_.keys->Authenticate(BearerToken(req));
  if (!key.ok()) {
    if (key.status().code() == Status::Code::kUnauthenticated) {
      services_.limiter->RecordFailure(remote);
      res.set_header("WWW-Authenticate", "Bearer realm=\"curator\"");
    }
    WriteError(res, key.status());
    return std::nullopt;
  }
  return std::move(key).value();
}

void HttpServer::Audit(const httplib::Request& req, const std::string& key,
                       const std::string& action, const std::string& id,
                       const std::string& content_hash, const Status& result) {
  Status logged = services_.audit->Append(AuditEntry{
      "", key, action, id, content_hash, result.ok() ? "ok" : HttpErrorFor(result.code()).code,
      write_guard_.ClientAddress(req)});
  if (!logged.ok()) std::cerr << "audit log: " << logged.ToString() << std::endl;
}

void HttpServer::WriteCuratorOutcome(const httplib::Request& req, httplib::Response& res,
                                     const std::string& key, const std::string& action,
                                     const CuratorOutcome& outcome) {
  Audit(req, key, action, outcome.id, outcome.version, outcome.status);
  if (!outcome.status.ok()) {
    if (!outcome.problems.empty()) {
      return WriteValidationFailed(res, outcome.status.message(), outcome.problems);
    }
    return WriteError(res, outcome.status);
  }
  if (action == "delete") {
    res.status = 204;
    return;
  }
  JsonWriter w;
  w.StartObject();
  w.Field("id", outcome.id);
  w.Field("version", outcome.version);
  w.Field("created", outcome.created);
  w.Field("url", "/api/v1/resources/" + outcome.id);
  w.EndObject();
  res.status = outcome.created ? 201 : 200;
  res.set_content(w.Take(), "application/json");
  res.set_header("ETag", QuotedVersion(outcome.version));
  res.set_header("Location", "/api/v1/resources/" + outcome.id);
  res.set_header("Cache-Control", "no-store");
}

void HttpServer::PostCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  WriteCuratorOutcome(req, res, *key, "create", services_.curator->Create(req.body));
}

void HttpServer::PutCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  WriteCuratorOutcome(
      req, res, *key, "update",
      services_.curator->Replace(req.matches[1], req.body, req.get_header_value("If-Match")));
}

void HttpServer::DeleteCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  WriteCuratorOutcome(req, res, *key, "delete",
                      services_.curator->Delete(req.matches[1], req.get_header_value("If-Match")));
}

void HttpServer::GetCuratorSource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  Result<ResourceSource> source = services_.curator->Source(req.matches[1]);
  if (!source.ok()) return WriteError(res, source.status());
  res.status = 200;
  res.set_content(source->markdown, "text/markdown; charset=utf-8");
  res.set_header("ETag", QuotedVersion(source->version));
  res.set_header("Cache-Control", "no-store");
}

void HttpServer::PostCuratorValidate(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  Diagnostics problems = services_.curator->Validate(req.body);
  JsonWriter w;
  w.StartObject();
  w.Field("valid", !HasErrors(problems));
  w.Key("problems");
  WriteProblems(w, problems);
  w.EndObject();
  res.status = 200;
  res.set_content(w.Take(), "application/json");
  res.set_header("Cache-Control", "no-store");
}

void HttpServer::GetCuratorAudit(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = AuthenticateCurator(req, res);
  if (!key) return;
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"page", "per_page"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> page = IntParam(params, "page", 1, 1, 1000000);
  if (!page.ok()) return WriteError(res, page.status());
  Result<int64_t> per_page = IntParam(params, "per_page", 50, 1, 500);
  if (!per_page.ok()) return WriteError(res, per_page.status());
  Result<AuditPage> audit = services_.audit->Read(*page, *per_page);
  if (!audit.ok()) return WriteError(res, audit.status());
  JsonWriter w;
  w.StartObject();
  w.Field("total", static_cast<uint64_t>(audit->total));
  w.Field("page", static_cast<uint64_t>(*page));
  w.Field("per_page", static_cast<uint64_t>(*per_page));
  w.Key("entries");
  w.StartArray();
  for (const auto& e : audit->entries) WriteAuditEntry(w, e);
  w.EndArray();
  w.EndObject();
  res.status = 200;
  res.set_content(w.Take(), "application/json");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace ch
