#include "toolkits/export_markdown.h"

#include <string>
#include <vector>

namespace ch {
namespace {

// Spaces, parentheses and angle brackets would end or break a link destination.
std::string LinkDestination(std::string_view url) {
  std::string out;
  for (char c : url) {
    switch (c) {
      case ' ':
        out += "%20";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '<':
        out += "%3C";
        break;
      case '>':
        out += "%3E";
        break;
      case '\n':
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool IsHttpUrl(std::string_view url) {
  return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
}

// Escaped text that keeps its line breaks: a blank line stays a paragraph break, any other line
// break becomes a hard line break (a backslash at the end of the line).
std::string Paragraphs(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t") == l.npos; };
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (blank(lines[i])) {
      out += "\n";
      continue;
    }
    out += EscapeMarkdown(lines[i]);
    if (i + 1 < lines.size()) out += blank(lines[i + 1]) ? "\n" : "\\\n";
  }
  return out;
}

}  // namespace

std::string EscapeMarkdown(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
      case '~':
        out += '\\';
        out += c;
        break;
      case '#':
      case '+':
      case '-':
      case '=':
        if (line_start) out += '\\';
        out += c;
        break;
      default:
        // "1. " at the start of a line would begin a numbered list.
        if (line_start && c >= '0' && c <= '9') {
          size_t j = i;
          while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
          out.append(text.substr(i, j - i));
          if (j < text.size() && (text[j] == '.' || text[j] == ')')) out += '\\';
          i = j - 1;
        } else {
          out += c;
        }
    }
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  return out;
}

ExportedFile ExportMarkdown(const ResolvedToolkit& r, const ExportLocale& locale) {
  const ToolkitContent& c = r.toolkit.content;
  std::string md = "# " + EscapeMarkdown(c.title) + "\n\n";
  if (!c.description.empty()) md += Paragraphs(c.description) + "\n\n";
  std::string meta = locale.Count(r.items.size());
  if (r.toolkit.updated_at_ms > 0) {
    meta += " \xC2\xB7 " + std::string(locale.words().updated) + " " +
            FormatRfc3339(r.toolkit.updated_at_ms).substr(0, 10);
  }
  if (std::string rated = RatedSummary(r, locale); !rated.empty()) meta += " \xC2\xB7 " + rated;
  md += "_" + meta + "_\n";
  std::vector<ItemGroup> groups = GroupBySection(r);
  for (const ItemGroup& group : groups) {
    // Items are level 3 under a section heading, level 2 when there are no sections: no level
    // is skipped.
    bool headed = group.section || groups.size() > 1;
    if (group.section) {
      md += "\n## " + EscapeMarkdown(group.section->title) + "\n";
    } else if (headed) {
      md += "\n## " + std::string(locale.words().other_resources) + "\n";
    }
    for (const ResolvedItem* item : group.items) {
      md += headed ? "\n### " : "\n## ";
      std::string title = EscapeMarkdown(DisplayTitle(*item));
      if (item->available && IsHttpUrl(item->resource.url)) {
        md += "[" + title + "](" + LinkDestination(item->resource.url) + ")\n";
      } else {
        md += title + "\n";
      }
      md += "\n_" + EscapeMarkdown(ItemByline(*item, locale)) + "_\n";
      if (std::string evidence = EvidenceLine(*item, locale); !evidence.empty()) {
        md += "\n" + EscapeMarkdown(evidence) + "\n";
      }
      if (item->available && !item->resource.summary.empty()) {
        md += "\n" + Paragraphs(item->resource.summary) + "\n";
      }
      if (!item->item.note.empty()) {
        md +=
            "\n**" + std::string(locale.words().note) + "** " + Paragraphs(item->item.note) + "\n";
      }
    }
  }
  return {md, "text/markdown; charset=utf-8", ExportFileName(r, "md"), locale.language()};
}

}  // namespace ch
