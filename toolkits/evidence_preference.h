// evidence_preference.h: when a draft's candidates are close in relevance, prefer the one with
// stronger evidence for the question's outcome (issue 19).
//
// The question's outcomes are the outcome ids of the candidates' ratings that the request names:
// an outcome id equal to one of its focus areas ("gun-violence"), or whose words occur in its
// query ("recidivism", "gun violence"). EvidenceBoost then gives a candidate
//
//   boost = closeness * strength,  strength = (n - 1 - rank) / (n - 1)
//
// for its best rating for one of those outcomes, where rank is the rating's place in
// `rating_order` (strongest first, n ratings): 1 for the strongest, 0 for the weakest, and 0 with
// no rating for the outcome. The drafter adds the boost to the relevance (0..1, a share of the best
// score), so evidence can reorder candidates only within `closeness` of each other: a clearly more
// relevant resource always stays ahead. With no outcome named, every boost is 0.
//
//   std::vector<std::string> outcomes = QuestionOutcomes(request.q, request.focus_areas, hits);
//   relevance[i] += EvidenceBoost(hits[i].summary.evidence, outcomes, options.evidence);
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "indexer/evidence.h"
#include "toolkits/resource_directory.h"

namespace ch {

struct EvidencePreference {
  // Relevance gap (as a share of the best candidate's) within which evidence may decide; 0
  // turns the preference off.
  double closeness = 0.1;
  // Rating ids, strongest first: the taxonomy's `evidence_ratings` order (the server passes the
  // loaded taxonomy's; this default is the sample taxonomy's).
  std::vector<std::string> rating_order = {"effective",    "promising", "mixed",
                                           "insufficient", "no-effect", "harmful"};
};

// The outcomes of the candidates' ratings that the request names, in first-seen order.
std::vector<std::string> QuestionOutcomes(const std::string& q,
                                          const std::vector<std::string>& focus_areas,
                                          const std::vector<DirectoryHit>& candidates);

// 0 to preference.closeness, as described above.
double EvidenceBoost(const Evidence& evidence, const std::vector<std::string>& outcomes,
                     const EvidencePreference& preference);

}  // namespace ch
