// The draft's preference for stronger evidence (evidence_preference.h): which outcomes a question
// names, how big the boost is, and that a draft prefers the stronger-rated of two close candidates
// but never one that is clearly less relevant.
#include "toolkits/evidence_preference.h"

#include <gtest/gtest.h>

#include "tests/toolkits/fake_directory.h"
#include "toolkits/toolkit_drafter.h"

namespace ch {
namespace {

ResourceSummary Rated(const std::string& id, const std::string& outcome,
                      const std::string& rating) {
  ResourceSummary s = test::MakeSummary(id, "Program " + id, "program");
  s.evidence.sample_data = true;
  s.evidence.ratings.push_back({outcome, rating, "single-study", "Sample Panel", "", "2024"});
  return s;
}

std::vector<DirectoryHit> Hits(std::vector<ResourceSummary> summaries) {
  std::vector<DirectoryHit> out;
  for (auto& s : summaries) out.push_back({std::move(s), {}, 1});
  return out;
}

TEST(EvidencePreference, TheQuestionsOutcomesAreNamedByFocusAreaOrQueryWords) {
  std::vector<DirectoryHit> hits =
      Hits({Rated("a", "gun-violence", "effective"), Rated("b", "recidivism", "promising"),
            Rated("c", "community-trust", "mixed")});
  EXPECT_EQ(QuestionOutcomes("", {"gun-violence"}, hits), std::vector<std::string>{"gun-violence"});
  EXPECT_EQ(QuestionOutcomes("Reducing RECIDIVISM after prison", {}, hits),
            std::vector<std::string>{"recidivism"});
  EXPECT_EQ(QuestionOutcomes("building community trust", {"technology"}, hits),
            std::vector<std::string>{"community-trust"});
  EXPECT_TRUE(QuestionOutcomes("trust", {}, hits).empty()) << "all of the outcome's words";
}

TEST(EvidencePreference, TheBoostFollowsTheRatingOrderForTheOutcomeOnly) {
  EvidencePreference p;
  const std::vector<std::string> gun = {"gun-violence"};
  EXPECT_DOUBLE_EQ(EvidenceBoost(Rated("a", "gun-violence", "effective").evidence, gun, p),
                   p.closeness);
  EXPECT_DOUBLE_EQ(EvidenceBoost(Rated("a", "gun-violence", "harmful").evidence, gun, p), 0);
  EXPECT_GT(EvidenceBoost(Rated("a", "gun-violence", "promising").evidence, gun, p),
            EvidenceBoost(Rated("a", "gun-violence", "mixed").evidence, gun, p));
  EXPECT_DOUBLE_EQ(EvidenceBoost(Rated("a", "recidivism", "effective").evidence, gun, p), 0)
      << "a rating for another outcome does not count";
  EXPECT_DOUBLE_EQ(EvidenceBoost(Rated("a", "gun-violence", "effective").evidence, {}, p), 0);
  EXPECT_DOUBLE_EQ(EvidenceBoost(Evidence(), gun, p), 0);
}

std::string FirstPick(double stronger_score) {
  test::FakeDirectory directory;
  directory.Add(Rated("weaker", "gun-violence", "insufficient"), {}, 1.0);
  directory.Add(Rated("stronger", "gun-violence", "effective"), {}, stronger_score);
  Result<ResolvedToolkit> draft = ToolkitDrafter(directory).Draft({"", {"gun-violence"}, 1});
  EXPECT_TRUE(draft.ok());
  return draft.ok() && !draft->items.empty() ? draft->items[0].item.resource_id : "";
}

TEST(EvidencePreference, ADraftPrefersStrongerEvidenceOnlyWhenRelevanceIsClose) {
  EXPECT_EQ(FirstPick(0.95), "stronger") << "5% less relevant, much stronger evidence";
  EXPECT_EQ(FirstPick(0.5), "weaker") << "half as relevant: relevance wins";
}

TEST(EvidencePreference, WithoutANamedOutcomeRelevanceAloneDecides) {
  test::FakeDirectory directory;
  directory.Add(Rated("weaker", "gun-violence", "mixed"), {}, 1.0);
  directory.Add(Rated("stronger", "gun-violence", "effective"), {}, 0.95);
  Result<ResolvedToolkit> draft = ToolkitDrafter(directory).Draft({"program", {}, 1});
  ASSERT_TRUE(draft.ok());
  ASSERT_EQ(draft->items.size(), 1u);
  EXPECT_EQ(draft->items[0].item.resource_id, "weaker");
}

}  // namespace
}  // namespace ch
