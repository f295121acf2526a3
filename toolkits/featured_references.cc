#include "toolkits/featured_references.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>

#include "base/file_util.h"
#include "toolkits/featured_toolkits.h"

namespace ch {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxFeaturedFileBytes = 1 << 20;

Result<std::vector<std::string>> FeaturedFiles(const std::string& dir) {
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
    if ((ext != ".yaml" && ext != ".yml") || !it->is_regular_file(ec)) continue;
    files.push_back(it->path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string ItemResource(const YAML::Node& item) {
  if (item.IsScalar()) return item.Scalar();
  if (item.IsMap() && item["resource"] && item["resource"].IsScalar()) {
    return item["resource"].Scalar();
  }
  return "";
}

// A block sequence entry that starts at `mark`: from its line to the line before the next one
// that is not blank and not indented deeper than its dash. Returns false when the dash is not on
// the mark's line (a layout this edit does not handle).
struct LineRange {
  size_t first, last;  // 0-based, inclusive
};
bool EntryLines(const std::vector<std::string>& lines, const YAML::Mark& mark, LineRange* out) {
  if (mark.is_null() || mark.line < 0 || static_cast<size_t>(mark.line) >= lines.size()) {
    return false;
  }
  const std::string& line = lines[mark.line];
  size_t col = std::min<size_t>(mark.column, line.size());
  size_t dash = line.rfind('-', col == 0 ? 0 : col - 1);
  if (dash == std::string::npos || line.find_first_not_of(" \t") != dash) return false;
  size_t last = mark.line;
  for (size_t i = mark.line + 1; i < lines.size(); ++i) {
    size_t indent = lines[i].find_first_not_of(" \t\r");
    if (indent == std::string::npos) continue;  // blank: belongs to whatever follows
    if (indent <= dash) break;
    last = i;
  }
  *out = LineRange{static_cast<size_t>(mark.line), last};
  return true;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

bool NamesResource(const FeaturedFile& parsed, const std::string& text, const std::string& id) {
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["sections"] || !root["sections"].IsSequence()) return false;
    for (const auto& section : root["sections"]) {
      if (!section.IsMap() || !section["items"] || !section["items"].IsSequence()) continue;
      for (const auto& item : section["items"]) {
        if (ItemResource(item) == id) return true;
      }
    }
  } catch (const YAML::Exception&) {
    return !parsed.toolkit.has_value();
  }
  return false;
}

}  // namespace

Result<std::vector<FeaturedReference>> FindFeaturedReferences(const std::string& dir,
                                                              const std::string& resource_id) {
  CH_ASSIGN_OR_RETURN(std::vector<std::string> files, FeaturedFiles(dir));
  std::vector<FeaturedReference> out;
  for (const auto& path : files) {
    CH_ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxFeaturedFileBytes));
    try {
      YAML::Node root = YAML::Load(text);
      if (!root.IsMap() || !root["sections"] || !root["sections"].IsSequence()) continue;
      bool names = false;
      for (const auto& section : root["sections"]) {
        if (!section.IsMap() || !section["items"] || !section["items"].IsSequence()) continue;
        for (const auto& item : section["items"]) names |= ItemResource(item) == resource_id;
      }
      if (!names) continue;
      FeaturedReference ref;
      ref.path = path;
      if (root["id"] && root["id"].IsScalar()) ref.toolkit_id = root["id"].Scalar();
      if (root["title"] && root["title"].IsScalar()) ref.title = root["title"].Scalar();
      out.push_back(std::move(ref));
    } catch (const YAML::Exception&) {
      continue;  // a broken file names nothing; validation reports it
    }
  }
  return out;
}

Status RewriteWithoutResource(FeaturedReference& ref, const std::string& resource_id,
                              const std::unordered_set<std::string>& remaining_ids) {
  CH_ASSIGN_OR_RETURN(std::string text, ReadFile(ref.path, kMaxFeaturedFileBytes));
  auto refuse = [&](const std::string& why) {
    return Status::FailedPrecondition("featured toolkit " + ref.path + " cannot be rewritten " +
                                      "without '" + resource_id + "' (" + why +
                                      "); edit the file by hand");
  };
  std::vector<std::string> lines = SplitLines(text);
  std::vector<LineRange> cut;
  size_t sections_left = 0;
  try {
    YAML::Node root = YAML::Load(text);
    for (const auto& section : root["sections"]) {
      if (!section.IsMap() || !section["items"] || !section["items"].IsSequence()) {
        ++sections_left;
        continue;
      }
      std::vector<LineRange> items;
      size_t kept = 0;
      for (const auto& item : section["items"]) {
        if (ItemResource(item) != resource_id) {
          ++kept;
          continue;
        }
        LineRange range{};
        if (!EntryLines(lines, item.Mark(), &range)) return refuse("its layout is unusual");
        items.push_back(range);
      }
      if (kept > 0) {
        ++sections_left;
        cut.insert(cut.end(), items.begin(), items.end());
        continue;
      }
      LineRange range{};
      if (!EntryLines(lines, section.Mark(), &range)) return refuse("its layout is unusual");
      cut.push_back(range);
    }
  } catch (const YAML::Exception& e) {
    return refuse("YAML error: " + e.msg);
  }
  if (sections_left == 0) return refuse("the toolkit would have no items left");
  std::sort(cut.begin(), cut.end(),
            [](const LineRange& a, const LineRange& b) { return a.first > b.first; });
  for (const auto& range : cut) {
    lines.erase(lines.begin() + range.first, lines.begin() + range.last + 1);
  }
  std::string rewritten;
  for (const auto& line : lines) rewritten += line + "\n";
  std::unordered_set<std::string> before_ids = remaining_ids;
  before_ids.insert(resource_id);
  const bool clean_before = ParseFeaturedToolkit(text, ref.path, before_ids).toolkit.has_value();
  FeaturedFile after = ParseFeaturedToolkit(rewritten, ref.path, remaining_ids);
  if (NamesResource(after, rewritten, resource_id)) return refuse("it still names it");
  if (clean_before && !after.toolkit) {
    std::string why =
        after.diagnostics.empty() ? "it no longer parses" : after.diagnostics.front().ToString();
    return refuse(why);
  }
  ref.rewritten = std::move(rewritten);
  return Status::Ok();
}

}  // namespace ch
