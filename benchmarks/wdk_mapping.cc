#include "benchmarks/wdk_mapping.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "base/slug.h"
#include "base/utf8.h"
#include "benchmarks/scifact_corpus.h"
#include "indexer/front_matter.h"
#include "indexer/resource_parser.h"

namespace ch::bench {
namespace {

constexpr size_t kBodySummaryChars = 300;  // a summary taken from the body: one sentence
constexpr const char* kEmptySlugId = "wdk-page";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// The ASCII digits of `s` as a number, or -1 when `s` is empty, too long or not all digits.
int Number(std::string_view s, size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// A character reference at the start of `s` ("&amp;", "&#34;", "&#x22;"): appends its text to
// `out` and returns its length, or 0 when `s` does not start with one we decode.
size_t DecodeEntity(std::string_view s, std::string& out) {
  size_t end = s.find(';');
  if (end == std::string_view::npos || end < 2 || end > 10) return 0;
  std::string_view name = s.substr(1, end - 1);
  static constexpr std::pair<const char*, const char*> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const auto& [n, text] : kNamed) {
    if (name == n) {
      out += text;
      return end + 1;
    }
  }
  if (name[0] != '#') return 0;
  uint32_t cp = 0;
  bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
  std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9')          ? c - '0'
            : hex && (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : hex && (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                            : -1;
    if (d < 0) return 0;
    cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
    if (cp > 0x10FFFF) return 0;
  }
  if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  AppendUtf8(cp, out);
  return end + 1;
}

// An HTML tag or comment at the start of `s` ("<a href=...>", "</b>", "<br/>", "<!-- x -->"):
// its length, or 0. Only common tag names count, so "<service name>" is text.
size_t HtmlTagLength(std::string_view s) {
  if (s.substr(0, 4) == "<!--") {
    size_t end = s.find("-->", 4);
    return end == std::string_view::npos ? 0 : end + 3;
  }
  static constexpr const char* kTags[] = {
      "a",    "b",   "i",   "u",          "em",    "strong", "code", "br", "p",  "div",
      "span", "sup", "sub", "ul",         "ol",    "li",     "dl",   "dt", "dd", "pre",
      "tt",   "var", "img", "table",      "tr",    "td",     "th",   "h1", "h2", "h3",
      "h4",   "h5",  "h6",  "blockquote", "small", "strike", "del"};
  size_t pos = 1;
  if (pos < s.size() && s[pos] == '/') ++pos;
  size_t name_end = pos;
  while (name_end < s.size() && std::isalnum(static_cast<unsigned char>(s[name_end]))) ++name_end;
  if (name_end == pos || name_end >= s.size()) return 0;
  char after = s[name_end];
  if (after != '>' && after != '/' && !IsSpace(after)) return 0;
  std::string name = Lower(s.substr(pos, name_end - pos));
  if (std::none_of(std::begin(kTags), std::end(kTags), [&](const char* t) { return name == t; })) {
    return 0;
  }
  size_t end = s.find('>', name_end);
  return end == std::string_view::npos ? 0 : end + 1;
}

// A Markdown link "[text](address)" at the start of `s`: its length, with the text in `*text`.
size_t LinkLength(std::string_view s, std::string_view* text) {
  size_t close = s.find(']');
  if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != '(') return 0;
  if (s.substr(1, close - 1).find('[') != std::string_view::npos) return 0;
  size_t end = s.find(')', close + 2);
  if (end == std::string_view::npos) return 0;
  *text = s.substr(1, close - 1);
  return end + 1;
}

// A heading, table row, HTML line or fence: lines that never start a prose paragraph.
bool IsNonProseLine(std::string_view line) {
  return line.front() == '#' || line.front() == '|' || line.front() == '<' ||
         line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~";
}

std::vector<std::string> Strings(const YAML::Node& node) {
  std::vector<std::string> out;
  if (!node || node.IsNull()) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
  } else if (node.IsSequence()) {
    for (const auto& item : node) {
      if (item.IsScalar()) out.push_back(item.Scalar());
    }
  }
  return out;
}

std::string String(const YAML::Node& root, const char* key) {
  YAML::Node node = root[key];
  return node && node.IsScalar() ? node.Scalar() : std::string();
}

// The page's folder and its file name without ".md", from "folder/name.md".
std::pair<std::string, std::string> FolderAndStem(std::string_view relative_path) {
  size_t slash = relative_path.rfind('/');
  std::string_view name =
      slash == std::string_view::npos ? relative_path : relative_path.substr(slash + 1);
  std::string_view folder = slash == std::string_view::npos ? "" : relative_path.substr(0, slash);
  if (size_t prev = folder.rfind('/'); prev != std::string_view::npos) {
    folder = folder.substr(prev + 1);
  }
  if (name.size() > 3 && name.substr(name.size() - 3) == ".md") name.remove_suffix(3);
  return {std::string(folder), std::string(name)};
}

std::string PublicUrl(std::string_view relative_path, const std::string& base) {
  auto [folder, stem] = FolderAndStem(relative_path);
  auto safe = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '_' || c == '-' || c == '.';
    });
  };
  if (base.empty() || !safe(folder) || !safe(stem)) return "";
  return base + Lower(folder) + "/" + (stem == "index" ? "" : Lower(stem));
}

