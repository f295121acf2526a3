#include "server/http/toolkit_routes.h"

#include <algorithm>
#include <charconv>
#include <string>

#include "server/http/api_error.h"
#include "server/http/page_language.h"
#include "server/http/request_params.h"
#include "toolkits/toolkit_json.h"

namespace ch {
namespace {

// If-Match carries the toolkit's version: 3, "3" or W/"3".
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
    return Status::InvalidArgument("If-Match must be the toolkit's version, a whole number")
        .WithField("If-Match");
  }
  return std::optional<int64_t>(version);
}

void WriteToolkit(httplib::Response& res, int status, std::string body, int64_t version) {
  res.status = status;
  res.set_content(std::move(body), "application/json");
  res.set_header("Cache-Control", "no-store");
  if (version > 0) res.set_header("ETag", "\"" + std::to_string(version) + "\"");
}

}  // namespace

ToolkitRoutes::ToolkitRoutes(ToolkitService& toolkits, WriteGuard& guard, size_t max_body_bytes)
    : toolkits_(toolkits),
      guard_(guard),
      max_body_bytes_(std::min(max_body_bytes, kMaxToolkitRequestBytes)) {}

void ToolkitRoutes::Register(RouteTable& routes) {
  auto bind = [this](void (ToolkitRoutes::*handler)(const httplib::Request&, httplib::Response&)) {
    return [this, handler](const httplib::Request& req, httplib::Response& res) {
      (this->*handler)(req, res);
    };
  };
  // The fixed paths before the {id} ones.
  routes.Add("GET", "/api/v1/toolkits/featured", "toolkits_featured",
             bind(&ToolkitRoutes::GetFeaturedToolkits));
  routes.Add("POST", "/api/v1/toolkits/draft", "toolkit_draft",
             bind(&ToolkitRoutes::PostToolkitDraft));
  routes.Add("POST", "/api/v1/toolkits", "toolkit_create", bind(&ToolkitRoutes::PostToolkit));
  routes.Add("GET", R"(/api/v1/toolkits/([^/]+))", "toolkit", bind(&ToolkitRoutes::GetToolkit));
  routes.Add("PUT", R"(/api/v1/toolkits/([^/]+))", "toolkit_replace",
             bind(&ToolkitRoutes::PutToolkit));
  routes.Add("PATCH", R"(/api/v1/toolkits/([^/]+))", "toolkit_patch",
             bind(&ToolkitRoutes::PatchToolkit));
  routes.Add("DELETE", R"(/api/v1/toolkits/([^/]+))", "toolkit_delete",
             bind(&ToolkitRoutes::DeleteToolkit));
  routes.Add("POST", R"(/api/v1/toolkits/([^/]+)/copy)", "toolkit_copy",
             bind(&ToolkitRoutes::PostToolkitCopy));
  routes.Add("GET", R"(/api/v1/toolkits/([^/]+)/export)", "toolkit_export",
             bind(&ToolkitRoutes::GetToolkitExport));
}

bool ToolkitRoutes::BodyTooLarge(const httplib::Request& req, httplib::Response& res) const {
  if (req.body.size() <= max_body_bytes_) return false;
  WriteError(res,
             Status::ResourceExhausted("the request body is " + std::to_string(req.body.size()) +
                                       " bytes; toolkit requests may have at most " +
                                       std::to_string(max_body_bytes_)));
  return true;
}

namespace {

// The reader's language for a featured toolkit's words: `lang=`, else Accept-Language (as the
// search, page_language.h); "" for the default. Error: a `lang=` that is not analysed.
Result<std::string> ReaderLanguage(const httplib::Request& req) {
  const std::string lang = QueryParams::FromTarget(req.target).get("lang");
  CH_RETURN_IF_ERROR(CheckLangParam(lang));
  return PageLanguage(lang, req.get_header_value("Accept-Language"));
}

}  // namespace

void ToolkitRoutes::GetFeaturedToolkits(const httplib::Request& req, httplib::Response& res) {
  Result<std::string> lang = ReaderLanguage(req);
  if (!lang.ok()) return WriteError(res, lang.status());
  WriteJson(res, EncodeFeaturedList(toolkits_.ListFeatured(*lang)), "public, max-age=300");
  // The titles and descriptions depend on it (without lang=).
  res.set_header("Vary", "Accept-Language");
  res.set_header("Content-Language", ContentLanguage(*lang));
}

