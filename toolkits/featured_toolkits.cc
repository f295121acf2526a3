#include "toolkits/featured_toolkits.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/file_util.h"
#include "base/slug.h"

namespace ch {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxFeaturedFileBytes = 1 << 20;

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

class FileParser {
 public:
  FileParser(const std::string& path, const std::unordered_set<std::string>& resource_ids,
             const ToolkitLimits& limits)
      : path_(path), resource_ids_(resource_ids), limits_(limits) {}

  FeaturedFile Parse(std::string_view text) {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text));
      ParseRoot(root);
    } catch (const YAML::Exception& e) {
      Error(e.mark, "file", "YAML error: " + e.msg);
    }
    if (!HasErrors(out_.diagnostics)) out_.toolkit = std::move(toolkit_);
    return std::move(out_);
  }

 private:
  void Error(const YAML::Mark& mark, const std::string& field, const std::string& message) {
    Diagnostic d;
    d.path = path_;
    d.line = mark.is_null() ? 0 : mark.line + 1;
    d.column = mark.is_null() ? 0 : mark.column + 1;
    d.field = field;
    d.message = message;
    out_.diagnostics.push_back(std::move(d));
  }
  // Reports a failed single-field check at the node's position; true when it passed.
  bool Check(const Status& status, const YAML::Node& node, const std::string& field) {
    if (status.ok()) return true;
    Error(node.Mark(), field, status.message());
    return false;
  }
  bool UnknownKeys(const YAML::Node& map, const std::string& where,
                   std::initializer_list<const char*> known) {
    bool clean = true;
    for (const auto& kv : map) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; })) {
        std::string list;
        for (const char* k : known) list += (list.empty() ? "" : ", ") + std::string(k);
        Error(kv.first.Mark(), where.empty() ? key : where + "." + key,
              "unknown key '" + key + "' (known: " + list + ")");
        clean = false;
      }
    }
    return clean;
  }
  // The scalar at map[key]; reports a missing required key at the map's position.
  std::optional<std::string> Scalar(const YAML::Node& map, const char* key,
                                    const std::string& field, bool required) {
    YAML::Node node = map[key];
    if (!node || node.IsNull()) {
      if (required) Error(map.Mark(), field, "'" + std::string(key) + "' is required");
      return std::nullopt;
    }
    if (!node.IsScalar()) {
      Error(node.Mark(), field, "must be text");
      return std::nullopt;
    }
    return node.Scalar();
  }

  void ParseRoot(const YAML::Node& root) {
    if (!root.IsMap()) {
      Error(root.Mark(), "file", "a featured toolkit file must be a YAML mapping");
      return;
    }
    UnknownKeys(root, "", {"id", "title", "description", "sections"});
    ToolkitContent& c = toolkit_.content;
    if (auto id = Scalar(root, "id", "id", true)) {
      if (Check(IsValidSlug(*id)
                    ? Status::Ok()
                    : Status::InvalidArgument("id must be lowercase letters, digits and hyphens"),
                root["id"], "id")) {
        toolkit_.id = *id;
      }
    }
    if (auto title = Scalar(root, "title", "title", true)) {
      c.title = Trim(*title);
      Check(CheckToolkitTitle(c.title, limits_), root["title"], "title");
    }
    if (auto description = Scalar(root, "description", "description", false)) {
      c.description = Trim(*description);
      Check(CheckToolkitDescription(c.description, limits_), root["description"], "description");
    }
    YAML::Node sections = root["sections"];
    if (!sections || !sections.IsSequence() || sections.size() == 0) {
      Error(sections ? sections.Mark() : root.Mark(), "sections",
            "'sections' must be a non-empty list of {id, title, items}");
      return;
    }
    if (sections.size() > limits_.max_sections) {
      Error(sections.Mark(), "sections",
            "at most " + std::to_string(limits_.max_sections) + " sections");
    }
    std::set<std::string> section_ids, resources;
    for (size_t i = 0; i < sections.size(); ++i) {
      ParseSection(sections[i], "sections[" + std::to_string(i) + "]", section_ids, resources);
    }
    if (c.items.size() > limits_.max_items) {
      Error(sections.Mark(), "sections",
            "at most " + std::to_string(limits_.max_items) + " items in all");
    }
  }

  void ParseSection(const YAML::Node& node, const std::string& where,
                    std::set<std::string>& section_ids, std::set<std::string>& resources) {
    if (!node.IsMap()) {
      Error(node.Mark(), where, "a section is a mapping {id, title, items}");
      return;
    }
    UnknownKeys(node, where, {"id", "title", "items"});
    ToolkitSection section;
    if (auto title = Scalar(node, "title", where + ".title", true)) {
      section.title = Trim(*title);
      Check(CheckSectionTitle(section.title, limits_), node["title"], where + ".title");
    }
    if (auto id = Scalar(node, "id", where + ".id", false)) {
      section.id = *id;
      Check(CheckSectionId(section.id, limits_), node["id"], where + ".id");
    } else {
      section.id = SlugFromFileName(section.title).substr(0, limits_.max_section_id_chars);
      while (!section.id.empty() && section.id.back() == '-') section.id.pop_back();
      if (section.id.empty()) section.id = "section-" + std::to_string(section_ids.size() + 1);
    }
    if (!section_ids.insert(section.id).second) {
      Error(node.Mark(), where + ".id", "section id '" + section.id + "' is used twice");
    }
    YAML::Node items = node["items"];
    if (!items || !items.IsSequence() || items.size() == 0) {
      Error(items ? items.Mark() : node.Mark(), where + ".items",
            "'items' must be a non-empty list of {resource, note}");
    } else {
      for (size_t i = 0; i < items.size(); ++i) {
        ParseItem(items[i], where + ".items[" + std::to_string(i) + "]", section.id, resources);
      }
    }
    toolkit_.content.sections.push_back(std::move(section));
  }

  void ParseItem(const YAML::Node& node, const std::string& where, const std::string& section_id,
                 std::set<std::string>& resources) {
    if (!node.IsScalar() && !node.IsMap()) {
      Error(node.Mark(), where, "an item is a mapping {resource, note}");
      return;
    }
    // Careful: assigning one YAML::Node to another rewrites the first node's content, so the
    // resource's node is bound once, never reassigned.
    const YAML::Node resource_node = node.IsMap() ? node["resource"] : node;
    const std::string field = where + (node.IsMap() ? ".resource" : "");
    ToolkitItem item;
    item.section_id = section_id;
    if (node.IsMap()) {
      UnknownKeys(node, where, {"resource", "note"});
      auto resource = Scalar(node, "resource", field, true);
      if (!resource) return;
      item.resource_id = *resource;
      if (auto note = Scalar(node, "note", where + ".note", false)) {
        item.note = Trim(*note);
        Check(CheckItemNote(item.note, limits_), node["note"], where + ".note");
      }
    } else {
      item.resource_id = node.Scalar();
    }
    if (!Check(CheckResourceId(item.resource_id), resource_node, field)) return;
    if (!resource_ids_.count(item.resource_id)) {
      Error(resource_node.Mark(), field, "no resource with id '" + item.resource_id + "'");
    }
    if (!resources.insert(item.resource_id).second) {
      Error(resource_node.Mark(), field,
            "resource '" + item.resource_id + "' is listed twice; each may appear once");
    }
    toolkit_.content.items.push_back(std::move(item));
  }

  const std::string& path_;
  const std::unordered_set<std::string>& resource_ids_;
  const ToolkitLimits& limits_;
  Toolkit toolkit_;
  FeaturedFile out_;
};

