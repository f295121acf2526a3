#include "indexer/resource_parser.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "base/hash.h"
#include "base/slug.h"
#include "base/utf8.h"
#include "indexer/front_matter.h"
#include "indexer/markdown.h"
#include "indexer/markdown_limits.h"

namespace ch {
namespace {

// Splits a file into front matter and body, remembering where each starts.
struct SplitFile {
  std::string_view front_matter;  // YAML text between the fences
  std::string_view body;          // everything after the closing fence's line
  int front_matter_first_line = 2;
  int body_first_line = 0;
};

class Checker {
 public:
  Checker(const std::string& path, const Taxonomy& taxonomy, const ResourceLimits& limits,
          ParsedResource* out)
      : path_(path), taxonomy_(taxonomy), limits_(limits), out_(out) {}

  void Error(int line, int column, std::string field, std::string message,
             std::vector<std::string> allowed = {}) {
    Add(Severity::kError, line, column, std::move(field), std::move(message), std::move(allowed));
  }
  void Warning(int line, int column, std::string field, std::string message,
               std::vector<std::string> allowed = {}) {
    Add(Severity::kWarning, line, column, std::move(field), std::move(message), std::move(allowed));
  }

  void Run(std::string_view bytes, const std::string& relative_path);
  // For documents without a file name: the id comes from the title when the front matter has none.
  void DeriveIdFromTitle() { id_from_title_ = true; }

 private:
  void Add(Severity severity, int line, int column, std::string field, std::string message,
           std::vector<std::string> allowed) {
    out_->diagnostics.push_back(Diagnostic{path_, line, column, severity, std::move(field),
                                           std::move(message), std::move(allowed)});
  }
  int Line(const YAML::Node& n) const { return n.Mark().line + line_offset_ + 1; }
  int Column(const YAML::Node& n) const { return n.Mark().column + 1; }

  std::optional<SplitFile> Split(std::string_view bytes);
  void CheckFrontMatter(const YAML::Node& root);
  void WarnUnknownKeys(const YAML::Node& root);
  void CheckType(const YAML::Node& root);
  void CheckDates(const YAML::Node& root);
  void CheckLanguage(const YAML::Node& root);
  void CheckRelated(const YAML::Node& root);
  void CheckTranslations(const YAML::Node& root);
  void CheckId(const YAML::Node& root);
  std::optional<std::string> Text(const YAML::Node& root, const char* key, bool required,
                                  size_t max_chars);
  std::vector<std::string> List(const YAML::Node& root, const char* key, bool required,
                                size_t max_item_chars, std::vector<RelatedReference>* refs);
  std::vector<std::string> Controlled(const YAML::Node& root, const char* key, Vocabulary v,
                                      bool required);
  std::string Date(const YAML::Node& root, const char* key);
  void CheckUrl(const YAML::Node& root);

