#include "indexer/front_matter.h"

namespace ch {

bool IsFrontMatterFence(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) {
    line.remove_suffix(1);
  }
  return line == "---";
}

FrontMatterSplit SplitFrontMatter(std::string_view file) {
  FrontMatterSplit split;
  const size_t first_end = file.find('\n');
  if (!IsFrontMatterFence(file.substr(0, first_end))) {
    split.problem = FrontMatterProblem::kNoOpeningFence;
    return split;
  }
  split.problem = FrontMatterProblem::kNeverClosed;
  if (first_end == std::string_view::npos) return split;
  size_t pos = first_end + 1;
  int line = 2;
  while (pos <= file.size()) {
    size_t end = file.find('\n', pos);
    std::string_view current = file.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (IsFrontMatterFence(current)) {
      split.problem = FrontMatterProblem::kNone;
      split.front_matter = file.substr(first_end + 1, pos - (first_end + 1));
      split.body = end == std::string_view::npos ? std::string_view() : file.substr(end + 1);
      split.body_first_line = line + 1;
      return split;
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
    ++line;
  }
  return split;
}

}  // namespace ch
