#include "server/services/sort_order.h"

namespace ch {
namespace {

std::string Labels(const Taxonomy& taxonomy, Vocabulary v) {
  std::string out;
  for (const auto& e : taxonomy.entries(v)) out += (out.empty() ? "" : ", ") + e.label;
  return out;
}

}  // namespace

SortOrder EffectiveSort(SortOrder requested, bool text_query) {
  return requested == SortOrder::kRelevance && !text_query ? SortOrder::kNewest : requested;
}

const char* SortName(SortOrder sort) {
  switch (sort) {
    case SortOrder::kRelevance:
      return "relevance";
    case SortOrder::kNewest:
      return "newest";
    case SortOrder::kOldest:
      return "oldest";
    case SortOrder::kTitle:
      return "title";
    case SortOrder::kEvidence:
      return "evidence";
  }
  return "relevance";
}

std::string DescribeOrder(SortOrder sort, bool text_query, const Taxonomy& taxonomy) {
  // Value sorts break ties by relevance (Xapian's set_sort_by_value_then_relevance), which is
  // equal for every document when browsing: the index's order then decides.
  const std::string ties = text_query ? "then the best match" : "then the index's order";
  switch (sort) {
    case SortOrder::kRelevance:
      return "Best match first.";
    case SortOrder::kNewest:
      return "Newest first by publication date, " + ties + "; undated resources last.";
    case SortOrder::kOldest:
      return "Oldest first by publication date (undated resources first), " + ties + ".";
    case SortOrder::kTitle:
      return "Title A to Z, " + ties + ".";
    case SortOrder::kEvidence:
      return "Strongest evidence first: by each resource's best rating (" +
             Labels(taxonomy, Vocabulary::kRating) + "), then the evidence base of that rating (" +
             Labels(taxonomy, Vocabulary::kEvidenceBase) +
             "), then the number of outcomes rated, " +
             (text_query ? "then the best match" : "then title A to Z") +
             ". Resources without a rating come last.";
  }
  return "";
}

}  // namespace ch
