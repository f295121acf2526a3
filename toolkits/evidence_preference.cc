#include "toolkits/evidence_preference.h"

#include <algorithm>
#include <cctype>

namespace ch {
namespace {

// Lowercase letters and digits, every other run of characters one space, padded with spaces.
std::string Words(const std::string& text) {
  std::string out = " ";
  for (unsigned char c : text) {
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

}  // namespace

std::vector<std::string> QuestionOutcomes(const std::string& q,
                                          const std::vector<std::string>& focus_areas,
                                          const std::vector<DirectoryHit>& candidates) {
  const std::string query = Words(q);
  std::vector<std::string> out;
  for (const auto& c : candidates) {
    for (const auto& r : c.summary.evidence.ratings) {
      if (std::find(out.begin(), out.end(), r.outcome) != out.end()) continue;
      const std::string words = Words(r.outcome);
      const bool named =
          std::find(focus_areas.begin(), focus_areas.end(), r.outcome) != focus_areas.end() ||
          (words != " " && query.find(words) != std::string::npos);
      if (named) out.push_back(r.outcome);
    }
  }
  return out;
}

double EvidenceBoost(const Evidence& evidence, const std::vector<std::string>& outcomes,
                     const EvidencePreference& preference) {
  const auto& order = preference.rating_order;
  if (outcomes.empty() || order.size() < 2 || preference.closeness <= 0) return 0;
  double best = 0;
  for (const auto& r : evidence.ratings) {
    if (std::find(outcomes.begin(), outcomes.end(), r.outcome) == outcomes.end()) continue;
    auto it = std::find(order.begin(), order.end(), r.rating);
    if (it == order.end()) continue;
    const double rank = static_cast<double>(it - order.begin());
    best = std::max(best, (static_cast<double>(order.size()) - 1 - rank) /
                              static_cast<double>(order.size() - 1));
  }
  return preference.closeness * best;
}

}  // namespace ch