Result<std::vector<std::string>> ListYamlFiles(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return files;
  fs::directory_iterator it(dir, ec);
  if (ec) return Status::IOError("cannot read " + dir + ": " + ec.message());
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IOError("cannot read " + dir + ": " + ec.message());
    const std::string name = it->path().filename().string();
    const std::string ext = it->path().extension().string();
    if (name.empty() || name[0] == '.' || name[0] == '_') continue;
    if (ext != ".yaml" && ext != ".yml") continue;
    if (!it->is_regular_file(ec)) continue;
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The `resource` values of a file, read leniently (errors are reported by the real parse).
void CollectResourceIds(const std::string& text, std::vector<std::string>* ids) {
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["sections"] || !root["sections"].IsSequence()) return;
    for (const auto& section : root["sections"]) {
      if (!section.IsMap() || !section["items"] || !section["items"].IsSequence()) continue;
      for (const auto& item : section["items"]) {
        if (item.IsScalar()) ids->push_back(item.Scalar());
        if (item.IsMap() && item["resource"] && item["resource"].IsScalar()) {
          ids->push_back(item["resource"].Scalar());
        }
      }
    }
  } catch (const YAML::Exception&) {
  }
}

}  // namespace

const Toolkit* FeaturedToolkits::Find(std::string_view id) const {
  for (const auto& t : toolkits_) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

FeaturedFile ParseFeaturedToolkit(std::string_view yaml_text, const std::string& path,
                                  const std::unordered_set<std::string>& resource_ids,
                                  const ToolkitLimits& limits) {
  return FileParser(path, resource_ids, limits).Parse(yaml_text);
}

Result<FeaturedLoad> LoadFeaturedToolkits(const std::string& dir,
                                          const std::unordered_set<std::string>& resource_ids,
                                          const ToolkitLimits& limits) {
  CH_ASSIGN_OR_RETURN(std::vector<std::string> files, ListYamlFiles(dir));
  FeaturedLoad load;
  std::vector<Toolkit> toolkits;
  std::set<std::string> ids;
  for (const std::string& path : files) {
    Result<std::string> text = ReadFile(path, kMaxFeaturedFileBytes);
    if (!text.ok()) {
      load.diagnostics.push_back(
          {path, 0, 0, Severity::kError, "file", text.status().message(), {}});
      continue;
    }
    FeaturedFile file = ParseFeaturedToolkit(*text, path, resource_ids, limits);
    if (file.toolkit && !ids.insert(file.toolkit->id).second) {
      file.diagnostics.push_back(
          {path,
           1,
           1,
           Severity::kError,
           "id",
           "featured toolkit id '" + file.toolkit->id + "' is already used by another file",
           {}});
      file.toolkit.reset();
    }
    for (auto& d : file.diagnostics) load.diagnostics.push_back(std::move(d));
    if (file.toolkit) toolkits.push_back(std::move(*file.toolkit));
  }
  load.toolkits = FeaturedToolkits(std::move(toolkits));
  return load;
}

Result<FeaturedLoad> LoadFeaturedToolkits(const std::string& dir, ResourceDirectory& directory,
                                          const ToolkitLimits& limits) {
  CH_ASSIGN_OR_RETURN(std::vector<std::string> files, ListYamlFiles(dir));
  std::vector<std::string> referenced;
  for (const std::string& path : files) {
    Result<std::string> text = ReadFile(path, kMaxFeaturedFileBytes);
    if (text.ok()) CollectResourceIds(*text, &referenced);
  }
  Result<std::unordered_map<std::string, ResourceSummary>> found = directory.Summaries(referenced);
  if (!found.ok()) return found.status();
  std::unordered_set<std::string> existing;
  for (const auto& [id, summary] : *found) existing.insert(id);
  return LoadFeaturedToolkits(dir, existing, limits);
}

}  // namespace ch
