// markdown_limits.h: size limits on a resource body, checked before it is rendered.
//
// Debian's cmark-gfm 0.29 lacks the 2023 fixes for slow table parsing: one table with 60,000
// columns took 7.5 s to render (holding the single curator write queue), and a 600 KB file 45 s in
// `clearinghouse-index validate`. CheckMarkdownLimits scans the text once, in linear time, and
// reports the first line over a limit, so the renderer never sees such input:
//   max_line_bytes    100,000  longest line (a long paragraph on one line is ~3,000)
//   max_table_columns      64  cells in any row of a table (a table is a run of non-blank lines
//                              that holds a delimiter row such as |---|:--:|)
//   max_table_rows      2,000  rows in one table
// Lines inside fenced code blocks (``` or ~~~) count for the line length only.
// Used by the resource parser, so the curator API (422 validation_failed) and
// `clearinghouse-index validate` report the same problem at the same line.
//
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ch {

struct MarkdownLimits {
  size_t max_line_bytes = 100000;
  size_t max_table_columns = 64;
  size_t max_table_rows = 2000;
};

struct MarkdownLimitProblem {
  int line = 0;  // 1-based, within the text given
  std::string message;
};

// The first line over a limit, or nullopt.
std::optional<MarkdownLimitProblem> CheckMarkdownLimits(std::string_view markdown,
                                                        const MarkdownLimits& limits = {});

}  // namespace ch
