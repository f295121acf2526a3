#include "toolkits/toolkit_service.h"

#include <algorithm>
#include <chrono>
#include <unordered_set>

#include "toolkits/toolkit_json.h"
#include "toolkits/toolkit_keys.h"

namespace ch {
namespace {

constexpr int kMaxIdAttempts = 5;  // new ids tried when one is taken (about never happens)
constexpr size_t kMaxIdInUrl = 200;

Status NoSuchToolkit(const std::string& id) {
  return Status::NotFound("no toolkit with id '" + id.substr(0, kMaxIdInUrl) + "'");
}

}  // namespace

ToolkitService::ToolkitService(ToolkitStore& store, ResourceDirectory& directory,
                               const FeaturedToolkits& featured, ToolkitServiceOptions options)
    : store_(store),
      directory_(directory),
      featured_(featured),
      options_(std::move(options)),
      drafter_(
          directory,
          [this] {
            DraftOptions d = options_.draft;
            d.limits = options_.limits;
            return d;
          }(),
          &featured) {}

int64_t ToolkitService::Now() const {
  if (options_.clock) return options_.clock();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<ResolvedToolkit> ToolkitService::ResolveToolkit(const Toolkit& toolkit, bool featured) {
  Result<std::unordered_map<std::string, ResourceSummary>> found =
      directory_.Summaries(ResourceIdsOf(toolkit.content));
  if (!found.ok()) return found.status();
  ResolvedToolkit resolved = Resolve(toolkit, *found);
  resolved.featured = featured;
  return resolved;
}

Status ToolkitService::CheckContent(const ToolkitContent& content,
                                    const std::vector<std::string>& grandfathered,
                                    std::unordered_map<std::string, ResourceSummary>* found) {
  CH_RETURN_IF_ERROR(ValidateToolkitContent(content, options_.limits));
  Result<std::unordered_map<std::string, ResourceSummary>> summaries =
      directory_.Summaries(ResourceIdsOf(content));
  if (!summaries.ok()) return summaries.status();
  std::unordered_set<std::string> allowed(grandfathered.begin(), grandfathered.end());
  std::string unknown;
  size_t unknown_count = 0;
  for (const auto& item : content.items) {
    if (summaries->count(item.resource_id) || allowed.count(item.resource_id)) continue;
    unknown += (unknown.empty() ? "'" : ", '") + item.resource_id + "'";
    ++unknown_count;
  }
  if (unknown_count > 0) {
    return Status::InvalidArgument(std::string(unknown_count == 1 ? "unknown resource id: "
                                                                  : "unknown resource ids: ") +
                                   unknown)
        .WithField("items");
  }
  *found = std::move(summaries).value();
  return Status::Ok();
}

Result<CreatedToolkit> ToolkitService::Insert(
    Toolkit toolkit, std::unordered_map<std::string, ResourceSummary> found) {
  CH_ASSIGN_OR_RETURN(std::string key, NewEditKey());
  toolkit.created_at_ms = toolkit.updated_at_ms = Now();
  toolkit.version = 1;
  // A new id is drawn when the one drawn is taken (by a saved or a featured toolkit): with 72
  // random bits this practically never happens, and a few attempts bound the loop.
  Status created = Status::AlreadyExists("no free toolkit id found");
  for (int attempt = 0; attempt < kMaxIdAttempts && !created.ok(); ++attempt) {
    CH_ASSIGN_OR_RETURN(std::string id, NewToolkitId());
    toolkit.id = id;
    if (featured_.Find(toolkit.id)) continue;
    created = store_.Create(toolkit, HashEditKey(key));
    if (!created.ok() && created.code() != Status::Code::kAlreadyExists) return created;
  }
  CH_RETURN_IF_ERROR(created);
  CreatedToolkit out;
  out.toolkit = Resolve(toolkit, found);
  out.edit_key = std::move(key);
  return out;
}

Result<CreatedToolkit> ToolkitService::Create(std::string_view body) {
  CH_ASSIGN_OR_RETURN(ToolkitInput input, ParseToolkitJson(body, options_.limits));
  return Create(input.content);
}

Result<CreatedToolkit> ToolkitService::Create(const ToolkitContent& content) {
  std::unordered_map<std::string, ResourceSummary> found;
  CH_RETURN_IF_ERROR(CheckContent(content, {}, &found));
  Toolkit toolkit;
  toolkit.content = content;
  return Insert(std::move(toolkit), std::move(found));
}

Result<ResolvedToolkit> ToolkitService::Get(const std::string& id, std::string_view lang) {
  if (LooksLikeToolkitId(id)) {
    Result<Toolkit> stored = store_.Get(id);
    if (stored.ok()) return ResolveToolkit(*stored, /*featured=*/false);
    if (stored.status().code() != Status::Code::kNotFound) return stored.status();
  }
  if (const Toolkit* featured = featured_.Find(id, lang)) return ResolveToolkit(*featured, true);
  return NoSuchToolkit(id);
}

Status ToolkitService::Authorize(const std::string& id, std::string_view edit_key) {
  if (edit_key.empty()) {
    return Status::Unauthenticated(
        "changing a toolkit needs its edit key (Authorization: Bearer EDIT_KEY)");
  }
  Result<std::string> hash =
      LooksLikeToolkitId(id) ? store_.GetEditKeyHash(id) : Result<std::string>(NoSuchToolkit(id));
  if (!hash.ok()) {
    if (hash.status().code() == Status::Code::kNotFound && featured_.Find(id)) {
      return Status::PermissionDenied(
          "featured toolkits are read-only; copy this one to edit your own");
    }
    return hash.status();
  }
  if (!EditKeyMatches(edit_key, *hash)) {
    return Status::PermissionDenied("the edit key does not match this toolkit");
  }
  return Status::Ok();
}

Result<ResolvedToolkit> ToolkitService::Modify(
    const std::string& id, std::optional<int64_t> expected_version,
    const std::function<Result<ToolkitContent>(const ToolkitContent&)>& change) {
  const int attempts = expected_version ? 1 : std::max(1, options_.max_update_attempts);
  Status last;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    CH_ASSIGN_OR_RETURN(Toolkit current, store_.Get(id));
    if (expected_version && *expected_version != current.version) {
      return Status::FailedPrecondition("toolkit '" + id + "' is at version " +
                                        std::to_string(current.version) + ", not " +
                                        std::to_string(*expected_version) +
                                        ": it was changed since you read it")
          .WithField("version");
    }
    CH_ASSIGN_OR_RETURN(ToolkitContent changed, change(current.content));
    std::unordered_map<std::string, ResourceSummary> found;
    CH_RETURN_IF_ERROR(CheckContent(changed, ResourceIdsOf(current.content), &found));
    Toolkit next = current;
    next.content = std::move(changed);
    next.updated_at_ms = std::max(Now(), current.updated_at_ms);
    Result<Toolkit> saved = store_.Update(next, current.version);
    if (saved.ok()) return Resolve(*saved, found);
    if (saved.status().code() != Status::Code::kFailedPrecondition) return saved.status();
    last = saved.status();  // someone wrote in between: read again and re-apply
  }
  return last;
}

Result<ResolvedToolkit> ToolkitService::Replace(const std::string& id, std::string_view edit_key,
                                                std::string_view body,
                                                std::optional<int64_t> expected_version) {
  CH_RETURN_IF_ERROR(Authorize(id, edit_key));
  CH_ASSIGN_OR_RETURN(ToolkitInput input, ParseToolkitJson(body, options_.limits));
  const ToolkitContent& content = input.content;
  return Modify(id, expected_version ? expected_version : input.version,
                [&](const ToolkitContent&) -> Result<ToolkitContent> { return content; });
}

Result<ResolvedToolkit> ToolkitService::Replace(const std::string& id, std::string_view edit_key,
                                                const ToolkitContent& content,
                                                std::optional<int64_t> expected_version) {
  CH_RETURN_IF_ERROR(Authorize(id, edit_key));
  return Modify(id, expected_version,
                [&](const ToolkitContent&) -> Result<ToolkitContent> { return content; });
}

Result<ResolvedToolkit> ToolkitService::Patch(const std::string& id, std::string_view edit_key,
                                              std::string_view body,
                                              std::optional<int64_t> expected_version) {
  CH_RETURN_IF_ERROR(Authorize(id, edit_key));
  CH_ASSIGN_OR_RETURN(ToolkitPatch patch, ParseToolkitPatchJson(body, options_.limits));
  const ToolkitPatch& changes = patch;
  return Modify(id, expected_version ? expected_version : changes.version,
                [&](const ToolkitContent& current) {
                  return ApplyToolkitPatch(current, changes, options_.limits);
                });
}

Result<ResolvedToolkit> ToolkitService::Patch(const std::string& id, std::string_view edit_key,
                                              const ToolkitPatch& patch,
                                              std::optional<int64_t> expected_version) {
  CH_RETURN_IF_ERROR(Authorize(id, edit_key));
  return Modify(id, expected_version, [&](const ToolkitContent& current) {
    return ApplyToolkitPatch(current, patch, options_.limits);
  });
}

Status ToolkitService::Delete(const std::string& id, std::string_view edit_key,
                              std::optional<int64_t> expected_version) {
  CH_RETURN_IF_ERROR(Authorize(id, edit_key));
  return store_.Delete(id, expected_version);
}

Result<CreatedToolkit> ToolkitService::Copy(const std::string& id, std::string_view body,
                                            std::string_view lang) {
  CH_ASSIGN_OR_RETURN(CopyRequest request, ParseCopyRequestJson(body, options_.limits));
  Toolkit source;
  if (LooksLikeToolkitId(id)) {
    Result<Toolkit> stored = store_.Get(id);
    if (stored.ok()) {
      source = std::move(stored).value();
    } else if (stored.status().code() != Status::Code::kNotFound) {
      return stored.status();
    }
  }
  if (source.id.empty()) {
    const Toolkit* featured = featured_.Find(id, lang);
    if (!featured) return NoSuchToolkit(id);
    source = *featured;
  }
  Toolkit copy;
  copy.content = source.content;
  copy.copied_from = source.id;
  if (request.title) {
    CH_RETURN_IF_ERROR(CheckToolkitTitle(*request.title, options_.limits).WithField("title"));
    copy.content.title = *request.title;
  }
  Result<std::unordered_map<std::string, ResourceSummary>> found =
      directory_.Summaries(ResourceIdsOf(copy.content));
  if (!found.ok()) return found.status();
  return Insert(std::move(copy), std::move(found).value());
}

Result<ResolvedToolkit> ToolkitService::Draft(std::string_view body) {
  CH_ASSIGN_OR_RETURN(DraftRequest request, ParseDraftRequestJson(body, options_.limits));
  return drafter_.Draft(request);
}

Result<ExportedFile> ToolkitService::Export(const std::string& id, std::string_view format,
                                            std::string_view lang) {
  CH_ASSIGN_OR_RETURN(ExportFormat parsed, ParseExportFormat(format));
  CH_ASSIGN_OR_RETURN(ResolvedToolkit toolkit, Get(id, lang));
  return ExportToolkit(toolkit, parsed, options_.taxonomy);
}

}  // namespace ch
