#include "toolkits/featured_toolkits.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/file_util.h"
#include "base/slug.h"
#include "indexer/languages.h"

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
    if (!HasErrors(out_.diagnostics)) {
      for (auto& [lang, words] : translations_) out_.translations[lang] = Translated(lang, words);
      out_.toolkit = std::move(toolkit_);
    }
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
    UnknownKeys(root, "", {"id", "title", "description", "sections", "translations"});
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
    if (root["translations"]) ParseRootTranslations(root["translations"]);
    CheckTranslationsComplete();
  }

  // A translation's words: title, description ("" keeps the default's), section id -> title,
  // resource id -> note.
  struct Words {
    std::string title, description;
    std::map<std::string, std::string> sections, notes;
    YAML::Mark first_use = YAML::Mark::null_mark();  // where a section or item first used it
    bool has_root = false;
  };

  // The blocks of a `translations` mapping (language code -> mapping with `keys`), each checked
  // for its language and keys; the bad ones are reported and left out.
  std::vector<std::pair<std::string, YAML::Node>> TranslationBlocks(
      const YAML::Node& node, const std::string& where, std::initializer_list<const char*> keys) {
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (!node.IsMap()) {
      Error(node.Mark(), where, "'translations' maps a language code to its words");
      return out;
    }
    for (const auto& kv : node) {
      const std::string lang = kv.first.IsScalar() ? kv.first.Scalar() : "?";
      if (!FindAnalysedLanguage(lang) || lang == DefaultLanguage().code) {
        Error(kv.first.Mark(), where + "." + lang,
              "'" + lang + "' is not an analysed language other than the default (" +
                  std::string(DefaultLanguage().code) + ")");
        continue;
      }
      if (!kv.second.IsMap()) {
        Error(kv.second.Mark(), where + "." + lang, "a translation is a mapping of its words");
        continue;
      }
      UnknownKeys(kv.second, where + "." + lang, keys);
      out.emplace_back(lang, kv.second);
    }
    return out;
  }

  // The toolkit's own `translations`: {LANG: {title, description?}}.
  void ParseRootTranslations(const YAML::Node& node) {
    for (const auto& [lang, words] :
         TranslationBlocks(node, "translations", {"title", "description"})) {
      const std::string where = "translations." + lang;
      Words& w = translations_[lang];
      w.has_root = true;
      if (auto title = Scalar(words, "title", where + ".title", true)) {
        w.title = Trim(*title);
        Check(CheckToolkitTitle(w.title, limits_), words["title"], where + ".title");
      }
      if (auto description = Scalar(words, "description", where + ".description", false)) {
        w.description = Trim(*description);
        Check(CheckToolkitDescription(w.description, limits_), words["description"],
              where + ".description");
      }
    }
  }

  // A section's {LANG: {title}} or an item's {LANG: {note}}: `key` is "title" or "note".
  void ParsePartTranslations(const YAML::Node& node, const std::string& where, const char* key,
                             const std::string& part_id) {
    const bool section = std::string(key) == "title";
    for (const auto& [lang, words] : TranslationBlocks(node, where + ".translations", {key})) {
      const std::string field = where + ".translations." + lang + "." + key;
      Words& w = translations_[lang];
      if (w.first_use.is_null()) w.first_use = node.Mark();
      auto text = Scalar(words, key, field, section);
      if (!text) continue;
      const std::string value = Trim(*text);
      if (section) {
        Check(CheckSectionTitle(value, limits_), words[key], field);
        w.sections[part_id] = value;
      } else {
        Check(CheckItemNote(value, limits_), words[key], field);
        w.notes[part_id] = value;
      }
    }
  }

  // A language used by a section or an item needs the toolkit's own title in it.
  void CheckTranslationsComplete() {
    for (const auto& [lang, w] : translations_) {
      if (!w.has_root) {
        Error(w.first_use, "translations." + lang,
              "sections or items are translated into '" + lang +
                  "' but the toolkit has no 'translations: " + lang + ": title'");
      }
    }
  }

  Toolkit Translated(const std::string& lang, const Words& w) const {
    Toolkit t = toolkit_;
    t.content.language = lang;
    t.content.title = w.title;
    if (!w.description.empty()) t.content.description = w.description;
    for (auto& section : t.content.sections) {
      auto it = w.sections.find(section.id);
      if (it != w.sections.end()) section.title = it->second;
    }
    for (auto& item : t.content.items) {
      auto it = w.notes.find(item.resource_id);
      if (it != w.notes.end()) item.note = it->second;
    }
    return t;
  }

  void ParseSection(const YAML::Node& node, const std::string& where,
                    std::set<std::string>& section_ids, std::set<std::string>& resources) {
    if (!node.IsMap()) {
      Error(node.Mark(), where, "a section is a mapping {id, title, items}");
      return;
    }
    UnknownKeys(node, where, {"id", "title", "items", "translations"});
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
    if (node["translations"])
      ParsePartTranslations(node["translations"], where, "title", section.id);
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
      UnknownKeys(node, where, {"resource", "note", "translations"});
      auto resource = Scalar(node, "resource", field, true);
      if (!resource) return;
      item.resource_id = *resource;
      if (auto note = Scalar(node, "note", where + ".note", false)) {
        item.note = Trim(*note);
        Check(CheckItemNote(item.note, limits_), node["note"], where + ".note");
      }
      if (node["translations"]) {
        ParsePartTranslations(node["translations"], where, "note", item.resource_id);
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
  std::map<std::string, Words> translations_;
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

const std::vector<Toolkit>& FeaturedToolkits::list(std::string_view lang) const {
  auto it = translated_.find(lang);
  return it == translated_.end() ? toolkits_ : it->second;
}

const Toolkit* FeaturedToolkits::Find(std::string_view id, std::string_view lang) const {
  for (const auto& t : list(lang)) {
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
  std::vector<std::map<std::string, Toolkit>> translations;  // per toolkit
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
    if (file.toolkit) {
      toolkits.push_back(std::move(*file.toolkit));
      translations.push_back(std::move(file.translations));
    }
  }
  // Every language any file translates into gets the whole list, in the same order.
  std::map<std::string, std::vector<Toolkit>, std::less<>> translated;
  for (const auto& per_toolkit : translations) {
    for (const auto& [lang, t] : per_toolkit) translated.emplace(lang, std::vector<Toolkit>());
  }
  for (auto& [lang, list] : translated) {
    for (size_t i = 0; i < toolkits.size(); ++i) {
      auto it = translations[i].find(lang);
      list.push_back(it == translations[i].end() ? toolkits[i] : it->second);
    }
  }
  load.toolkits = FeaturedToolkits(std::move(toolkits), std::move(translated));
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
