#include "toolkits/toolkit_patch.h"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace ch {
namespace {

std::string At(const char* list, size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// Index of the item holding `resource_id`, or npos.
size_t FindItem(const std::vector<ToolkitItem>& items, const std::string& resource_id) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].resource_id == resource_id) return i;
  }
  return std::string::npos;
}

bool HasSection(const ToolkitContent& c, const std::string& id) {
  return std::any_of(c.sections.begin(), c.sections.end(),
                     [&](const ToolkitSection& s) { return s.id == id; });
}

Status NoItem(const std::string& resource_id, const std::string& field) {
  return Status::InvalidArgument("the toolkit has no item for resource '" +
                                 resource_id.substr(0, 130) + "'")
      .WithField(field);
}

Status CheckSectionRef(const ToolkitContent& c, const std::string& section_id,
                       const std::string& field) {
  if (section_id.empty() || HasSection(c, section_id)) return Status::Ok();
  return Status::InvalidArgument("section_id '" + section_id.substr(0, 60) +
                                 "' names no section of this toolkit")
      .WithField(field);
}

Status RemoveItems(ToolkitContent& c, const std::vector<ItemRef>& refs) {
  std::set<size_t> doomed;
  for (size_t i = 0; i < refs.size(); ++i) {
    size_t index = std::string::npos;
    if (refs[i].index) {
      index = *refs[i].index;
      if (index >= c.items.size()) {
        return Status::InvalidArgument("there is no item at index " + std::to_string(index) +
                                       " (the toolkit has " + std::to_string(c.items.size()) +
                                       " items)")
            .WithField(At("remove_items", i));
      }
    } else {
      index = FindItem(c.items, refs[i].resource_id);
      if (index == std::string::npos) return NoItem(refs[i].resource_id, At("remove_items", i));
    }
    doomed.insert(index);
  }
  std::vector<ToolkitItem> kept;
  for (size_t i = 0; i < c.items.size(); ++i) {
    if (!doomed.count(i)) kept.push_back(std::move(c.items[i]));
  }
  c.items = std::move(kept);
  return Status::Ok();
}

Status UpdateItems(ToolkitContent& c, const std::vector<ItemUpdate>& updates,
                   const ToolkitLimits& limits) {
  for (size_t i = 0; i < updates.size(); ++i) {
    const ItemUpdate& u = updates[i];
    const std::string path = At("update_items", i);
    size_t index = FindItem(c.items, u.resource_id);
    if (index == std::string::npos) return NoItem(u.resource_id, path + ".resource_id");
    if (u.note) {
      CH_RETURN_IF_ERROR(CheckItemNote(*u.note, limits).WithField(path + ".note"));
      c.items[index].note = *u.note;
    }
    if (u.section_id) {
      CH_RETURN_IF_ERROR(CheckSectionRef(c, *u.section_id, path + ".section_id"));
      c.items[index].section_id = *u.section_id;
    }
  }
  return Status::Ok();
}

Status AddItems(ToolkitContent& c, const std::vector<ItemAddition>& additions,
                const ToolkitLimits& limits) {
  for (size_t i = 0; i < additions.size(); ++i) {
    const ItemAddition& a = additions[i];
    const std::string path = At("add_items", i);
    CH_RETURN_IF_ERROR(CheckResourceId(a.item.resource_id).WithField(path + ".resource_id"));
    if (FindItem(c.items, a.item.resource_id) != std::string::npos) {
      return Status::InvalidArgument("resource '" + a.item.resource_id +
                                     "' is already in the toolkit; each resource may appear once")
          .WithField(path + ".resource_id");
    }
    CH_RETURN_IF_ERROR(CheckItemNote(a.item.note, limits).WithField(path + ".note"));
    CH_RETURN_IF_ERROR(CheckSectionRef(c, a.item.section_id, path + ".section_id"));
    if (c.items.size() >= limits.max_items) {
      return Status::InvalidArgument("a toolkit has at most " + std::to_string(limits.max_items) +
                                     " items")
          .WithField(path);
    }
    size_t position = std::min(a.position.value_or(c.items.size()), c.items.size());
    c.items.insert(c.items.begin() + static_cast<std::ptrdiff_t>(position), a.item);
  }
  return Status::Ok();
}

