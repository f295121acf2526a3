#include "server/http/suggestion_routes.h"

#include <charconv>
#include <chrono>
#include <optional>
#include <string>

#include "base/json_writer.h"
#include "server/http/api_error.h"
#include "server/http/query_string.h"
#include "server/http/request_params.h"

namespace ch {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// If-Match carries the suggestion's version: 3, "3" or W/"3"; absent: nullopt.
Result<std::optional<int64_t>> ExpectedVersion(const httplib::Request& req) {
  std::string value = req.get_header_value("If-Match");
  if (value.empty()) return std::optional<int64_t>();
  if (value.rfind("W/", 0) == 0) value = value.substr(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  int64_t version = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (ec != std::errc() || ptr != value.data() + value.size() || version < 1) {
    return Status::InvalidArgument("If-Match must be the suggestion's version, a whole number")
        .WithField("If-Match");
  }
  return std::optional<int64_t>(version);
}

void WriteSuggestionJson(httplib::Response& res, int status, std::string body, int64_t version) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
  res.set_header("Cache-Control", "no-store");
  if (version > 0) res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

}  // namespace

void SuggestionRoutes::Register(RouteTable& routes) {
  auto bind = [this](void (SuggestionRoutes::*h)(const httplib::Request&, httplib::Response&)) {
    return [this, h](const httplib::Request& req, httplib::Response& res) { (this->*h)(req, res); };
  };
  routes.Add("GET", "/api/v1/suggestions/form", "suggestion_form",
             bind(&SuggestionRoutes::GetForm));
  routes.Add("POST", "/api/v1/suggestions", "suggestion_create",
             bind(&SuggestionRoutes::PostSuggestion));
  routes.Add("GET", R"(/api/v1/suggestions/([^/]+))", "suggestion_status",
             bind(&SuggestionRoutes::GetStatus));
  routes.Add("GET", "/api/v1/curator/suggestions", "curator_suggestions",
             bind(&SuggestionRoutes::GetQueue));
  routes.Add("GET", R"(/api/v1/curator/suggestions/([^/]+))", "curator_suggestion",
             bind(&SuggestionRoutes::GetOne));
  routes.Add("PATCH", R"(/api/v1/curator/suggestions/([^/]+))", "curator_suggestion_decide",
             bind(&SuggestionRoutes::PatchOne));
}

void SuggestionRoutes::GetForm(const httplib::Request&, httplib::Response& res) {
  JsonWriter w;
  w.StartObject();
  w.Field("form_token", suggestions_.IssueFormToken(NowMs()));
  w.Field("min_seconds", suggestions_.options().min_form_seconds);
  w.EndObject();
  WriteSuggestionJson(res, 200, w.Take(), 0);
}

void SuggestionRoutes::PostSuggestion(const httplib::Request& req, httplib::Response& res) {
  if (req.body.size() > suggestions_.options().max_request_bytes) {
    return WriteError(
        res, Status::ResourceExhausted("the request body is " + std::to_string(req.body.size()) +
                                       " bytes; a suggestion may have at most " +
                                       std::to_string(suggestions_.options().max_request_bytes)));
  }
  if (!guard_.Allow(req, WriteKind::kSuggestion, res)) return;
  Result<SubmittedSuggestion> made = suggestions_.Submit(req.body, NowMs());
  if (!made.ok()) return WriteError(res, made.status(), InputKind::kDocument);
  const PublicSuggestion& s = made->suggestion;
  JsonWriter w;
  w.StartObject();
  w.Field("id", s.id);
  w.Field("status", s.status);
  w.Field("token", made->token);
  // The token travels in the fragment, which browsers never send to a server or a referrer.
  w.Field("status_url", "/suggestion.html?id=" + s.id + "#token=" + made->token);
  w.Field("api_url", "/api/v1/suggestions/" + s.id + "?token=" + made->token);
  w.EndObject();
  WriteSuggestionJson(res, 201, w.Take(), 0);
  res.set_header("Location", "/api/v1/suggestions/" + s.id);
}

void SuggestionRoutes::GetStatus(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"token"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<PublicSuggestion> s = suggestions_.StatusFor(req.matches[1], params.get("token"));
  if (!s.ok()) return WriteError(res, s.status());
  WriteSuggestionJson(res, 200, EncodePublicSuggestion(*s), 0);
}

void SuggestionRoutes::GetQueue(const httplib::Request& req, httplib::Response& res) {
  if (!curator_.Authenticate(req, res)) return;
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"status", "page", "per_page"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<int64_t> page = IntParam(params, "page", 1, 1, 1000000);
  if (!page.ok()) return WriteError(res, page.status());
  Result<int64_t> per_page = IntParam(params, "per_page", 50, 1, 200);
  if (!per_page.ok()) return WriteError(res, per_page.status());
  Result<SuggestionPage> list = suggestions_.List(params.get("status"), *page, *per_page);
  if (!list.ok()) return WriteError(res, list.status());
  WriteSuggestionJson(res, 200, EncodeSuggestionPage(*list, *page, *per_page), 0);
}

void SuggestionRoutes::GetOne(const httplib::Request& req, httplib::Response& res) {
  if (!curator_.Authenticate(req, res)) return;
  Result<PublicSuggestion> s = suggestions_.Get(req.matches[1]);
  if (!s.ok()) return WriteError(res, s.status());
  WriteSuggestionJson(res, 200, EncodeCuratorSuggestion(*s), s->version);
}

void SuggestionRoutes::PatchOne(const httplib::Request& req, httplib::Response& res) {
  std::optional<std::string> key = curator_.Authenticate(req, res);
  if (!key) return;
  if (req.body.size() > suggestions_.options().max_request_bytes) {
    return WriteError(res, Status::ResourceExhausted("the request body is too large"));
  }
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Result<PublicSuggestion> s =
      suggestions_.Decide(req.matches[1], req.body, *key, *version, NowMs());
  std::string result = s.ok() ? "ok" : HttpErrorFor(s.status().code()).code;
  curator_.access().Record(
      AuditEntry{"", *key, "suggestion_" + (s.ok() ? s->status : std::string("decision")),
                 req.matches[1], "", result, guard_.ClientAddress(req)});
  if (!s.ok()) return WriteError(res, s.status(), InputKind::kDocument);
  WriteSuggestionJson(res, 200, EncodeCuratorSuggestion(*s), s->version);
}

}  // namespace ch