  const std::string& path_;
  const Taxonomy& taxonomy_;
  const ResourceLimits& limits_;
  ParsedResource* out_;
  int line_offset_ = 0;  // added to a YAML mark's 0-based line to get the file's 0-based line
  bool id_from_title_ = false;
};

std::optional<SplitFile> Checker::Split(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    Error(1, 1, "file", "the file starts with a byte-order mark; save it as UTF-8 without BOM");
    return std::nullopt;
  }
  FrontMatterSplit found = SplitFrontMatter(bytes);
  switch (found.problem) {
    case FrontMatterProblem::kNoOpeningFence:
      Error(1, 1, "front_matter",
            "missing front matter: the file must start with a line '---', then YAML fields, "
            "then a closing '---' line");
      return std::nullopt;
    case FrontMatterProblem::kNeverClosed:
      Error(1, 1, "front_matter", "front matter opened on line 1 is never closed with '---'");
      return std::nullopt;
    case FrontMatterProblem::kNone:
      break;
  }
  SplitFile split;
  split.front_matter = found.front_matter;
  split.body = found.body;
  split.body_first_line = found.body_first_line;
  return split;
}

std::optional<std::string> Checker::Text(const YAML::Node& root, const char* key, bool required,
                                         size_t max_chars) {
  YAML::Node node = root[key];
  if (!node || node.IsNull()) {
    if (required) Error(1, 1, key, "required field is missing");
    return std::nullopt;
  }
  if (!node.IsScalar()) {
    Error(Line(node), Column(node), key, "must be a single text value, not a list or mapping");
    return std::nullopt;
  }
  std::string value = node.Scalar();
  size_t first = value.find_first_not_of(" \t\r\n");
  size_t last = value.find_last_not_of(" \t\r\n");
  value = first == std::string::npos ? std::string() : value.substr(first, last - first + 1);
  if (value.empty()) {
    if (required) Error(Line(node), Column(node), key, "must not be empty");
    return std::nullopt;
  }
  if (Utf8Length(value) > max_chars) {
    Error(Line(node), Column(node), key,
          "is " + std::to_string(Utf8Length(value)) + " characters long; the limit is " +
              std::to_string(max_chars));
  }
  return value;
}

std::vector<std::string> Checker::List(const YAML::Node& root, const char* key, bool required,
                                       size_t max_item_chars, std::vector<RelatedReference>* refs) {
  std::vector<std::string> out;
  YAML::Node node = root[key];
  if (!node || node.IsNull()) {
    if (required) Error(1, 1, key, "required field is missing");
    return out;
  }
  auto take = [&](const YAML::Node& item) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      Error(Line(item), Column(item), key, "each item must be a non-empty text value");
      return;
    }
    if (Utf8Length(item.Scalar()) > max_item_chars) {
      Error(Line(item), Column(item), key,
            "an item is longer than " + std::to_string(max_item_chars) + " characters");
      return;
    }
    if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
      Warning(Line(item), Column(item), key, "'" + item.Scalar() + "' is listed twice");
      return;
    }
    out.push_back(item.Scalar());
    if (refs) refs->push_back({item.Scalar(), Line(item), Column(item)});
  };
  if (node.IsScalar()) {
    take(node);  // a single value is accepted as a one-item list
  } else if (node.IsSequence()) {
    for (const auto& item : node) take(item);
  } else {
    Error(Line(node), Column(node), key, "must be a list such as [a, b]");
    return out;
  }
  if (required && out.empty()) Error(Line(node), Column(node), key, "needs at least one value");
  if (out.size() > limits_.max_list_items) {
    Error(Line(node), Column(node), key,
          "has " + std::to_string(out.size()) + " items; the limit is " +
              std::to_string(limits_.max_list_items));
  }
  return out;
}

std::vector<std::string> Checker::Controlled(const YAML::Node& root, const char* key, Vocabulary v,
                                             bool required) {
  std::vector<RelatedReference> refs;
  std::vector<std::string> values = List(root, key, required, kMaxSlugLength, &refs);
  std::vector<std::string> known;
  for (const auto& ref : refs) {
    if (taxonomy_.Contains(v, ref.id)) {
      known.push_back(ref.id);
    } else {
      Error(ref.line, ref.column, key, "unknown value '" + ref.id + "'", taxonomy_.Ids(v));
    }
  }
  return known;
}

std::string Checker::Date(const YAML::Node& root, const char* key) {
  std::optional<std::string> value = Text(root, key, false, 10);
  if (!value) return "";
  if (!IsValidPartialDate(*value)) {
    YAML::Node node = root[key];
    Error(Line(node), Column(node), key,
          "'" + *value + "' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD");
    return "";
  }
  return *value;
}

void Checker::CheckUrl(const YAML::Node& root) {
  std::optional<std::string> url = Text(root, "url", false, limits_.max_url_chars);
  if (!url) return;
  YAML::Node node = root["url"];
  std::string lower = *url;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  size_t scheme_end = lower.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : lower.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    Error(Line(node), Column(node), "url",
          "'" + *url + "' must be an absolute http:// or https:// address", {"http", "https"});
    return;
  }
  std::string rest = url->substr(scheme_end + 3);
  if (rest.empty() || rest[0] == '/' || url->find_first_of(" \t\"<>\\") != std::string::npos) {
    Error(Line(node), Column(node), "url", "'" + *url + "' is not a valid address");
    return;
  }
  out_->resource.url = *url;
}

void Checker::CheckFrontMatter(const YAML::Node& root) {
  Resource& r = out_->resource;
  WarnUnknownKeys(root);
  if (auto v = Text(root, "title", true, limits_.max_title_chars)) r.title = *v;
  if (auto v = Text(root, "summary", true, limits_.max_summary_chars)) r.summary = *v;
  CheckType(root);
  if (const YAML::Node block = root["evidence"]; block && !block.IsNull()) {
    r.evidence = ParseEvidenceBlock(
        block, EvidenceBlockContext{path_, taxonomy_, r.type, line_offset_, limits_.evidence},
        &out_->diagnostics);
  }
  r.focus_areas = Controlled(root, "focus_areas", Vocabulary::kFocusArea, true);
  r.topics = Controlled(root, "topics", Vocabulary::kTopic, false);
  r.audience = Controlled(root, "audience", Vocabulary::kAudience, false);
  if (auto v = Text(root, "source", false, limits_.max_short_field_chars)) r.source = *v;
  r.authors = List(root, "authors", false, limits_.max_short_field_chars, nullptr);
  CheckDates(root);
  CheckUrl(root);
  if (auto v = Text(root, "duration", false, limits_.max_short_field_chars)) r.duration = *v;
  CheckLanguage(root);
  r.keywords = List(root, "keywords", false, limits_.max_short_field_chars, nullptr);
  CheckRelated(root);
  CheckTranslations(root);
  CheckId(root);
}