Status MoveItems(ToolkitContent& c, const std::vector<ItemMove>& moves) {
  for (size_t i = 0; i < moves.size(); ++i) {
    const ItemMove& m = moves[i];
    const std::string path = At("move_items", i);
    size_t from = FindItem(c.items, m.resource_id);
    if (from == std::string::npos) return NoItem(m.resource_id, path + ".resource_id");
    if (m.to >= c.items.size()) {
      return Status::InvalidArgument("'to' is " + std::to_string(m.to) +
                                     "; it must be below the item count (" +
                                     std::to_string(c.items.size()) + ")")
          .WithField(path + ".to");
    }
    ToolkitItem item = std::move(c.items[from]);
    c.items.erase(c.items.begin() + static_cast<std::ptrdiff_t>(from));
    c.items.insert(c.items.begin() + static_cast<std::ptrdiff_t>(m.to), std::move(item));
  }
  return Status::Ok();
}

Status Reorder(ToolkitContent& c, const std::vector<std::string>& order) {
  if (order.size() != c.items.size()) {
    return Status::InvalidArgument("order names " + std::to_string(order.size()) +
                                   " items; the toolkit has " + std::to_string(c.items.size()) +
                                   " and order must name each exactly once")
        .WithField("order");
  }
  std::unordered_set<std::string> seen;
  std::vector<ToolkitItem> reordered;
  reordered.reserve(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    size_t index = FindItem(c.items, order[i]);
    if (index == std::string::npos) return NoItem(order[i], At("order", i));
    if (!seen.insert(order[i]).second) {
      return Status::InvalidArgument("resource '" + order[i] + "' is named twice")
          .WithField(At("order", i));
    }
    reordered.push_back(c.items[index]);
  }
  c.items = std::move(reordered);
  return Status::Ok();
}

}  // namespace

bool ToolkitPatch::empty() const {
  return !title && !description && !language && !sections && remove_items.empty() &&
         update_items.empty() && add_items.empty() && move_items.empty() && !order;
}

Result<ToolkitContent> ApplyToolkitPatch(const ToolkitContent& content, const ToolkitPatch& patch,
                                         const ToolkitLimits& limits) {
  if (patch.empty()) {
    return Status::InvalidArgument(
        "the patch changes nothing: give at least one of title, description, language, sections, "
        "remove_items, update_items, add_items, move_items, order");
  }
  ToolkitContent c = content;
  if (patch.title) {
    CH_RETURN_IF_ERROR(CheckToolkitTitle(*patch.title, limits).WithField("title"));
    c.title = *patch.title;
  }
  if (patch.description) {
    CH_RETURN_IF_ERROR(
        CheckToolkitDescription(*patch.description, limits).WithField("description"));
    c.description = *patch.description;
  }
  if (patch.language) {
    CH_RETURN_IF_ERROR(CheckToolkitLanguage(*patch.language).WithField("language"));
    c.language = *patch.language;
  }
  if (patch.sections) {
    c.sections = *patch.sections;
    for (size_t i = 0; i < c.sections.size(); ++i) {
      const std::string path = At("sections", i);
      CH_RETURN_IF_ERROR(CheckSectionId(c.sections[i].id, limits).WithField(path + ".id"));
      CH_RETURN_IF_ERROR(CheckSectionTitle(c.sections[i].title, limits).WithField(path + ".title"));
    }
  }
  CH_RETURN_IF_ERROR(RemoveItems(c, patch.remove_items));
  CH_RETURN_IF_ERROR(UpdateItems(c, patch.update_items, limits));
  CH_RETURN_IF_ERROR(AddItems(c, patch.add_items, limits));
  CH_RETURN_IF_ERROR(MoveItems(c, patch.move_items));
  if (patch.order) CH_RETURN_IF_ERROR(Reorder(c, *patch.order));
  return c;
}

}  // namespace ch
