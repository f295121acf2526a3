// Handlers of the toolkit API: build, save, share and export violence-reduction toolkits. The
// rules live in toolkits/ToolkitService; these only move bytes and headers.
#include <charconv>
#include <string>

#include "server/http/api_error.h"
#include "server/http/http_server.h"
#include "server/http/request_params.h"
#include "toolkits/toolkit_json.h"

namespace ch {
namespace {

std::string EditKey(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (header.compare(0, prefix.size(), prefix) != 0) return "";
  std::string key = header.substr(prefix.size());
  key.erase(0, key.find_first_not_of(' '));
  key.erase(key.find_last_not_of(' ') + 1);
  return key;
}

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

bool HttpServer::ToolkitBodyTooLarge(const httplib::Request& req, httplib::Response& res) {
  if (req.body.size() <= kMaxToolkitRequestBytes) return false;
  WriteError(res,
             Status::ResourceExhausted("the request body is " + std::to_string(req.body.size()) +
                                       " bytes; toolkit requests may have at most " +
                                       std::to_string(kMaxToolkitRequestBytes)));
  return true;
}

void HttpServer::GetFeaturedToolkits(const httplib::Request&, httplib::Response& res) {
  WriteJson(res, EncodeFeaturedList(services_.toolkits->ListFeatured()), "public, max-age=300");
}

void HttpServer::PostToolkit(const httplib::Request& req, httplib::Response& res) {
  if (ToolkitBodyTooLarge(req, res)) return;
  if (!write_guard_.Allow(req, WriteKind::kToolkitCreate, res)) return;
  Result<CreatedToolkit> created = services_.toolkits->Create(req.body);
  if (!created.ok()) return WriteError(res, created.status(), InputKind::kDocument);
  WriteToolkit(res, 201, EncodeCreatedToolkit(created->toolkit, created->edit_key),
               created->toolkit.toolkit.version);
  res.set_header("Location", "/api/v1/toolkits/" + created->toolkit.toolkit.id);
}

void HttpServer::PostToolkitDraft(const httplib::Request& req, httplib::Response& res) {
  if (ToolkitBodyTooLarge(req, res)) return;
  if (!write_guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<ResolvedToolkit> draft = services_.toolkits->Draft(req.body);
  if (!draft.ok()) return WriteError(res, draft.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*draft), 0);
}

void HttpServer::GetToolkit(const httplib::Request& req, httplib::Response& res) {
  Result<ResolvedToolkit> toolkit = services_.toolkits->Get(req.matches[1]);
  if (!toolkit.ok()) return WriteError(res, toolkit.status());
  res.status = 200;
  res.set_content(EncodeToolkit(*toolkit), "application/json");
  res.set_header("Cache-Control", "no-cache");
}

void HttpServer::PutToolkit(const httplib::Request& req, httplib::Response& res) {
  if (ToolkitBodyTooLarge(req, res)) return;
  if (!write_guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Result<ResolvedToolkit> toolkit =
      services_.toolkits->Replace(req.matches[1], EditKey(req), req.body, *version);
  if (!toolkit.ok()) return WriteError(res, toolkit.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*toolkit), toolkit->toolkit.version);
}

void HttpServer::PatchToolkit(const httplib::Request& req, httplib::Response& res) {
  if (ToolkitBodyTooLarge(req, res)) return;
  if (!write_guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Result<ResolvedToolkit> toolkit =
      services_.toolkits->Patch(req.matches[1], EditKey(req), req.body, *version);
  if (!toolkit.ok()) return WriteError(res, toolkit.status(), InputKind::kDocument);
  WriteToolkit(res, 200, EncodeToolkit(*toolkit), toolkit->toolkit.version);
}

void HttpServer::DeleteToolkit(const httplib::Request& req, httplib::Response& res) {
  if (!write_guard_.Allow(req, WriteKind::kToolkitWrite, res)) return;
  Result<std::optional<int64_t>> version = ExpectedVersion(req);
  if (!version.ok()) return WriteError(res, version.status());
  Status deleted = services_.toolkits->Delete(req.matches[1], EditKey(req), *version);
  if (!deleted.ok()) return WriteError(res, deleted);
  res.status = 204;
}

void HttpServer::PostToolkitCopy(const httplib::Request& req, httplib::Response& res) {
  if (ToolkitBodyTooLarge(req, res)) return;
  if (!write_guard_.Allow(req, WriteKind::kToolkitCreate, res)) return;
  Result<CreatedToolkit> copy = services_.toolkits->Copy(req.matches[1], req.body);
  if (!copy.ok()) return WriteError(res, copy.status(), InputKind::kDocument);
  WriteToolkit(res, 201, EncodeCreatedToolkit(copy->toolkit, copy->edit_key),
               copy->toolkit.toolkit.version);
  res.set_header("Location", "/api/v1/toolkits/" + copy->toolkit.toolkit.id);
}

void HttpServer::GetToolkitExport(const httplib::Request& req, httplib::Response& res) {
  QueryParams params = QueryParams::FromTarget(req.target);
  Status checked = CheckParams(params, {"format"});
  if (!checked.ok()) return WriteError(res, checked);
  std::string format = params.has("format") ? params.get("format") : "md";
  Result<ExportedFile> file = services_.toolkits->Export(req.matches[1], format);
  if (!file.ok()) return WriteError(res, file.status());
  res.status = 200;
  res.set_content(std::move(file->body), file->content_type);
  res.set_header("Content-Disposition", "attachment; filename=\"" + file->file_name + "\"");
  res.set_header("Cache-Control", "no-cache");
}

}  // namespace ch