void Checker::WarnUnknownKeys(const YAML::Node& root) {
  const auto& known = KnownFrontMatterKeys();
  std::map<std::string, int> first_line;
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    // YAML forbids a key twice in a mapping; yaml-cpp keeps both and reads the first.
    if (auto [it, inserted] = first_line.emplace(key, Line(kv.first)); !inserted) {
      Error(Line(kv.first), Column(kv.first), key.empty() ? "front_matter" : key,
            "'" + key + "' is given twice (first at line " + std::to_string(it->second) +
                "); keep one");
    }
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      Warning(Line(kv.first), Column(kv.first), key.empty() ? "front_matter" : key,
              "unknown field is ignored", known);
    }
  }
}

void Checker::CheckType(const YAML::Node& root) {
  auto v = Text(root, "type", true, kMaxSlugLength);
  if (!v) return;
  if (taxonomy_.Contains(Vocabulary::kType, *v)) {
    out_->resource.type = *v;
  } else {
    YAML::Node node = root["type"];
    Error(Line(node), Column(node), "type", "unknown value '" + *v + "'",
          taxonomy_.Ids(Vocabulary::kType));
  }
}

void Checker::CheckDates(const YAML::Node& root) {
  Resource& r = out_->resource;
  r.published = Date(root, "published");
  r.updated = Date(root, "updated");
  if (!r.published.empty() && !r.updated.empty() && r.updated < r.published) {
    YAML::Node node = root["updated"];
    Error(Line(node), Column(node), "updated",
          "'" + r.updated + "' is before published '" + r.published + "'");
  }
}

void Checker::CheckLanguage(const YAML::Node& root) {
  auto v = Text(root, "language", false, 8);
  if (!v) return;
  bool ok = v->size() >= 2 && v->size() <= 3 &&
            std::all_of(v->begin(), v->end(), [](char c) { return c >= 'a' && c <= 'z'; });
  if (ok) {
    out_->resource.language = *v;
  } else {
    YAML::Node node = root["language"];
    Error(Line(node), Column(node), "language",
          "'" + *v + "' is not an ISO 639-1 language code such as en or es");
  }
}

void Checker::CheckRelated(const YAML::Node& root) {
  out_->resource.related = List(root, "related", false, kMaxSlugLength, &out_->related_refs);
  for (const auto& ref : out_->related_refs) {
    if (!IsValidSlug(ref.id)) {
      Error(ref.line, ref.column, "related",
            "'" + ref.id + "' is not a resource id (lowercase letters, digits and hyphens)");
    }
  }
}

void Checker::CheckTranslations(const YAML::Node& root) {
  out_->resource.translations =
      List(root, "translations", false, kMaxSlugLength, &out_->translation_refs);
  for (const auto& ref : out_->translation_refs) {
    if (!IsValidSlug(ref.id)) {
      Error(ref.line, ref.column, "translations",
            "'" + ref.id + "' is not a resource id (lowercase letters, digits and hyphens)");
    }
  }
}

void Checker::CheckId(const YAML::Node& root) {
  YAML::Node node = root["id"];
  if (!node || node.IsNull()) return;
  if (!node.IsScalar() || !IsValidSlug(node.Scalar())) {
    Error(Line(node), Column(node), "id",
          "must be 1-" + std::to_string(kMaxSlugLength) +
              " lowercase letters, digits and hyphens, not starting with a hyphen");
    return;
  }
  out_->resource.id = node.Scalar();
  out_->id_line = Line(node);
  out_->id_column = Column(node);
  out_->id_from_front_matter = true;
}

