#include "toolkits/resolved_toolkit.h"

namespace ch {

std::vector<std::string> ResourceIdsOf(const ToolkitContent& content) {
  std::vector<std::string> ids;
  ids.reserve(content.items.size());
  for (const auto& item : content.items) ids.push_back(item.resource_id);
  return ids;
}

ResolvedToolkit Resolve(const Toolkit& toolkit,
                        const std::unordered_map<std::string, ResourceSummary>& found) {
  ResolvedToolkit out;
  out.toolkit = toolkit;
  out.items.reserve(toolkit.content.items.size());
  for (const auto& item : toolkit.content.items) {
    ResolvedItem r;
    r.item = item;
    auto it = found.find(item.resource_id);
    if (it != found.end()) {
      r.available = true;
      r.resource = it->second;
    } else {
      r.resource.id = item.resource_id;
    }
    out.items.push_back(std::move(r));
  }
  return out;
}

std::vector<ItemGroup> GroupBySection(const ResolvedToolkit& toolkit) {
  std::vector<ItemGroup> groups;
  for (const auto& section : toolkit.toolkit.content.sections) {
    ItemGroup group;
    group.section = &section;
    for (const auto& item : toolkit.items) {
      if (item.item.section_id == section.id) group.items.push_back(&item);
    }
    if (!group.items.empty()) groups.push_back(std::move(group));
  }
  ItemGroup loose;
  for (const auto& item : toolkit.items) {
    bool in_section = false;
    for (const auto& section : toolkit.toolkit.content.sections) {
      if (item.item.section_id == section.id) in_section = true;
    }
    if (!in_section) loose.items.push_back(&item);
  }
  if (!loose.items.empty()) groups.push_back(std::move(loose));
  return groups;
}

}  // namespace ch
