#include "server/http/curator_routes.h"

#include <string>

#include "server/http/api_error.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"

namespace ch {
namespace {

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

void WriteReferrers(JsonWriter& w, const std::vector<Referrer>& referrers) {
  w.StartArray();
  for (const auto& r : referrers) {
    w.StartObject();
    w.Field("kind", r.kind == Referrer::Kind::kResource ? "resource" : "featured_toolkit");
    w.Field("id", r.id);
    w.Field("title", r.title);
    w.EndObject();
  }
  w.EndArray();
}

// 409 referenced: the standard error body plus error.referrers.
void WriteReferenced(httplib::Response& res, const Status& status,
                     const std::vector<Referrer>& referrers) {
  JsonWriter w;
  w.StartObject();
  w.Key("error");
  w.StartObject();
  w.Field("code", "referenced");
  w.Field("message", status.message());
  w.Key("referrers");
  WriteReferrers(w, referrers);
  w.EndObject();
  w.EndObject();
  res.status = 409;
  res.set_content(w.Take(), "application/json");
}

// ?force=true|false on a delete; anything else is 400.
Result<bool> ForceParam(const QueryParams& params) {
  CH_RETURN_IF_ERROR(CheckParams(params, {"force"}));
  if (!params.has("force")) return false;
  const std::string value = params.get("force");
  if (value == "true") return true;
  if (value == "false") return false;
  return Status::InvalidArgument("force must be true or false").WithField("force");
}

}  // namespace

void CuratorRoutes::Register(RouteTable& routes) {
  auto bind = [this](void (CuratorRoutes::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  routes.Add("POST", "/api/v1/curator/resources", "curator_create",
             bind(&CuratorRoutes::PostCuratorResource));
  routes.Add("PUT", R"(/api/v1/curator/resources/([^/]+))", "curator_replace",
             bind(&CuratorRoutes::PutCuratorResource));
  routes.Add("DELETE", R"(/api/v1/curator/resources/([^/]+))", "curator_delete",
             bind(&CuratorRoutes::DeleteCuratorResource));
  routes.Add("GET", R"(/api/v1/curator/resources/([^/]+)/source)", "curator_source",
             bind(&CuratorRoutes::GetCuratorSource));
  routes.Add("POST", "/api/v1/curator/validate", "curator_validate",
             bind(&CuratorRoutes::PostCuratorValidate));
  routes.Add("GET", "/api/v1/curator/audit", "curator_audit",
             bind(&CuratorRoutes::GetCuratorAudit));
  routes.Add("GET", R"(/api/v1/curator/audit/versions/([^/]+))", "curator_audit_version",
             bind(&CuratorRoutes::GetCuratorVersion));
  routes.Add("GET", "/api/v1/curator/session", "curator_session",
             bind(&CuratorRoutes::GetCuratorSession));
}

std::optional<std::string> CuratorRoutes::Authenticate(const httplib::Request& req,
                                                       httplib::Response& res) {
  // First: a read-only node (a replica or a search node) has no keys of its own to check, and
  // the curator's mistake is the address, which the answer names.
  if (!curator_) {
    WriteError(res, 503, "read_only",
               "this server is read-only; send changes to the writer node" +
                   (writer_url_.empty() ? std::string() : " at " + writer_url_));
    return std::nullopt;
  }
  const std::string client = guard_.ClientAddress(req);
  if (!guard_.Allow(client, WriteKind::kCurator, res)) return std::nullopt;
  int retry_after = 0;
  Result<std::string> key = access_.Authenticate(BearerToken(req), client, &retry_after);
  if (!key.ok()) {
    if (retry_after > 0) res.set_header("Retry-After", std::to_string(retry_after));
    if (key.status().code() == Status::Code::kUnauthenticated) {
      res.set_header("WWW-Authenticate", "Bearer realm=\"curator\"");
    }
    WriteError(res, key.status());
    return std::nullopt;
  }
  return std::move(key).value();
}

void CuratorRoutes::WriteOutcome(const httplib::Request& req, httplib::Response& res,
                                 const std::string& key, const std::string& action,
                                 const CuratorOutcome& outcome, const std::string& previous_hash,
                                 bool forced) {
  // The audit trail records the code the client saw.
  access_.Record(
      AuditEntry{"", key, action, outcome.id, outcome.version,
                 outcome.status.ok() ? "ok" : HttpErrorFor(outcome.status.code()).code,
                 guard_.ClientAddress(req),
                 outcome.status.ok() && previous_hash != outcome.version ? previous_hash : ""});
  if (!outcome.status.ok()) {
    if (action == "delete" && !outcome.referrers.empty() &&
        outcome.status.code() == Status::Code::kAlreadyExists) {
      return WriteReferenced(res, outcome.status, outcome.referrers);
    }
    if (!outcome.problems.empty()) {
      return WriteValidationFailed(res, outcome.status.message(), outcome.problems);
    }
    return WriteError(res, outcome.status);
  }
  if (action == "delete") {
    for (const auto& r : outcome.referrers) {
      if (r.kind != Referrer::Kind::kResource) continue;
      access_.Record(
          AuditEntry{"", key, "update", r.id, r.version, "ok", guard_.ClientAddress(req)});
    }
    if (!forced) {
      res.status = 204;
      return;
    }
    JsonWriter w;
    w.StartObject();
    w.Field("id", outcome.id);
    w.Field("deleted", true);
    w.Key("rewritten");
    WriteReferrers(w, outcome.referrers);
    w.EndObject();
    res.status = 200;
    res.set_content(w.Take(), "application/json");
    res.set_header("Cache-Control", "no-store");
    return;
  }
  access_.KeepVersion(outcome.version, req.body);
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

void CuratorRoutes::PostCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  WriteOutcome(req, res, *key, "create", curator_->Create(req.body));
}

void CuratorRoutes::PutCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  // The version being replaced is kept too, so the audit page can diff the first edit.
  std::string previous;
  if (Result<ResourceSource> before = curator_->Source(req.matches[1]); before.ok()) {
    access_.KeepVersion(before->version, before->markdown);
    previous = before->version;
  }
  WriteOutcome(req, res, *key, "update",
               curator_->Replace(req.matches[1], req.body, req.get_header_value("If-Match")),
               previous);
}

void CuratorRoutes::DeleteCuratorResource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  Result<bool> force = ForceParam(QueryParams::FromTarget(req.target));
  if (!force.ok()) return WriteError(res, force.status());
  WriteOutcome(req, res, *key, "delete",
               curator_->Delete(req.matches[1], req.get_header_value("If-Match"), *force), "",
               *force);
}

void CuratorRoutes::GetCuratorSource(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  Result<ResourceSource> source = curator_->Source(req.matches[1]);
  if (!source.ok()) return WriteError(res, source.status());
  res.status = 200;
  res.set_content(source->markdown, "text/markdown; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
  // An editor that holds this version (If-None-Match) gets 304 instead of the file again.
  AnswerIfNotModified(req, res, QuotedVersion(source->version));
}

void CuratorRoutes::PostCuratorValidate(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  if (!IsMarkdown(req)) {
    return WriteError(res, 415, "unsupported_media_type",
                      "send the resource as Content-Type: text/markdown");
  }
  CuratorService::Validation checked = curator_->Validate(req.body);
  JsonWriter w;
  w.StartObject();
  w.Field("valid", !HasErrors(checked.problems));
  w.Key("problems");
  WriteProblems(w, checked.problems);
  w.Field("body_html", checked.body_html);
  w.EndObject();
  res.status = 200;
  res.set_content(w.Take(), "application/json");
  res.set_header("Cache-Control", "no-store");
}

void CuratorRoutes::GetCuratorAudit(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"page", "per_page", "id", "key"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> page = IntParam(params, "page", 1, 1, 1000000);
  if (!page.ok()) return WriteError(res, page.status());
  Result<int64_t> per_page = IntParam(params, "per_page", 50, 1, 500);
  if (!per_page.ok()) return WriteError(res, per_page.status());
  Result<AuditPage> audit =
      access_.ReadAudit(*page, *per_page, AuditFilter{params.get("id"), params.get("key")});
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

void CuratorRoutes::GetCuratorVersion(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  Result<std::string> text = access_.ReadVersion(req.matches[1]);
  if (!text.ok()) return WriteError(res, text.status());
  res.status = 200;
  res.set_content(std::move(text).value(), "text/markdown; charset=utf-8");
  res.set_header("Cache-Control", "no-store");
}

void CuratorRoutes::GetCuratorSession(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = Authenticate(req, res);
  if (!key) return;
  JsonWriter w;
  w.StartObject();
  w.Field("key", *key);
  w.EndObject();
  res.status = 200;
  res.set_content(w.Take(), "application/json");
  res.set_header("Cache-Control", "no-store");
}

}  // namespace ch
