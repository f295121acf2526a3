// front_matter.h: where a resource file's YAML front matter and body are.
//
// The format (docs/resource-format.md): the first line is "---", the front matter ends at the
// next line that is "---"; a fence line may end in spaces, tabs and a CR. The views point into
// the caller's bytes. A UTF-8 byte-order mark is the caller's business (the indexer rejects it,
// the benchmarks' importers strip it). Pure function, thread-safe.
#pragma once

#include <string_view>

namespace ch {

enum class FrontMatterProblem {
  kNone,
  kNoOpeningFence,  // the first line is not "---"
  kNeverClosed,     // no later line is "---"
};

struct FrontMatterSplit {
  FrontMatterProblem problem = FrontMatterProblem::kNone;
  std::string_view front_matter;  // the YAML text between the fences
  std::string_view body;          // everything after the closing fence's line
  int body_first_line = 0;        // 1-based line of the body's first line in the file
};

bool IsFrontMatterFence(std::string_view line);
FrontMatterSplit SplitFrontMatter(std::string_view file);

}  // namespace ch
