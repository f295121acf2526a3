#include "benchmarks/front_matter_lite.h"

namespace ch::bench {
namespace {

bool IsQuote(char c) { return c == '"' || c == '\''; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string_view Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && IsQuote(s.front()) && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

}  // namespace

std::string_view BodyOf(std::string_view file, std::string_view* front_matter) {
  *front_matter = {};
  if (file.substr(0, 4) != "---\n" && file.substr(0, 5) != "---\r\n") return file;
  size_t pos = file.find('\n') + 1;
  while (pos < file.size()) {
    size_t end = file.find('\n', pos);
    std::string_view line = file.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line == "---") {
      *front_matter = file.substr(0, pos);
      return end == std::string_view::npos ? std::string_view() : file.substr(end + 1);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return file;
}

std::string_view TitleOf(std::string_view front_matter) {
  size_t pos = front_matter.find("\ntitle:");
  if (pos == std::string_view::npos) return {};
  std::string_view rest = front_matter.substr(pos + 7);
  rest = rest.substr(0, rest.find('\n'));
  while (!rest.empty() && (rest.front() == ' ' || IsQuote(rest.front()))) rest.remove_prefix(1);
  while (!rest.empty() && (rest.back() == ' ' || IsQuote(rest.back()) || rest.back() == '\r')) {
    rest.remove_suffix(1);
  }
  return rest;
}

std::string_view ScalarField(std::string_view front_matter, std::string_view key) {
  size_t pos = 0;
  while (pos < front_matter.size()) {
    size_t end = front_matter.find('\n', pos);
    if (end == std::string_view::npos) end = front_matter.size();
    std::string_view line = front_matter.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key && line[key.size()] == ':') {
      return Unquote(line.substr(key.size() + 1));
    }
    pos = end + 1;
  }
  return {};
}

std::vector<std::string> ListField(std::string_view front_matter, std::string_view key) {
  std::string_view value = ScalarField(front_matter, key);
  std::vector<std::string> out;
  if (value.empty()) return out;
  if (value.front() != '[') {
    out.emplace_back(value);
    return out;
  }
  value.remove_prefix(1);
  if (!value.empty() && value.back() == ']') value.remove_suffix(1);
  size_t start = 0;
  char quote = 0;
  for (size_t i = 0; i <= value.size(); ++i) {
    if (i < value.size() && quote) {
      if (value[i] == quote) quote = 0;
    } else if (i < value.size() && IsQuote(value[i])) {
      quote = value[i];
    } else if (i == value.size() || value[i] == ',') {
      std::string_view item = Unquote(value.substr(start, i - start));
      if (!item.empty()) out.emplace_back(item);
      start = i + 1;
    }
  }
  return out;
}

}  // namespace ch::bench
