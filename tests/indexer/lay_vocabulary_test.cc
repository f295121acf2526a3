// The taxonomy's lay vocabulary: validated on load (empty phrases, a phrase claimed twice, with
// both lines) and matched in queries despite small wording changes.
#include "indexer/lay_vocabulary.h"

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace ch {
namespace {

constexpr char kRest[] = "types: [{id: g, label: G}]\naudiences: [{id: p, label: P}]\n";

Result<Taxonomy> ParseWith(const std::string& focus, const std::string& topics) {
  return Taxonomy::Parse("focus_areas:\n" + focus + "topics:\n" + topics + kRest, "tax.yaml");
}

TEST(LayVocabularyTest, LoadsTheSampleTaxonomysLayTerms) {
  Result<Taxonomy> t = Taxonomy::Load(test::SourcePath("corpus/taxonomy.yaml"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  EXPECT_GT(lay.phrase_count(), 100u);
}

TEST(LayVocabularyTest, RejectsAnEmptyLayTermNamingTheLine) {
  Result<Taxonomy> t = ParseWith("  - id: a\n    label: A\n    lay_terms: [kids, '  ']\n",
                                 "  - {id: t, label: T}\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.yaml:4:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("empty phrase"), std::string::npos);
}

TEST(LayVocabularyTest, RejectsAPhraseClaimedByTwoConceptsNamingBothLines) {
  Result<Taxonomy> t = ParseWith(
      "  - id: a\n    label: A\n    lay_terms: [people getting shot]\n",
      "  - id: t\n    label: T\n    lay_terms:\n      - kids\n      - People  getting-shot\n");
  ASSERT_FALSE(t.ok());
  const std::string& m = t.status().message();
  EXPECT_NE(m.find("tax.yaml:10:"), std::string::npos) << m;
  EXPECT_NE(m.find("topics: t"), std::string::npos) << m;
  EXPECT_NE(m.find("focus_areas: a (line 4)"), std::string::npos) << m;
}

TEST(LayVocabularyTest, RejectsLayTermsThatAreNotAList) {
  Result<Taxonomy> t =
      ParseWith("  - {id: a, label: A, lay_terms: kids}\n", "  - {id: t, label: T}\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("lay_terms must be a list"), std::string::npos);
}

TEST(LayVocabularyTest, MatchesDespiteInflectionCaseStopWordsAndAccents) {
  Result<Taxonomy> t = ParseWith(
      "  - id: a\n    label: A\n    lay_terms: [scared to talk to the police, drive-by]\n",
      "  - id: t\n    label: T\n    lay_terms: [kids, after school program]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("Im SCARED to talk to police"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("scared of talking with the police"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("keeping kids safe after-school programs"), (Keys{"topic-t"}));
  EXPECT_EQ(lay.ConceptsIn("Kids and a drive-by"), (Keys{"topic-t", "focus-a"}));
  // Dropping "by" would leave "drive": a phrase keeps its stop words rather than shrink to one.
  EXPECT_TRUE(lay.ConceptsIn("drive to work").empty());
  EXPECT_TRUE(lay.ConceptsIn("scared of the dark").empty());
}

}  // namespace
}  // namespace ch
