// Acronyms and their expansions map to one concept, whichever form the text uses.
#include "indexer/concepts.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/test_util.h"

namespace ch {
namespace {

// The concept keys `matcher` finds in `text`, in order.
std::vector<std::string> KeysIn(const ConceptMatcher& matcher, const std::string& text) {
  std::vector<std::string> out;
  for (const auto& m : matcher.Find(text)) out.push_back(m.key);
  return out;
}

class ConceptsTest : public ::testing::Test {
 protected:
  ConceptsTest()
      : taxonomy_(Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value()),
        matcher_(taxonomy_) {}
  std::vector<std::string> Keys(const std::string& text) { return KeysIn(matcher_, text); }
  Taxonomy taxonomy_;
  ConceptMatcher matcher_;
};

TEST_F(ConceptsTest, AcronymAndExpansionShareOneConcept) {
  std::vector<std::string> acronym = Keys("How NIBIN leads work");
  std::vector<std::string> expansion =
      Keys("the National Integrated Ballistic Information Network");
  ASSERT_EQ(acronym.size(), 1u);
  EXPECT_EQ(acronym, expansion);
}

TEST_F(ConceptsTest, MatchesPluralsAndCaseAndCountsOccurrences) {
  std::vector<ConceptMatch> m = matcher_.Find("License plate readers and an LPR; ALPR too.");
  auto lpr =
      std::find_if(m.begin(), m.end(), [](const ConceptMatch& c) { return c.key == "g-lpr"; });
  ASSERT_NE(lpr, m.end());
  EXPECT_EQ(lpr->count, 3u);
  // The names are also synonyms of the surveillance-technology topic, which gets its own count.
  auto topic = std::find_if(m.begin(), m.end(), [](const ConceptMatch& c) {
    return c.key == ConceptMatcher::EntryKey(Vocabulary::kTopic, "surveillance-technology");
  });
  ASSERT_NE(topic, m.end());
  EXPECT_EQ(topic->count, 3u);
}

TEST_F(ConceptsTest, TaxonomySynonymsMapToTheEntryConcept) {
  std::vector<std::string> keys = Keys("CPTED in parks");
  EXPECT_NE(std::find(keys.begin(), keys.end(),
                      ConceptMatcher::EntryKey(Vocabulary::kTopic, "environmental-design")),
            keys.end());
}

TEST_F(ConceptsTest, AnIdOfSeveralWordsNamesItsEntry) {
  // Neither label says it this way ("Crime Prevention Through Environmental Design", "Behavioral
  // Health and Crisis Response"): the id is the entry's short name.
  EXPECT_EQ(ConceptMatcher::IdName("environmental-design"), "environmental design");
  EXPECT_EQ(ConceptMatcher::IdName("technology"), "");
  std::vector<std::string> keys = Keys("an environmental design review; behavioral health calls");
  EXPECT_NE(std::find(keys.begin(), keys.end(),
                      ConceptMatcher::EntryKey(Vocabulary::kTopic, "environmental-design")),
            keys.end());
  EXPECT_NE(std::find(keys.begin(), keys.end(),
                      ConceptMatcher::EntryKey(Vocabulary::kTopic, "behavioral-health")),
            keys.end());
}

TEST(ConceptIdNameTest, AnIdNameAnotherEntryAlreadyHasIsNotAdded) {
  // The topic's id reads "gun violence", which the focus area names: the id adds nothing, so the
  // name stays the focus area's alone.
  Taxonomy taxonomy =
      Taxonomy::Parse(
          "focus_areas: [{id: firearms, label: Firearms, synonyms: [gun violence]}]\n"
          "topics: [{id: gun-violence, label: Shootings}, "
          "{id: violence-intervention, label: Community Violence Intervention}]\n"
          "types: [{id: g, label: G}]\naudiences: [{id: p, label: P}]\n",
          "tax.yaml")
          .value();
  ConceptMatcher matcher(taxonomy);
  EXPECT_EQ(KeysIn(matcher, "gun violence"),
            std::vector<std::string>{ConceptMatcher::EntryKey(Vocabulary::kFocusArea, "firearms")});
  EXPECT_EQ(KeysIn(matcher, "violence intervention"),
            std::vector<std::string>{
                ConceptMatcher::EntryKey(Vocabulary::kTopic, "violence-intervention")});
}

TEST_F(ConceptsTest, DoesNotMatchPartialPhrases) {
  EXPECT_TRUE(Keys("national integrated network").empty());
}

// An acronym that is also an ordinary word ("COPS": "cops" means police) names its concept only
// where it is written in capitals; other acronyms keep matching in any case.
class CapitalsOnlyAcronymTest : public ::testing::Test {
 protected:
  CapitalsOnlyAcronymTest()
      : taxonomy_(
            Taxonomy::Parse("focus_areas: [{id: f, label: F}]\ntopics: [{id: t, label: T}]\n"
                            "types: [{id: g, label: G}]\naudiences: [{id: p, label: P}]\n"
                            "glossary:\n"
                            "  - [COPS, Community Oriented Policing Services]\n"
                            "  - [NIBIN, National Integrated Ballistic Information Network]\n",
                            "tax.yaml")
                .value()),
        matcher_(taxonomy_) {}
  std::vector<std::string> Keys(const std::string& text) { return KeysIn(matcher_, text); }
  Taxonomy taxonomy_;
  ConceptMatcher matcher_;
};

TEST_F(CapitalsOnlyAcronymTest, AnAcronymThatIsAWordMatchesOnlyInCapitals) {
  EXPECT_TRUE(ConceptMatcher::IsCapitalsOnlyName("COPS"));
  EXPECT_FALSE(ConceptMatcher::IsCapitalsOnlyName("NIBIN"));
  EXPECT_FALSE(ConceptMatcher::IsCapitalsOnlyName("Community Oriented Policing Services"));
  EXPECT_EQ(Keys("a COPS Office hiring grant"), std::vector<std::string>{"g-cop"});
  EXPECT_TRUE(Keys("residents stopped calling the cops").empty());
  EXPECT_TRUE(Keys("Cops rarely come by").empty());
  EXPECT_EQ(Keys("the Community Oriented Policing Services office"),
            std::vector<std::string>{"g-cop"});
  // Any other acronym matches in any case.
  EXPECT_EQ(Keys("nibin leads"), std::vector<std::string>{"g-nibin"});
}

TEST_F(CapitalsOnlyAcronymTest, QueriesAddTheConceptOnlyWhenWrittenInCapitals) {
  EXPECT_EQ(matcher_.CapitalsOnlyConceptsIn("COPS grants for hiring"),
            std::vector<std::string>{"g-cop"});
  EXPECT_TRUE(matcher_.CapitalsOnlyConceptsIn("cops in our schools").empty());
  // The synonym table covers the rest: only capitals-only names are reported here.
  EXPECT_TRUE(matcher_.CapitalsOnlyConceptsIn("NIBIN leads").empty());
}

}  // namespace
}  // namespace ch
