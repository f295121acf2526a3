#include "indexer/reference_edit.h"

#include <algorithm>

namespace ch {
namespace {

bool IsSlugChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         (c >= 'A' && c <= 'Z');
}

// Lines of `text` with their start offsets (the last one may lack a newline).
std::vector<size_t> LineStarts(std::string_view text) {
  std::vector<size_t> starts{0};
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && i + 1 < text.size()) starts.push_back(i + 1);
  }
  return starts;
}

// Where `id` stands as a whole token on `line` (optionally quoted): [begin, end) including quotes.
bool FindToken(std::string_view line, const std::string& id, size_t* begin, size_t* end) {
  for (size_t pos = line.find(id); pos != std::string_view::npos; pos = line.find(id, pos + 1)) {
    size_t b = pos, e = pos + id.size();
    if (b > 0 && IsSlugChar(line[b - 1])) continue;
    if (e < line.size() && IsSlugChar(line[e])) continue;
    if (b > 0 && e < line.size() && (line[b - 1] == '"' || line[b - 1] == '\'') &&
        line[e] == line[b - 1]) {
      --b;
      ++e;
    }
    *begin = b;
    *end = e;
    return true;
  }
  return false;
}

// The line without the token: a block item line disappears, a flow list loses the item and one
// separating comma, a lone value becomes [].
std::string EditLine(std::string_view line, size_t b, size_t e, bool* drop_line) {
  std::string_view before = line.substr(0, b);
  std::string_view after = line.substr(e);
  size_t first = before.find_first_not_of(" \t");
  if (first != std::string_view::npos && before[first] == '-' &&
      before.substr(first + 1).find_first_not_of(" \t") == std::string_view::npos) {
    *drop_line = true;  // "  - id" (perhaps with a comment)
    return "";
  }
  *drop_line = false;
  std::string head(before), tail(after);
  size_t tail_comma = tail.find_first_not_of(" \t");
  if (tail_comma != std::string::npos && tail[tail_comma] == ',') {
    size_t next = tail.find_first_not_of(" \t", tail_comma + 1);
    tail = tail.substr(next == std::string::npos ? tail.size() : next);
    return head + tail;
  }
  size_t head_end = head.find_last_not_of(" \t");
  if (head_end != std::string::npos && head[head_end] == ',') {
    return head.substr(0, head_end) + tail;
  }
  if (head_end != std::string::npos && head[head_end] == ':') return head + "[]" + tail;
  return head + tail;  // "[id]" -> "[]"
}

}  // namespace

Result<std::string> RemoveRelatedId(std::string_view file,
                                    const std::vector<RelatedReference>& refs,
                                    const std::string& id) {
  std::vector<int> lines;
  for (const auto& ref : refs) {
    if (ref.id == id) lines.push_back(ref.line);
  }
  if (lines.empty()) return std::string(file);
  std::sort(lines.rbegin(), lines.rend());  // bottom first: earlier offsets stay valid
  std::string text(file);
  for (int line_no : lines) {
    std::vector<size_t> starts = LineStarts(text);
    if (line_no < 1 || static_cast<size_t>(line_no) > starts.size()) {
      return Status::FailedPrecondition("related id '" + id + "' not found at line " +
                                        std::to_string(line_no));
    }
    size_t start = starts[line_no - 1];
    size_t stop = text.find('\n', start);
    size_t content_end = stop == std::string::npos ? text.size() : stop;
    std::string_view line(text.data() + start, content_end - start);
    size_t b = 0, e = 0;
    if (!FindToken(line, id, &b, &e)) {
      return Status::FailedPrecondition("related id '" + id + "' not found at line " +
                                        std::to_string(line_no));
    }
    bool drop = false;
    std::string edited = EditLine(line, b, e, &drop);
    if (drop) {
      text.erase(start, (stop == std::string::npos ? text.size() : stop + 1) - start);
    } else {
      text.replace(start, content_end - start, edited);
    }
  }
  return text;
}

}  // namespace ch
