// evidence.h: what is known about how well a program or practice works, as a plain value.
//
// A resource of a type the taxonomy marks `rated: true` (program, practice) may carry an
// `evidence:` block in its front matter (docs/resource-format.md, "Evidence ratings"):
//
//   evidence:
//     sample_data: true          # the ratings are fictional sample data
//     ratings:
//       - outcome: gun-violence  # taxonomy `outcomes`
//         rating: effective      # taxonomy `evidence_ratings`, listed strongest first
//         evidence_base: multiple-studies   # taxonomy `evidence_bases`, strongest first
//         rated_by: "Example Review Panel"
//         url: "https://example.org/reviews/1"
//         date: 2024-05
//     emmie: [effect, implementation]       # taxonomy `emmie`: what the evidence covers
//
// The resource parser validates it (resource_parser.h); the functions here rank ratings by the
// taxonomy's order. Pure functions of their inputs; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ch {

class Taxonomy;

struct EvidenceRating {
  std::string outcome;        // taxonomy outcome id
  std::string rating;         // taxonomy evidence_ratings id
  std::string evidence_base;  // taxonomy evidence_bases id
  std::string rated_by;       // who rated it
  std::string url;            // http(s) link to the rating; may be empty
  std::string date;           // YYYY, YYYY-MM or YYYY-MM-DD
};

struct Evidence {
  std::vector<EvidenceRating> ratings;
  std::vector<std::string> emmie;  // taxonomy emmie ids the evidence covers
  bool sample_data = false;        // fictional ratings, shown as such
  bool empty() const { return ratings.empty() && emmie.empty(); }
};

// The strength of a rating: 0 for the strongest rating in the taxonomy, then 1, 2...; the evidence
// base ranks the same way. nullopt for an id the taxonomy does not know.
std::optional<size_t> RatingRank(const Taxonomy& taxonomy, std::string_view rating);
std::optional<size_t> EvidenceBaseRank(const Taxonomy& taxonomy, std::string_view base);

// The strongest rating of `evidence`, restricted to `outcome` unless it is empty: the lowest
// rating rank, then the lowest evidence-base rank, then the first listed. nullptr when none.
const EvidenceRating* StrongestRating(const Taxonomy& taxonomy, const Evidence& evidence,
                                      std::string_view outcome = {});

// The sort key of "strongest evidence first" (schema.h kSlotEvidenceSort), larger is stronger:
// the strongest rating, then its evidence base, then how many outcomes are rated; "" when there is
// no rating (so that, sorted in descending order, unrated resources come last).
std::string EvidenceSortKey(const Taxonomy& taxonomy, const Evidence& evidence);

}  // namespace ch
