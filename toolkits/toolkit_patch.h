// toolkit_patch.h: partial changes to a toolkit (the body of PATCH /api/v1/toolkits/{id}).
//
// A patch is one JSON object; every member is optional, at least one is required, and the members
// are applied in this fixed order, each step seeing the result of the previous one:
//
//   1. "title", "description"   replace the text; "language" the toolkit's language (toolkit.h).
//   2. "sections"               replaces the whole section list ([{id, title}], as in create).
//   3. "remove_items"           [0, "resource-id", ...]: removes items, each named by its index in
//                               the item list as it was BEFORE the patch (0-based) or by its
//                               resource id. All are resolved first, then removed together.
//   4. "update_items"           [{"resource_id", "note"?, "section_id"?}]: changes the note and/or
//                               section of an existing item (section_id null or "" = no section).
//   5. "add_items"              [{"resource_id", "note"?, "section_id"?, "position"?}]: inserts
//                               new items one after another at `position` (0-based index in the
//                               list at that moment; clamped to the end; default: append).
//   6. "move_items"             [{"resource_id", "to"}]: moves items one after another; `to` is
//                               the 0-based index the item has after its move.
//   7. "order"                  ["resource-id", ...]: the complete new order, which must name
//                               every item exactly once.
//   "version" (optional)        the version the patch was written against (see ToolkitService).
//
// Example: {"title": "Gun crime toolkit", "remove_items": [2],
//           "add_items": [{"resource_id": "nibin-lead-tracker-tool", "note": "Track leads.",
//                          "position": 0}],
//           "move_items": [{"resource_id": "etrace-firearm-tracing-fact-sheet", "to": 1}]}
//
// ApplyToolkitPatch checks each operation's own fields (the note and section title limits, id
// syntax, references to items and sections that exist), naming the operation in field()
// ("add_items[1].note", "remove_items[0]", "order"). The caller validates the resulting content
// as a whole (ValidateToolkitContent: item count, ...). Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "toolkits/toolkit.h"

namespace ch {

// An item named by its index before the patch, or by its resource id.
struct ItemRef {
  std::optional<size_t> index;
  std::string resource_id;  // used when index is empty
};

struct ItemUpdate {
  std::string resource_id;
  std::optional<std::string> note;
  std::optional<std::string> section_id;  // "" moves the item out of its section
};

struct ItemAddition {
  ToolkitItem item;
  std::optional<size_t> position;
};

struct ItemMove {
  std::string resource_id;
  size_t to = 0;
};

struct ToolkitPatch {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> language;  // the toolkit's language (toolkit.h)
  std::optional<std::vector<ToolkitSection>> sections;
  std::vector<ItemRef> remove_items;
  std::vector<ItemUpdate> update_items;
  std::vector<ItemAddition> add_items;
  std::vector<ItemMove> move_items;
  std::optional<std::vector<std::string>> order;
  std::optional<int64_t> version;  // the expected version, when the body gives one

  // True when the patch changes nothing (no member but perhaps "version").
  bool empty() const;
};

// `content` with `patch` applied. Errors: InvalidArgument with the operation's field path.
Result<ToolkitContent> ApplyToolkitPatch(const ToolkitContent& content, const ToolkitPatch& patch,
                                         const ToolkitLimits& limits);

}  // namespace ch
