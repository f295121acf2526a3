// toolkit_drafter.h: proposes a toolkit for a topic, for the user to edit and save.
//
// Draft asks the directory for the best `candidate_factor * size` matches of the query, then picks
// `size` of them greedily by maximal marginal relevance (MMR):
//
//   pick = argmax  lambda * relevance(c) - (1 - lambda) * max_{s in picked} similarity(c, s)
//   relevance(c)     = score(c) / best score (by rank, 1 - rank/n, when scores are all 0)
//                      + EvidenceBoost(c) (evidence_preference.h: up to 0.1 for the strongest
//                      rating for the question's outcome, so that evidence decides only
//                      between candidates close in relevance)
//   similarity(c, s) = 0.5 [same type] + 0.3 Jaccard(focus areas) + 0.2 Jaccard(topics)
//
// with two hard bounds, so that a draft is never ten near-identical guides:
//   - at most ceil(max_type_share * size) items of one type        (default 40%: 4 of 10)
//   - at most ceil(max_focus_set_share * size) items with the same  (default 50%: 5 of 10)
//     set of focus areas
// The bounds are lifted only when the candidates cannot fill the draft otherwise (a second pass
// fills the remaining places by the same MMR score). Ties go to the better-ranked candidate, so
// the same request and the same index give the same draft.
//
// The chosen items are grouped into sections by type family, in this order, empty ones dropped:
//   start-here    "Start here: guides and toolkits"      guide, toolkit, website
//   evidence      "Evidence: reports and research"       report, research-brief, article,
//                                                        dataset, fact-sheet, infographic
//   training      "Training and events"                  training, webinar, video, podcast,
//                                                        presentation
//   tools         "Tools, templates and policies"        tool, template, policy
//   case-studies  "Case studies"                         case-study
//   more          "More resources"                       any other type
// Within a section items keep their pick order. Notes are left empty for the user to write.
// With DraftRequest::language "es" the title, description and section titles are in Spanish.
//
// On topic: before picking, candidates that match fewer of the question's concepts than
// DraftOptions::min_coverage (DirectoryHit::coverage) are left out, so a draft may hold fewer
// than `size` items rather than off-topic ones. Featured toolkits: the one with the largest share
// of its items among the first on-topic candidates is offered first (ResolvedToolkit::
// featured_match) when that share reaches DraftOptions::featured_min_share.
//
// Errors: InvalidArgument (field "q", "focus_areas" or "size") for a bad request; the directory's
// errors unchanged. Thread-safety: as thread-safe as the directory (the drafter has no state).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "toolkits/evidence_preference.h"
#include "toolkits/featured_toolkits.h"
#include "toolkits/resolved_toolkit.h"
#include "toolkits/resource_directory.h"

namespace ch {

struct DraftRequest {
  std::string q;                         // search query; "" drafts from the focus areas alone
  std::vector<std::string> focus_areas;  // taxonomy ids; resources in any of them
  int size = 10;                         // items wanted: 1 to DraftOptions::max_size
  // The draft's language (an analysed code, toolkit.h's CheckToolkitLanguage; "" for the default):
  // its title, description and section titles are written in it ("Kit: ...", "Para empezar: guías
  // y kits" for "es"), and it becomes the draft's ToolkitContent::language (its exports' language).
  std::string language;
};

struct DraftOptions {
  // Only candidates matching at least this share of the question's concepts are drafted
  // (DirectoryHit::coverage; "reduce shootings near schools" drafts items about shootings AND
  // schools, never ones that share only "reduce"). When no candidate reaches it, the candidates
  // with the best coverage there is are used.
  double min_coverage = 1.0;
  // A featured toolkit is offered when at least this share of its items (and at least two) are
  // among the first featured_window_factor * size on-topic candidates.
  double featured_min_share = 0.5;
  int featured_window_factor = 2;
  int max_size = 30;
  int candidate_factor = 5;     // candidates asked for: candidate_factor * size
  double lambda = 0.6;          // MMR balance: 1 = relevance only, 0 = diversity only
  double max_type_share = 0.4;  // of size, rounded up
  double max_focus_set_share = 0.5;
  size_t max_query_chars = 1000;
  size_t max_focus_areas = 8;
  ToolkitLimits limits;         // for the draft's title
  EvidencePreference evidence;  // stronger evidence first among close candidates
};

class ToolkitDrafter {
 public:
  // `directory` (and `featured`, when given: the toolkits a draft may offer) must outlive the
  // drafter.
  explicit ToolkitDrafter(ResourceDirectory& directory, DraftOptions options = {},
                          const FeaturedToolkits* featured = nullptr);

  // A resolved, unsaved toolkit (draft = true, no id, version 0): title from the query,
  // a description saying how it was made, sections as above.
  Result<ResolvedToolkit> Draft(const DraftRequest& request) const;

  // Checks a request without searching.
  Status Validate(const DraftRequest& request) const;

  const DraftOptions& options() const { return options_; }

 private:
  // In `language` (the featured toolkit's translated title and description, when it has them).
  FeaturedMatch BestFeatured(const std::vector<DirectoryHit>& candidates, size_t size,
                             std::string_view language) const;

  ResourceDirectory& directory_;
  DraftOptions options_;
  const FeaturedToolkits* featured_;
};

}  // namespace ch
