#include "indexer/markdown_limits.h"

#include <vector>

namespace ch {
namespace {

// Unescaped pipes in a line.
size_t CountPipes(std::string_view line) {
  size_t pipes = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\') {
      ++i;
    } else if (line[i] == '|') {
      ++pipes;
    }
  }
  return pipes;
}

// A GFM table delimiter row: pipes, dashes, colons and spaces, with at least one '-'.
bool IsDelimiterRow(std::string_view line) {
  if (line.find('-') == std::string_view::npos) return false;
  bool pipe = false;
  for (char c : line) {
    if (c == '|') {
      pipe = true;
    } else if (c != '-' && c != ':' && c != ' ' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return pipe;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

bool IsFence(std::string_view line) {
  size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos || i > 3) return false;
  line.remove_prefix(i);
  return line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0;
}

struct Line {
  std::string_view text;
  int number;
};

std::optional<MarkdownLimitProblem> CheckTable(const std::vector<Line>& block,
                                               const MarkdownLimits& limits) {
  bool is_table = false;
  for (const Line& l : block) is_table = is_table || IsDelimiterRow(l.text);
  if (!is_table) return std::nullopt;
  if (block.size() > limits.max_table_rows) {
    return MarkdownLimitProblem{
        block[limits.max_table_rows].number,
        "the table starting at line " + std::to_string(block.front().number) + " has " +
            std::to_string(block.size()) + " rows; at most " +
            std::to_string(limits.max_table_rows) + " are allowed (split it into several tables)"};
  }
  for (const Line& l : block) {
    size_t pipes = CountPipes(l.text);
    // "| a | b |" has 3 pipes for 2 cells; "a | b" has 1 pipe for 2.
    size_t cells = pipes + 1;
    if (cells > limits.max_table_columns + 1) {
      return MarkdownLimitProblem{l.number, "a table row with about " + std::to_string(pipes) +
                                                " cells; at most " +
                                                std::to_string(limits.max_table_columns) +
                                                " columns are allowed (use a list for wide data)"};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<MarkdownLimitProblem> CheckMarkdownLimits(std::string_view markdown,
                                                        const MarkdownLimits& limits) {
  std::vector<Line> block;  // the current run of non-blank lines outside code
  bool in_code = false;
  int number = 0;
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    std::string_view text = markdown.substr(pos, end - pos);
    ++number;
    pos = end + 1;
    if (text.size() > limits.max_line_bytes) {
      return MarkdownLimitProblem{number, "the line is " + std::to_string(text.size()) +
                                              " bytes long; at most " +
                                              std::to_string(limits.max_line_bytes) +
                                              " are allowed (break it into paragraphs)"};
    }
    bool fence = IsFence(text);
    if (fence) in_code = !in_code;
    if (fence || in_code || IsBlank(text)) {
      if (auto problem = CheckTable(block, limits)) return problem;
      block.clear();
      continue;
    }
    block.push_back({text, number});
    if (end == markdown.size()) break;
  }
  return CheckTable(block, limits);
}

}  // namespace ch