// Keyword candidates, trimmed and collapsed, without duplicates (ignoring case), within limits.
std::vector<std::string> Keywords(const std::vector<std::string>& candidates,
                                  const MappingOptions& options, size_t* dropped) {
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& candidate : candidates) {
    std::string keyword = CollapseSpaces(candidate);
    if (keyword.empty() || !seen.insert(Lower(keyword)).second) continue;
    if (Utf8Length(keyword) > options.max_keyword_chars || out.size() >= options.max_keywords) {
      ++*dropped;
      continue;
    }
    out.push_back(std::move(keyword));
  }
  return out;
}

void EmitText(YAML::Emitter& out, const char* key, const std::string& value) {
  out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}

void EmitList(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
  out << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
  for (const auto& v : values) out << YAML::DoubleQuoted << v;
  out << YAML::EndSeq;
}

}  // namespace

std::optional<SourceSplit> SplitFrontMatter(std::string_view file) {
  if (file.substr(0, 3) == "\xEF\xBB\xBF") file.remove_prefix(3);
  FrontMatterSplit split = ch::SplitFrontMatter(file);
  if (split.problem != FrontMatterProblem::kNone) return std::nullopt;
  return SourceSplit{split.front_matter, split.body};
}

std::string PublishedFromMsDate(std::string_view ms_date) {
  ms_date = Trim(ms_date);
  size_t first = ms_date.find('/');
  size_t second = first == std::string_view::npos ? first : ms_date.find('/', first + 1);
  if (second == std::string_view::npos) return "";
  int month = Number(ms_date.substr(0, first), 2);
  int day = Number(ms_date.substr(first + 1, second - first - 1), 2);
  std::string_view year = ms_date.substr(second + 1);
  if (month < 0 || day < 0 || year.size() != 4 || Number(year, 4) < 0) return "";
  auto two_digits = [](int v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); };
  std::string date = std::string(year) + "-" + two_digits(month) + "-" + two_digits(day);
  return IsValidPartialDate(date) ? date : "";
}

std::string IdAllocator::Allocate(std::string_view wanted) {
  std::string slug = SlugFromFileName(wanted);
  if (slug.empty()) slug = kEmptySlugId;
  if (taken_.insert(slug).second) return slug;
  ++collisions_;
  for (size_t n = 2;; ++n) {
    std::string suffix = "-" + std::to_string(n);
    std::string candidate = slug.substr(0, kMaxSlugLength - suffix.size());
    while (!candidate.empty() && candidate.back() == '-') candidate.pop_back();
    candidate += suffix;
    if (taken_.insert(candidate).second) return candidate;
  }
}

std::string ResourceTypeFor(const PageKind& kind) {
  auto has = [](const std::vector<std::string>& values, std::string_view wanted) {
    return std::any_of(values.begin(), values.end(),
                       [&](const std::string& v) { return Lower(Trim(v)) == wanted; });
  };
  bool reference = has(kind.topic_types, "apiref") || has(kind.topic_types, "kbsyntax");
  if (!reference) {
    std::string topic = Lower(Trim(kind.ms_topic));
    if (topic == "overview" || topic == "portal" || Lower(kind.file_name) == "index.md") {
      return "website";
    }
    return "article";
  }
  if (has(kind.api_types, "headerdef")) return "fact-sheet";
  if (has(kind.api_types, "dllexport") || has(kind.api_types, "libdef") ||
      has(kind.api_types, "com")) {
    return "guide";
  }
  if (has(kind.api_types, "userdefined")) return "template";
  return "article";
}

