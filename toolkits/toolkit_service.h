// toolkit_service.h: everything the toolkit API does, without HTTP.
//
// The caller (the HTTP layer's ToolkitRoutes) passes the request body (bytes), the toolkit id
// from the path, the edit key from `Authorization: Bearer KEY` and the version from `If-Match`,
// and writes back what the service returns through toolkit_json.h (EncodeToolkit,
// EncodeCreatedToolkit, EncodeFeaturedList) or an export (toolkit_export.h):
//
//   ToolkitService service(store, directory, featured, ToolkitServiceOptions());
//   Result<CreatedToolkit> made = service.Create(body);
//   if (!made.ok()) return made.status();
//   std::string json = EncodeCreatedToolkit(made->toolkit, made->edit_key);
//
// Ownership: the store, directory and featured toolkits are borrowed and must outlive the
// service. Thread-safety: safe to call from many threads at once (the service's own state is
// immutable; the store and directory are thread-safe by contract).
//
// Errors (server/http/api_error.h is the one place that maps them to HTTP statuses):
//   InvalidArgument, field() == "body"  malformed JSON, or not an object
//   InvalidArgument, other field()      a rule of the model, a limit (the message names it),
//                                       unknown resource ids (field() == "items", every
//                                       unknown id listed in the message), a bad
//                                       draft request ("q", "size", "focus_areas")
//   InvalidArgument, field() "format"   Export: unknown format (a query parameter)
//   ResourceExhausted                   body larger than limits.max_request_bytes
//   Unauthenticated                     no edit key given
//   PermissionDenied                    wrong edit key, or a featured toolkit
//   NotFound                            no toolkit with that id
//   FailedPrecondition                  the expected version is stale
//   Unavailable                         index or database busy or missing
//   IOError, Corruption, Internal       storage failures
//
// Versions: Replace, Patch and Delete take the version the client read (If-Match). Replace and
// Patch also accept it as "version" in the body; the argument wins when both are given. With a
// version, a stale write fails with FailedPrecondition. Without one, Replace is last-writer-wins
// and Patch is applied to the current state (re-read and re-applied, up to
// max_update_attempts times, when a concurrent write gets in between), so concurrent patches
// that add different items all land; past that it gives up with FailedPrecondition.
//
// Unknown resources: on Create every item's resource must exist in the directory. On Replace and
// Patch only resources that are not already in the stored toolkit must exist, so that a toolkit
// holding a since-removed resource (shown as "available": false) can still be edited.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "indexer/taxonomy.h"
#include "toolkits/featured_toolkits.h"
#include "toolkits/resolved_toolkit.h"
#include "toolkits/resource_directory.h"
#include "toolkits/toolkit.h"
#include "toolkits/toolkit_drafter.h"
#include "toolkits/toolkit_export.h"
#include "toolkits/toolkit_patch.h"
#include "toolkits/toolkit_store.h"

namespace ch {

struct ToolkitServiceOptions {
  ToolkitLimits limits;
  DraftOptions draft;
  int max_update_attempts = 5;  // re-reads of a Patch/Replace without a version on conflict
  // The labels of exports in languages other than English (export_locale.h); null: ids are shown
  // as readable labels. Must outlive the service.
  const Taxonomy* taxonomy = nullptr;
  // Unix milliseconds now; the system clock when empty (tests set a fixed clock). Called from
  // many threads at once, so it must be thread-safe.
  std::function<int64_t()> clock;
};

struct CreatedToolkit {
  ResolvedToolkit toolkit;
  std::string edit_key;  // shown to the creator once; only its hash is stored
};

class ToolkitService {
 public:
  ToolkitService(ToolkitStore& store, ResourceDirectory& directory,
                 const FeaturedToolkits& featured, ToolkitServiceOptions options = {});

  // POST /toolkits. `body`: {"title", "description"?, "sections"?, "items"?} (toolkit_json.h).
  // Returns the saved toolkit (version 1) and its new edit key.
  Result<CreatedToolkit> Create(std::string_view body);
  Result<CreatedToolkit> Create(const ToolkitContent& content);