void ToolkitRoutes::PostToolkit(const httplib::Request& req, httplib::Response& res) {
  if (BodyTooLarge(req, res)) return;
  if (!guard_.Allow(req, WriteKind::kToolkitCreate, res)) return;
  Result<CreatedToolkit> created = toolkits_.Create(req.body);
  if (!created.ok()) return WriteError(res, created.status(), InputKind::kDocument);
  WriteToolkit(res, 201, EncodeCreatedToolkit(created->toolkit, created->edit_key),
               created->toolkit.toolkit.version);
  res.set_header("Location", "/api/v1/toolkits/" + created->toolkit.toolkit.id);
}

void ToolkitRoutes::PostToolkitDraft(const httplib::Request& req, httplib::Response& res) {
  if (BodyTooLarge(req, res)) return;
  if (!guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<ResolvedToolkit> draft = toolkits_.Draft(req.body);
  if (!draft.ok()) return WriteError(res, draft.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*draft), 0);
}

void ToolkitRoutes::GetToolkit(const httplib::Request& req, httplib::Response& res) {
  Result<std::string> lang = ReaderLanguage(req);
  if (!lang.ok()) return WriteError(res, lang.status());
  Result<ResolvedToolkit> toolkit = toolkits_.Get(req.matches[1], *lang);
  if (!toolkit.ok()) return WriteError(res, toolkit.status());
  res.status = 200;
  res.set_content(EncodeToolkit(*toolkit), "application/json");
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Language");  // a featured toolkit's words follow it
}

void ToolkitRoutes::PutToolkit(const httplib::Request& req, httplib::Response& res) {
  if (BodyTooLarge(req, res)) return;
  if (!guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Result<ResolvedToolkit> toolkit =
      toolkits_.Replace(req.matches[1], BearerToken(req), req.body, *version);
  if (!toolkit.ok()) return WriteError(res, toolkit.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*toolkit), toolkit->toolkit.version);
}

void ToolkitRoutes::PatchToolkit(const httplib::Request& req, httplib::Response& res) {
  if (BodyTooLarge(req, res)) return;
  if (!guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Result<ResolvedToolkit> toolkit =
      toolkits_.Patch(req.matches[1], BearerToken(req), req.body, *version);
  if (!toolkit.ok()) return WriteError(res, toolkit.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*toolkit), toolkit->toolkit.version);
}

void ToolkitRoutes::DeleteToolkit(const httplib::Request& req, httplib::Response& res) {
  if (!guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Status checked = CheckParams(QueryParams::FromTarget(req.target), {});
  if (!checked.ok()) return WriteError(res, checked);
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Status deleted = toolkits_.Delete(req.matches[1], BearerToken(req), *version);
  if (!deleted.ok()) return WriteError(res, deleted);
  res.status = 204;
}

void ToolkitRoutes::PostToolkitCopy(const httplib::Request& req, httplib::Response& res) {
  if (BodyTooLarge(req, res)) return;
  if (!guard_.Allow(req, WriteKind::kToolkitCreate, res)) return;
  Result<std::string> lang = ReaderLanguage(req);
  if (!lang.ok()) return WriteError(res, lang.status());
  Result<CreatedToolkit> copy = toolkits_.Copy(req.matches[1], req.body, *lang);
  if (!copy.ok()) return WriteError(res, copy.status(), InputKind::kDocument);
  WriteToolkit(res, 201, EncodeCreatedToolkit(copy->toolkit, copy->edit_key),
               copy->toolkit.toolkit.version);
  res.set_header("Location", "/api/v1/toolkits/" + copy->toolkit.toolkit.id);
}

void ToolkitRoutes::GetToolkitExport(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"format", "lang"});
  if (!checked.ok()) return WriteError(res, checked);
  Result<std::string> lang = ReaderLanguage(req);
  if (!lang.ok()) return WriteError(res, lang.status());
  std::string format = params.has("format") ? params.get("format") : "md";
  Result<ExportedFile> file = toolkits_.Export(req.matches[1], format, *lang);
  if (!file.ok()) return WriteError(res, file.status());
  res.status = 200;
  res.set_content(std::move(file->body), file->content_type);
  res.set_header("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
  if (!file->language.empty()) res.set_header("Content-Language", file->language);
  res.set_header("Cache-Control", "no-cache");
  res.set_header("Vary", "Accept-Language");  // a featured toolkit exports in the reader's
}

}  // namespace ch