std::string PlainText(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size());
  for (size_t i = 0; i < markdown.size();) {
    std::string_view rest = markdown.substr(i);
    char c = rest[0];
    if (c == '\\' && rest.size() > 1 &&
        std::string_view("_*[]()#`\\").find(rest[1]) != std::string_view::npos) {
      out += rest[1];
      i += 2;
      continue;
    }
    if (c == '`' || rest.substr(0, 2) == "**") {
      i += c == '`' ? 1 : 2;
      continue;
    }
    if (c == '[') {
      std::string_view text;
      if (size_t n = LinkLength(rest, &text)) {
        out += PlainText(text);
        i += n;
        continue;
      }
    }
    if (c == '<') {
      if (size_t n = HtmlTagLength(rest)) {
        out += ' ';  // "a<br>b" is two words
        i += n;
        continue;
      }
    }
    if (c == '&') {
      if (size_t n = DecodeEntity(rest, out)) {
        i += n;
        continue;
      }
    }
    out += c;
    ++i;
  }
  return CollapseSpaces(out);
}

std::string CutToChars(std::string_view text, size_t max_chars) {
  if (Utf8Length(text) <= max_chars) return std::string(text);
  size_t keep = max_chars > 3 ? max_chars - 3 : 0;
  size_t cut = 0;  // byte offset of code point number `keep`
  for (size_t chars = 0; cut < text.size(); ++cut) {
    if ((static_cast<unsigned char>(text[cut]) & 0xC0) != 0x80 && chars++ == keep) break;
  }
  size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > 0) cut = space;
  std::string out(Trim(text.substr(0, cut)));
  return out + "...";
}

std::string FirstBodyParagraph(std::string_view body) {
  std::string paragraph;
  bool in_fence = false, in_comment = false;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = Trim(body.substr(pos, end - pos));
    pos = end + 1;
    if (in_comment) {
      in_comment = line.find("-->") == std::string_view::npos;
      continue;
    }
    if (in_fence) {
      in_fence = line.substr(0, 3) != "```" && line.substr(0, 3) != "~~~";
      continue;
    }
    if (line.empty() || IsNonProseLine(line)) {
      if (!paragraph.empty()) break;
      if (!line.empty()) {
        in_fence = line.substr(0, 3) == "```" || line.substr(0, 3) == "~~~";
        in_comment = line.substr(0, 4) == "<!--" && line.find("-->") == std::string_view::npos;
      }
      continue;
    }
    paragraph += paragraph.empty() ? "" : " ";
    paragraph += line;
  }
  return PlainText(paragraph);
}

Summary SummaryFor(std::string_view description, std::string_view body, std::string_view title,
                   size_t max_chars) {
  Summary summary;
  summary.text = CutToChars(PlainText(description), max_chars);
  if (!summary.text.empty()) return summary;
  summary.source = SummarySource::kBody;
  summary.text = CutToChars(
      FirstSentence(FirstBodyParagraph(body), std::min(kBodySummaryChars, max_chars)), max_chars);
  if (!summary.text.empty()) return summary;
  summary.source = SummarySource::kTitle;
  summary.text = CutToChars(PlainText(title), max_chars);
  return summary;
}

std::string TopicIdForTechRoot(std::string_view tech_root) {
  tech_root = Trim(tech_root);
  if (tech_root.empty() || Utf8Length(tech_root) > kMaxTechRootChars) return "";
  std::string slug = SlugFromFileName(tech_root);
  if (slug.empty()) return "";
  std::string id = ("wdk-" + slug).substr(0, kMaxSlugLength);
  while (id.back() == '-') id.pop_back();
  return id;
}

std::string TopicCatalog::Add(std::string_view tech_root) {
  std::string id = TopicIdForTechRoot(tech_root);
  if (!id.empty()) ++spellings_[id][std::string(Trim(tech_root))];
  return id;
}

std::vector<WdkTopic> TopicCatalog::Topics() const {
  std::vector<WdkTopic> topics;
  for (const auto& [id, spellings] : spellings_) {
    WdkTopic topic{id, "", 0};
    size_t best = 0;
    for (const auto& [spelling, pages] : spellings) {
      topic.pages += pages;
      if (pages > best) {
        best = pages;
        topic.label = spelling;
      }
    }
    topics.push_back(std::move(topic));
  }
  return topics;
}