  // GET /toolkits/{id}: a saved or featured toolkit, resolved against the index now. A featured
  // toolkit comes in `lang` when its file translates it (featured_toolkits.h); a saved one is
  // always as its owner wrote it.
  Result<ResolvedToolkit> Get(const std::string& id, std::string_view lang = "");

  // PUT /toolkits/{id}: replaces title, description, sections and items.
  Result<ResolvedToolkit> Replace(const std::string& id, std::string_view edit_key,
                                  std::string_view body, std::optional<int64_t> expected_version);
  Result<ResolvedToolkit> Replace(const std::string& id, std::string_view edit_key,
                                  const ToolkitContent& content,
                                  std::optional<int64_t> expected_version);

  // PATCH /toolkits/{id}: the patch format of toolkit_patch.h.
  Result<ResolvedToolkit> Patch(const std::string& id, std::string_view edit_key,
                                std::string_view body, std::optional<int64_t> expected_version);
  Result<ResolvedToolkit> Patch(const std::string& id, std::string_view edit_key,
                                const ToolkitPatch& patch, std::optional<int64_t> expected_version);

  // DELETE /toolkits/{id}.
  Status Delete(const std::string& id, std::string_view edit_key,
                std::optional<int64_t> expected_version);

  // POST /toolkits/{id}/copy: a new toolkit (new id, new edit key, version 1) with the content of
  // a saved or featured toolkit and copied_from = id. `body`: empty, or {"title"?} to rename.
  // Needs no key: anyone who can read a toolkit can fork it.
  // A featured toolkit is copied in `lang` (its translation, as Get).
  Result<CreatedToolkit> Copy(const std::string& id, std::string_view body,
                              std::string_view lang = "");

  // OK when `edit_key` is the key of saved toolkit `id`. Checked in this order: Unauthenticated
  // when the key is empty; NotFound for an unknown id; PermissionDenied when `id` is a featured
  // toolkit or the key is wrong (compared in constant time).
  Status Authorize(const std::string& id, std::string_view edit_key);

  // GET /toolkits/featured: the curated toolkits, unresolved (see EncodeFeaturedList), in `lang`
  // where translated.
  const std::vector<Toolkit>& ListFeatured(std::string_view lang = "") const {
    return featured_.list(lang);
  }

  // POST /toolkits/draft. `body`: {"q"?, "focus_areas"?, "size"?} (toolkit_drafter.h).
  Result<ResolvedToolkit> Draft(std::string_view body);

  // GET /toolkits/{id}/export?format=md|markdown|html|csv|json.
  // InvalidArgument (field "format") for another format.
  Result<ExportedFile> Export(const std::string& id, std::string_view format,
                              std::string_view lang = "");

  const ToolkitServiceOptions& options() const { return options_; }

 private:
  int64_t Now() const;
  Result<ResolvedToolkit> ResolveToolkit(const Toolkit& toolkit, bool featured);
  // Checks content against the model and the index; ids in `grandfathered` need not exist.
  Status CheckContent(const ToolkitContent& content, const std::vector<std::string>& grandfathered,
                      std::unordered_map<std::string, ResourceSummary>* found);
  Result<CreatedToolkit> Insert(Toolkit toolkit,
                                std::unordered_map<std::string, ResourceSummary> found);
  // Read-modify-write with optimistic concurrency (see "Versions" above); the caller authorized.
  Result<ResolvedToolkit> Modify(
      const std::string& id, std::optional<int64_t> expected_version,
      const std::function<Result<ToolkitContent>(const ToolkitContent&)>& change);

  ToolkitStore& store_;
  ResourceDirectory& directory_;
  const FeaturedToolkits& featured_;
  ToolkitServiceOptions options_;
  ToolkitDrafter drafter_;
};

}  // namespace ch
