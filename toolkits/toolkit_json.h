// toolkit_json.h: the JSON of the toolkit API, both ways (RapidJSON, never string building).
//
// Parsers take the raw request body and return plain structs; encoders take resolved toolkits
// and return the response body. The HTTP layer passes bytes in and out and maps errors:
//
//   Result<ToolkitInput> in = ParseToolkitJson(req.body, limits);
//   if (!in.ok()) ...  // InvalidArgument; field() == kBodyField when the JSON itself is broken
//
// Parse errors:
//   - malformed JSON: InvalidArgument, field() == "body", message "malformed JSON at line L,
//     column C (byte offset O): <what RapidJSON expected>" (columns count characters, 1-based);
//   - body over limits.max_request_bytes: ResourceExhausted, field() == "body";
//   - wrong shape: InvalidArgument with field() = the JSON path ("items[3].note"): a member of
//     the wrong type, an unknown member (to catch typos), a missing required member.
// Members the API writes but does not read (id, version, created_at, updated_at, copied_from,
// featured, draft, item_count, edit_key; per item: available, resource) are accepted and
// ignored, so that a client may send back what it read. "version" is read as the expected
// version. Parsers check JSON shape only; the model's rules are ValidateToolkitContent's.
//
// Toolkit JSON (responses of create, get, replace, patch, copy and draft; the JSON export):
//   {"id": "q3Zt7mWk2bXa" | null, "title": "...", "description": "...",
//    "sections": [{"id": "start-here", "title": "Start here"}],
//    "items": [{"resource_id": "...", "note": "...", "section_id": "start-here" | null,
//               "available": true,
//               "resource": {"id", "title", "summary", "type", "focus_areas": [...],
//                            "source" | null, "published" | null, "url" | null} | null}],
//    "item_count": 1, "copied_from": "..." | null, "featured": false, "draft": false,
//    "version": 3, "created_at": "2025-03-01T14:05:09.120Z" | null, "updated_at": ... | null}
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "toolkits/resolved_toolkit.h"
#include "toolkits/toolkit.h"
#include "toolkits/toolkit_drafter.h"
#include "toolkits/toolkit_patch.h"

namespace ch {

// field() of errors that concern the body as a whole (malformed, too large, not an object).
inline constexpr char kBodyField[] = "body";

// The body of create and replace: {"title", "description"?, "sections"?, "items"?, "version"?}.
struct ToolkitInput {
  ToolkitContent content;
  std::optional<int64_t> version;  // the version the client read, when it sends it
};
Result<ToolkitInput> ParseToolkitJson(std::string_view body, const ToolkitLimits& limits);

// The body of PATCH (format in toolkit_patch.h).
Result<ToolkitPatch> ParseToolkitPatchJson(std::string_view body, const ToolkitLimits& limits);

// The body of a draft request: {"q"?: "...", "focus_areas"?: [...], "size"?: 10}.
Result<DraftRequest> ParseDraftRequestJson(std::string_view body, const ToolkitLimits& limits);

// The body of copy: empty, or {"title"?: "..."} to name the copy.
struct CopyRequest {
  std::optional<std::string> title;
};
Result<CopyRequest> ParseCopyRequestJson(std::string_view body, const ToolkitLimits& limits);

// The toolkit JSON above. `pretty` indents it (the JSON export).
std::string EncodeToolkit(const ResolvedToolkit& toolkit, bool pretty = false);

// The create and copy response: the toolkit JSON with "edit_key" as its first member. The key is
// in no other response: this is the only time the client sees it.
std::string EncodeCreatedToolkit(const ResolvedToolkit& toolkit, const std::string& edit_key);

// The featured list: {"toolkits": [{"id", "title", "description", "sections": [...],
// "item_count"}]}, in the order given.
std::string EncodeFeaturedList(const std::vector<Toolkit>& toolkits);

}  // namespace ch