void Checker::Run(std::string_view bytes, const std::string& relative_path) {
  Resource& r = out_->resource;
  r.source_path = relative_path;
  r.content_hash = Sha256Hex(bytes);
  if (!relative_path.empty()) {
    r.id = SlugFromFileName(std::filesystem::path(relative_path).filename().string());
  }
  if (bytes.size() > limits_.max_file_bytes) {
    Error(0, 0, "file",
          "file is " + std::to_string(bytes.size()) + " bytes; the limit is " +
              std::to_string(limits_.max_file_bytes) + " bytes (1 MiB)");
    return;
  }
  if (size_t bad = FindInvalidUtf8(bytes); bad != std::string_view::npos) {
    std::string_view before = bytes.substr(0, bad);
    int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    size_t line_start = before.rfind('\n');
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    Error(line, static_cast<int>(bad - line_start) + 1, "file",
          "invalid UTF-8 at byte " + std::to_string(bad) + "; save the file as UTF-8");
    return;
  }
  std::optional<SplitFile> split = Split(bytes);
  if (!split) return;
  line_offset_ = split->front_matter_first_line - 1;

  YAML::Node root;
  try {
    root = YAML::Load(std::string(split->front_matter));
  } catch (const YAML::Exception& e) {
    Error(e.mark.line + line_offset_ + 1, e.mark.column + 1, "front_matter",
          "YAML syntax error: " + e.msg);
    return;
  }
  // An empty front matter ("---" then "---": a form not filled in yet) is a map with no
  // fields: each required one is reported missing, and the body is still rendered.
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);
  if (!root.IsMap()) {
    Error(split->front_matter_first_line, 1, "front_matter",
          "front matter must be YAML fields such as 'title: ...'");
    return;
  }
  CheckFrontMatter(root);
  if (r.id.empty() && !id_from_title_ && out_->diagnostics.empty()) {
    Error(1, 1, "id", "no id: add an 'id' field or give the file a name with letters or digits");
  }

  std::string_view body = split->body;
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    Error(split->body_first_line, 1, "body",
          "the body is empty; write the resource's description below the front matter");
    return;
  }
  // Before rendering: cmark-gfm 0.29 is slow on very wide tables (markdown_limits.h).
  if (auto problem = CheckMarkdownLimits(body)) {
    Error(split->body_first_line + problem->line - 1, 1, "body", problem->message);
    return;
  }
  r.body_markdown = std::string(body);
  RenderedMarkdown rendered = RenderMarkdown(body);
  r.body_html = std::move(rendered.html);
  r.body_text = std::move(rendered.text);
}

}  // namespace

const std::vector<std::string>& KnownFrontMatterKeys() {
  static const std::vector<std::string> keys = {
      "id",       "title",    "summary",  "type",      "focus_areas", "topics",
      "audience", "source",   "authors",  "published", "updated",     "url",
      "duration", "language", "keywords", "related",   "evidence",
      "translations"};
  return keys;
}

bool IsValidPartialDate(std::string_view date) {
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > date.size()) return -1;
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (date[i] < '0' || date[i] > '9') return -1;
      v = v * 10 + (date[i] - '0');
    }
    return v;
  };
  if (date.size() != 4 && date.size() != 7 && date.size() != 10) return false;
  int year = digits(0, 4);
  if (year < 1900 || year > 2100) return false;
  if (date.size() == 4) return true;
  if (date[4] != '-') return false;
  int month = digits(5, 2);
  if (month < 1 || month > 12) return false;
  if (date.size() == 7) return true;
  if (date[7] != '-') return false;
  int day = digits(8, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day >= 1 && day <= max_day;
}

ParsedResource ParseSubmittedResource(std::string_view bytes, const std::string& folder,
                                      const Taxonomy& taxonomy, const ResourceLimits& limits) {
  ParsedResource out;
  out.path = "body";
  Checker checker(out.path, taxonomy, limits, &out);
  checker.DeriveIdFromTitle();
  checker.Run(bytes, "");
  Resource& r = out.resource;
  if (!out.id_from_front_matter && !r.title.empty()) r.id = SlugFromFileName(r.title);
  if (r.id.empty() && !HasErrors(out.diagnostics)) {
    out.diagnostics.push_back(Diagnostic{out.path,
                                         1,
                                         1,
                                         Severity::kError,
                                         "id",
                                         "no id: add an 'id' field or a title with letters or "
                                         "digits",
                                         {}});
  }
  if (!r.id.empty()) r.source_path = folder.empty() ? r.id + ".md" : folder + "/" + r.id + ".md";
  return out;
}

ParsedResource ParseResource(std::string_view bytes, const std::string& path,
                             const std::string& relative_path, const Taxonomy& taxonomy,
                             const ResourceLimits& limits) {
  ParsedResource out;
  out.path = path;
  Checker(path, taxonomy, limits, &out).Run(bytes, relative_path);
  return out;
}

}  // namespace ch
