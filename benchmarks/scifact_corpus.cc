#include "benchmarks/scifact_corpus.h"

#include <filesystem>
#include <fstream>

#include <rapidjson/document.h>

#include "base/file_util.h"

namespace ch::bench {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxTitleChars = 300;  // docs/resource-format.md
// A full stop this early ends an enumerator ("1. ") or an abbreviation, not a sentence.
constexpr size_t kMinSentenceChars = 20;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool IsAsciiPunctuation(char c) {
  return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
         (c >= '{' && c <= '~');
}

// Cuts `text` at the last space before `max_chars` (never inside a UTF-8 sequence) and adds "...".
std::string CutAtWord(std::string_view text, size_t max_chars) {
  if (text.size() <= max_chars) return std::string(text);
  size_t cut = text.rfind(' ', max_chars);
  if (cut == std::string_view::npos || cut == 0) {
    cut = max_chars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  return std::string(text.substr(0, cut)) + "...";
}

// A YAML double-quoted scalar.
std::string YamlQuoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

bool GetString(const rapidjson::Value& obj, const char* key, std::string* out) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return false;
  out->assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

}  // namespace

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (IsSpace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<std::vector<ScifactDocument>> ReadScifactCorpus(const std::string& jsonl_path) {
  CH_ASSIGN_OR_RETURN(std::string bytes, ReadFile(jsonl_path));
  return ParseScifactCorpus(bytes);
}

Result<std::vector<ScifactDocument>> ParseScifactCorpus(std::string_view jsonl) {
  std::vector<ScifactDocument> docs;
  int number = 0;
  while (!jsonl.empty()) {
    size_t end = jsonl.find('\n');
    std::string line(jsonl.substr(0, end));
    jsonl.remove_prefix(end == std::string_view::npos ? jsonl.size() : end + 1);
    ++number;
    if (CollapseSpaces(line).empty()) continue;
    rapidjson::Document json;
    json.Parse(line.data(), line.size());
    ScifactDocument doc;
    if (json.HasParseError() || !json.IsObject() ||
        !(GetString(json, "_id", &doc.id) || GetString(json, "id", &doc.id)) ||
        !GetString(json, "title", &doc.title) || !GetString(json, "text", &doc.text)) {
      return Status::InvalidArgument("corpus line " + std::to_string(number) +
                                     ": expected a JSON object with string id, title and text");
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

std::string ResourceIdFor(std::string_view scifact_id) {
  return "scifact-" + std::string(scifact_id);
}

std::string FirstSentence(std::string_view text, size_t max_chars) {
  std::string plain = CollapseSpaces(text);
  for (size_t i = kMinSentenceChars; i + 2 < plain.size() && i < max_chars; ++i) {
    char c = plain[i];
    bool next_starts_sentence =
        plain[i + 1] == ' ' && !(plain[i + 2] >= 'a' && plain[i + 2] <= 'z');
    if ((c == '.' || c == '?' || c == '!') && next_starts_sentence) return plain.substr(0, i + 1);
  }
  return CutAtWord(plain, max_chars);
}

std::string EscapeMarkdown(std::string_view text) {
  std::string plain = CollapseSpaces(text);
  std::string out;
  out.reserve(plain.size() + plain.size() / 8);
  for (char c : plain) {
    if (IsAsciiPunctuation(c)) out += '\\';
    out += c;
  }
  return out;
}

std::string ResourceFileFor(const ScifactDocument& doc, const ScifactResourceOptions& options) {
  std::string title = CutAtWord(CollapseSpaces(doc.title), kMaxTitleChars - 3);
  std::string body = EscapeMarkdown(doc.text);
  if (title.empty()) title = "SciFact " + doc.id;  // the format requires a title
  if (body.empty()) body = EscapeMarkdown(title);  // ... and a body
  std::string summary = FirstSentence(doc.text.empty() ? title : doc.text, options.summary_chars);
  std::string out = "---\n";
  out += "id: " + ResourceIdFor(doc.id) + "\n";
  out += "title: " + YamlQuoted(title) + "\n";
  out += "summary: " + YamlQuoted(summary) + "\n";
  out += "type: " + options.type + "\n";
  out += "focus_areas: [" + options.focus_area + "]\n";
  out += "---\n";
  out += body + "\n";
  return out;
}

Result<std::unordered_map<std::string, std::string>> WriteScifactCorpus(
    const std::vector<ScifactDocument>& docs, const std::string& corpus_dir,
    const ScifactResourceOptions& options) {
  std::error_code ec;
  fs::create_directories(corpus_dir, ec);
  if (ec) return Status::IOError("cannot create " + corpus_dir + ": " + ec.message());
  for (fs::directory_iterator it(corpus_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".md") fs::remove(it->path(), ec);
  }
  std::unordered_map<std::string, std::string> ids;
  for (const auto& doc : docs) {
    std::string id = ResourceIdFor(doc.id);
    if (!ids.emplace(id, doc.id).second) {
      return Status::InvalidArgument("SciFact id '" + doc.id + "' occurs twice");
    }
    std::string path = (fs::path(corpus_dir) / (id + ".md")).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << ResourceFileFor(doc, options);
    if (!out) return Status::IOError("cannot write " + path);
  }
  return ids;
}

}  // namespace ch::bench
