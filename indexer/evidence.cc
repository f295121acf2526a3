#include "indexer/evidence.h"

#include <algorithm>
#include <cstdint>

#include "indexer/taxonomy.h"

namespace ch {
namespace {

std::optional<size_t> RankIn(const Taxonomy& taxonomy, Vocabulary v, std::string_view id) {
  const auto& entries = taxonomy.entries(v);
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].id == id) return i;
  }
  return std::nullopt;
}

// Two characters, larger for a stronger (lower) rank: 'z' for rank 0.
std::string StrengthChars(std::optional<size_t> rank) {
  const size_t r = rank ? std::min<size_t>(*rank, 99) : 99;
  const size_t strength = 99 - r;
  return {static_cast<char>('0' + strength / 10), static_cast<char>('0' + strength % 10)};
}

}  // namespace

std::optional<size_t> RatingRank(const Taxonomy& taxonomy, std::string_view rating) {
  return RankIn(taxonomy, Vocabulary::kRating, rating);
}

std::optional<size_t> EvidenceBaseRank(const Taxonomy& taxonomy, std::string_view base) {
  return RankIn(taxonomy, Vocabulary::kEvidenceBase, base);
}

const EvidenceRating* StrongestRating(const Taxonomy& taxonomy, const Evidence& evidence,
                                      std::string_view outcome) {
  const EvidenceRating* best = nullptr;
  size_t best_rating = SIZE_MAX, best_base = SIZE_MAX;
  for (const auto& r : evidence.ratings) {
    if (!outcome.empty() && r.outcome != outcome) continue;
    const size_t rating = RatingRank(taxonomy, r.rating).value_or(SIZE_MAX - 1);
    const size_t base = EvidenceBaseRank(taxonomy, r.evidence_base).value_or(SIZE_MAX - 1);
    if (best == nullptr || rating < best_rating || (rating == best_rating && base < best_base)) {
      best = &r;
      best_rating = rating;
      best_base = base;
    }
  }
  return best;
}

std::string EvidenceSortKey(const Taxonomy& taxonomy, const Evidence& evidence) {
  const EvidenceRating* best = StrongestRating(taxonomy, evidence);
  if (best == nullptr) return "";
  std::vector<std::string> outcomes;
  for (const auto& r : evidence.ratings) {
    if (std::find(outcomes.begin(), outcomes.end(), r.outcome) == outcomes.end()) {
      outcomes.push_back(r.outcome);
    }
  }
  const size_t n = std::min<size_t>(outcomes.size(), 99);
  return StrengthChars(RatingRank(taxonomy, best->rating)) +
         StrengthChars(EvidenceBaseRank(taxonomy, best->evidence_base)) +
         std::string{static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
}

}  // namespace ch
