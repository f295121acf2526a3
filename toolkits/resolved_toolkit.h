// resolved_toolkit.h: a toolkit joined with the index at read time.
//
// Toolkits store resource ids only; titles, summaries and links are looked up when the toolkit is
// read, so a toolkit always shows the current version of each resource. A resource that has left
// the index keeps its item (id and note) with `available = false`; that is never an error.
// Every reader of toolkits (the JSON encoder, the exporters) takes a ResolvedToolkit.
//
//   Result<std::unordered_map<std::string, ResourceSummary>> found =
//       directory.Summaries(ResourceIdsOf(toolkit.content));
//   ResolvedToolkit view = Resolve(toolkit, *found);
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/resource.h"
#include "toolkits/toolkit.h"

namespace ch {

struct ResolvedItem {
  ToolkitItem item;
  bool available = false;    // the resource is in the index now
  ResourceSummary resource;  // when available; otherwise only resource.id is set
};

// A featured toolkit that matches a draft's question well (toolkit_drafter.h), offered before the
// draft itself.
struct FeaturedMatch {
  std::string id;  // empty when none matches
  std::string title;
  std::string description;
  size_t matched_items = 0;  // of its items, how many are among the question's best matches
  size_t item_count = 0;
};

struct ResolvedToolkit {
  Toolkit toolkit;
  std::vector<ResolvedItem> items;  // parallel to toolkit.content.items
  bool featured = false;            // a curated, read-only toolkit (featured_toolkits.h)
  bool draft = false;               // proposed by the drafter, not saved
  FeaturedMatch featured_match;     // drafts only: the featured toolkit to offer first, if any
};

// The resource ids of `content`'s items, in item order.
std::vector<std::string> ResourceIdsOf(const ToolkitContent& content);

// Joins `toolkit` with `found` (summaries by resource id).
ResolvedToolkit Resolve(const Toolkit& toolkit,
                        const std::unordered_map<std::string, ResourceSummary>& found);

// The items of a toolkit grouped for display: the sections in order, each with its items in item
// order, then the items in no section. Sections without items are left out. When the toolkit has
// no sections, the result is one group without a section holding every item. The pointers point
// into `toolkit`, which must outlive the groups.
struct ItemGroup {
  const ToolkitSection* section = nullptr;  // null for items in no section
  std::vector<const ResolvedItem*> items;
};
std::vector<ItemGroup> GroupBySection(const ResolvedToolkit& toolkit);

}  // namespace ch