Result<std::string> TaxonomyWithTopics(std::string_view taxonomy_yaml,
                                       const std::vector<WdkTopic>& topics) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(taxonomy_yaml));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("taxonomy: YAML syntax error: " + e.msg);
  }
  if (!root.IsMap() || !root["topics"] || !root["topics"].IsSequence()) {
    return Status::InvalidArgument("taxonomy: no 'topics' list");
  }
  YAML::Node list = root["topics"];
  std::unordered_set<std::string> ids;
  for (const auto& entry : list) {
    if (entry.IsMap() && entry["id"] && entry["id"].IsScalar()) ids.insert(entry["id"].Scalar());
  }
  for (const auto& topic : topics) {
    if (!ids.insert(topic.id).second) {
      return Status::InvalidArgument("taxonomy: the topic id '" + topic.id + "' already exists");
    }
    YAML::Node entry;
    entry["id"] = topic.id;
    entry["label"] = topic.label;
    entry["description"] = "Windows Driver Kit API reference pages whose tech.root is '" +
                           topic.label + "' (" + std::to_string(topic.pages) + " pages).";
    list.push_back(entry);
  }
  YAML::Emitter out;
  out << root;
  if (!out.good()) return Status::Internal("taxonomy: cannot emit YAML: " + out.GetLastError());
  return std::string(out.c_str()) + "\n";
}

Status ReadWdkFrontMatter(std::string_view yaml, WdkPage* page) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    // The front matter starts on the file's second line, after the opening fence.
    return Status::InvalidArgument("line " + std::to_string(e.mark.line + 2) + ", column " +
                                   std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (!root.IsMap()) return Status::InvalidArgument("the front matter is not a YAML mapping");
  page->uid = String(root, "UID");
  page->title = String(root, "title");
  page->description = String(root, "description");
  page->ms_date = String(root, "ms.date");
  page->tech_root = String(root, "tech.root");
  page->kind.topic_types = Strings(root["topic_type"]);
  page->kind.api_types = Strings(root["api_type"]);
  page->kind.ms_topic = String(root, "ms.topic");
  auto [folder, stem] = FolderAndStem(page->relative_path);
  page->kind.file_name = stem + ".md";
  page->keywords.clear();
  for (const char* key : {"keywords", "api_name", "f1_keywords", "req.header", "api_location"}) {
    std::vector<std::string> values = Strings(root[key]);
    page->keywords.insert(page->keywords.end(), values.begin(), values.end());
  }
  return Status::Ok();
}

MappedResource MapWdkPage(const WdkPage& page, IdAllocator& ids, const MappingOptions& options) {
  MappedResource r;
  auto [folder, stem] = FolderAndStem(page.relative_path);
  r.id = ids.Allocate(!Trim(page.uid).empty() ? std::string(page.uid) : folder + "-" + stem);
  r.type = ResourceTypeFor(page.kind);
  r.topic = TopicIdForTechRoot(page.tech_root);
  r.published = PublishedFromMsDate(page.ms_date);

  std::string title = CutToChars(PlainText(page.title), options.max_title_chars);
  if (title.empty()) title = CutToChars(CollapseSpaces(page.uid), options.max_title_chars);
  if (title.empty()) title = stem.empty() ? "Untitled page" : stem;
  Summary summary = SummaryFor(page.description, page.body, title, options.max_summary_chars);
  r.summary_source = summary.source;
  std::vector<std::string> keywords = Keywords(page.keywords, options, &r.keywords_dropped);
  std::string url = PublicUrl(page.relative_path, options.url_base);

  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << r.id;
  EmitText(out, "title", title);
  EmitText(out, "summary", summary.text);
  out << YAML::Key << "type" << YAML::Value << r.type;
  out << YAML::Key << "focus_areas" << YAML::Value << YAML::Flow << YAML::BeginSeq
      << options.focus_area << YAML::EndSeq;
  if (!r.topic.empty()) {
    out << YAML::Key << "topics" << YAML::Value << YAML::Flow << YAML::BeginSeq << r.topic
        << YAML::EndSeq;
  }
  EmitText(out, "source", options.source);
  if (!r.published.empty()) out << YAML::Key << "published" << YAML::Value << r.published;
  if (!url.empty()) EmitText(out, "url", url);
  out << YAML::Key << "language" << YAML::Value << options.language;
  if (!keywords.empty()) EmitList(out, "keywords", keywords);
  out << YAML::EndMap;

  std::string body = page.body;
  if (Trim(body).empty()) {
    r.body_from_summary = true;
    body = EscapeMarkdown(summary.text) + "\n";
  }
  r.file = "---\n" + std::string(out.c_str()) + "\n---\n" + body;
  return r;
}

}  // namespace ch::bench
