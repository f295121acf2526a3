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

TEST(LayVocabularyTest, MatchesLooselyWhenThePhrasesWordsAreNearInAnyOrder) {
  Result<Taxonomy> t =
      ParseWith("  - id: a\n    label: A\n    lay_terms: [scared to talk to the police]\n",
                "  - id: t\n    label: T\n    lay_terms: [school shootings, kids]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  // Not exact: the words are reordered or interrupted by more than stop words.
  EXPECT_TRUE(lay.ConceptsIn("shootings near our schools").empty());
  const std::vector<LayMatch> m = lay.Matches("shootings near our schools");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "topic-t");
  EXPECT_TRUE(m[0].loose);
  EXPECT_FALSE(m[0].narrow);
  const std::vector<LayMatch> p = lay.Matches("im scared to go and talk to the police");
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].key, "focus-a");
  EXPECT_TRUE(p[0].loose);
  // An exact match is reported once, as exact.
  const std::vector<LayMatch> exact = lay.Matches("school shootings");
  ASSERT_EQ(exact.size(), 1u);
  EXPECT_FALSE(exact[0].loose);
  // Too far apart (more than kLooseWindowWords words), or a one-word phrase: no loose match.
  EXPECT_TRUE(
      lay.Matches("the school board met on tuesday night and then talked about shootings").empty());
  EXPECT_TRUE(lay.Matches("police talk").empty());
}

TEST(LayVocabularyTest, TheLooseWindowCountsOnlyWordsThatAreNotStopWords) {
  Result<Taxonomy> t = ParseWith("  - id: a\n    label: A\n    lay_terms: [kids]\n",
                                 "  - id: t\n    label: T\n    lay_terms: [school shootings]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  // Ten words apart, but four of them that are not stop words: near.
  const std::vector<LayMatch> near =
      lay.Matches("shootings in all of the places near to our schools");
  ASSERT_EQ(near.size(), 1u);
  EXPECT_EQ(near[0].key, "topic-t");
  EXPECT_TRUE(near[0].loose);
  // Seven words apart, six of them words of their own: too far.
  EXPECT_TRUE(lay.Matches("shootings hurt families teachers neighbors and schools").empty());
}

TEST(LayVocabularyTest, FamilyPartnerAndFearWordsDoNotMakeALooseMatch) {
  Result<Taxonomy> t = ParseWith(
      "  - id: a\n    label: A\n    lay_terms: [my son is in a gang]\n",
      "  - id: t\n    label: T\n    lay_terms: [my husband was killed, scared to testify]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  // Exact matches still stand, with any relative or partner.
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("my nephew is in a gang"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("my boyfriend was killed"), Keys{"topic-t"});
  // One word of its own beside a family, partner or fear word: no loose match, since such words
  // fill victims' questions and say nothing of the concept.
  EXPECT_TRUE(lay.Matches("my nephew got put on the gang list but he was never in one").empty());
  EXPECT_TRUE(lay.Matches("my boyfriend says he is going to kill me").empty());
  EXPECT_TRUE(lay.Matches("testify? my sister is scared").empty());
}

TEST(LayVocabularyTest, AFamilyWordInAPhraseStandsForAnyRelative) {
  Result<Taxonomy> t =
      ParseWith("  - id: a\n    label: A\n    lay_terms: [my son was murdered]\n",
                "  - id: t\n    label: T\n    lay_terms: [my boyfriend hits me]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("my brother was murdered"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("My nephew's daughter was murdered"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("our cousin was murdered last week"), Keys{"focus-a"});
  // A word that is not a family word does not stand for one.
  EXPECT_TRUE(lay.ConceptsIn("my neighbor was murdered").empty());
  // Partners stand for one another, and not for the rest of the family: "my mom was hit by a
  // stray bullet" is not a partner's violence.
  EXPECT_EQ(lay.ConceptsIn("my husband hits me"), Keys{"topic-t"});
  EXPECT_EQ(lay.ConceptsIn("her girlfriend hits her"), Keys{"topic-t"});
  EXPECT_TRUE(lay.ConceptsIn("my mom was hit by a stray bullet").empty());
  EXPECT_TRUE(lay.ConceptsIn("my wife was murdered").empty());
}

TEST(LayVocabularyTest, APassivePhraseOfAFamilyMemberAlsoMatchesInTheActiveVoice) {
  Result<Taxonomy> t = ParseWith(
      "  - id: a\n    label: A\n    lay_terms: [my son was murdered, my husband was killed]\n",
      "  - id: t\n    label: T\n    lay_terms: [my son is in a gang, my boyfriend hits me]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  // The person as the object of the verb: "they murdered my cousin" is "my cousin was murdered".
  EXPECT_EQ(lay.ConceptsIn("they murdered my cousin last spring"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("someone killed my wife"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("he murdered my son"), Keys{"focus-a"});
  // Only a family or partner word's passive phrase turns: not "is in a gang" (no participle),
  // nor a phrase in the active voice already.
  EXPECT_TRUE(lay.ConceptsIn("a gang is my son").empty());
  EXPECT_TRUE(lay.ConceptsIn("hits my boyfriend").empty());
  // The active voice is an exact match: a word that is not a stop word between breaks it.
  EXPECT_TRUE(lay.ConceptsIn("murdered my little son").empty());
}

TEST(LayVocabularyTest, CopsMatchPoliceAndShotMatchesShooting) {
  Result<Taxonomy> t =
      ParseWith("  - id: a\n    label: A\n    lay_terms: [police in schools]\n",
                "  - id: t\n    label: T\n    lay_terms: [in the hospital after a shooting]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("cops in schools"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("a cop in schools"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("in the hospital after a shot"), Keys{"topic-t"});
  EXPECT_TRUE(lay.ConceptsIn("copper in schools").empty());
}

TEST(LayVocabularyTest, AnyTenseAndBritishSpellingsMatchThePhrase) {
  Result<Taxonomy> t = ParseWith(
      "  - id: a\n    label: A\n    lay_terms: [boss takes my papers, tell me not to testify]\n",
      "  - id: t\n    label: T\n    lay_terms: [neighborhood watch, organized crime]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  // Irregular past forms, which the stemmer keeps apart from their base.
  EXPECT_EQ(lay.ConceptsIn("my boss took my papers"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("the boss has taken my papers"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("they told me not to testify"), Keys{"focus-a"});
  // British spellings, in any inflection.
  EXPECT_EQ(lay.ConceptsIn("starting a Neighbourhood Watch"), Keys{"topic-t"});
  EXPECT_EQ(lay.ConceptsIn("organised crime groups"), Keys{"topic-t"});
  // A word that only starts like a folded one, or another verb, does not match.
  EXPECT_TRUE(lay.ConceptsIn("boss talks my papers").empty());
  EXPECT_TRUE(lay.ConceptsIn("neighborly watch").empty());
}

TEST(LayVocabularyTest, AnyWordOfFearMatchesAnother) {
  Result<Taxonomy> t = ParseWith("  - id: a\n    label: A\n    lay_terms: [scared to testify]\n",
                                 "  - id: t\n    label: T\n    lay_terms: [kids with guns]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("I am terrified to testify against him"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("afraid to testify"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("so frightened to testify"), Keys{"focus-a"});
  // Another feeling is not fear.
  EXPECT_TRUE(lay.ConceptsIn("excited to testify").empty());
}

TEST(LayVocabularyTest, AChildsAgeMatchesTeenagerOrKid) {
  Result<Taxonomy> t = ParseWith("  - id: a\n    label: A\n    lay_terms: [teens running away]\n",
                                 "  - id: t\n    label: T\n    lay_terms: [kids with guns]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary lay(*t);
  using Keys = std::vector<std::string>;
  EXPECT_EQ(lay.ConceptsIn("my 15 yr old running away"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("a 14-year-old running away again"), Keys{"focus-a"});
  EXPECT_EQ(lay.ConceptsIn("9 year old with guns"), Keys{"topic-t"});
  // An adult's age, or a number that is not an age, stays a number.
  EXPECT_TRUE(lay.ConceptsIn("my 25 year old running away").empty());
  EXPECT_TRUE(lay.ConceptsIn("15 years running away").empty());
}

TEST(LayVocabularyTest, GlossaryGroupsCarryLayTermsForNarrowerSubjects) {
  Result<Taxonomy> t = Taxonomy::Parse(
      "focus_areas: [{id: a, label: A, lay_terms: [shots fired]}]\n"
      "topics: [{id: t, label: T}]\n" +
          std::string(kRest) +
          "glossary:\n"
          "  - [NIBIN, National Integrated Ballistic Information Network]\n"
          "  - names: [witness intimidation]\n"
          "    lay_terms: [scared to testify, threatened for talking]\n",
      "tax.yaml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->glossary().size(), 2u);
  EXPECT_EQ(t->glossary()[1], std::vector<std::string>{"witness intimidation"});
  EXPECT_EQ(t->glossary_lay_terms()[1].size(), 2u);
  EXPECT_TRUE(t->glossary_lay_terms()[0].empty());
  LayVocabulary lay(*t);
  const std::vector<LayMatch> m = lay.Matches("I am scared to testify");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].key, "g-witness-intimidation");
  EXPECT_TRUE(m[0].narrow);
}

TEST(LayVocabularyTest, RejectsAGlossaryGroupOfOneNameWithoutLayTerms) {
  Result<Taxonomy> t =
      Taxonomy::Parse("focus_areas: [{id: a, label: A}]\ntopics: [{id: t, label: T}]\n" +
                          std::string(kRest) + "glossary:\n  - names: [witness intimidation]\n",
                      "tax.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.yaml:6:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("at least two names"), std::string::npos);
}

TEST(LayVocabularyTest, RejectsAGlossaryLayPhraseThatAnEntryAlreadyClaims) {
  Result<Taxonomy> t = Taxonomy::Parse(
      "focus_areas: [{id: a, label: A, lay_terms: [scared to testify]}]\n"
      "topics: [{id: t, label: T}]\n" +
          std::string(kRest) +
          "glossary:\n  - names: [witness intimidation]\n    lay_terms: [Scared to-testify]\n",
      "tax.yaml");
  ASSERT_FALSE(t.ok());
  const std::string& m = t.status().message();
  EXPECT_NE(m.find("glossary: witness intimidation"), std::string::npos) << m;
  EXPECT_NE(m.find("already claimed by focus_areas: a (line 1)"), std::string::npos) << m;
}

TEST(LayVocabularyTest, SpanishPhrasesMatchSpanishInflectionsAndUnaccentedWords) {
  Result<Taxonomy> t = Taxonomy::Parse(
      std::string("focus_areas: [{id: a, label: A, lay_terms: [kids]}]\n"
                  "topics: [{id: t, label: T}]\n") +
          kRest,
      "tax.yaml",
      {{"es",
        "focus_areas: [{id: a, label: Zona, lay_terms: [jóvenes en riesgo, asesinato]}]\n"
        "topics: [{id: t, label: Tema, lay_terms: [malas amistades]}]\n",
        "tax.es.yaml"}});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  LayVocabulary es(*t, "es");
  EXPECT_STREQ(es.language().code, "es");
  EXPECT_EQ(es.ConceptsIn("un joven en riesgo"), std::vector<std::string>{"focus-a"});
  EXPECT_EQ(es.ConceptsIn("JOVENES EN RIESGO"), std::vector<std::string>{"focus-a"});
  EXPECT_EQ(es.ConceptsIn("los asesinatos del barrio"), std::vector<std::string>{"focus-a"});
  EXPECT_EQ(es.ConceptsIn("mi hijo anda con Malas Amistades"), std::vector<std::string>{"topic-t"});
  EXPECT_TRUE(es.ConceptsIn("kids").empty()) << "English phrases are not Spanish ones";
  LayVocabulary en(*t);
  EXPECT_EQ(en.ConceptsIn("kids"), std::vector<std::string>{"focus-a"});
  EXPECT_TRUE(en.ConceptsIn("malas amistades").empty());
}

TEST(LayVocabularyTest, EverydayWordsAreTheOnesTheMatcherJoins) {
  // What makes an acronym spelt like one ("COPS") match its concept only in capitals.
  for (const char* w : {"cop", "cops", "shot", "son", "brothers", "wife"}) {
    EXPECT_TRUE(IsEverydayWord(w)) << w;
  }
  for (const char* w : {"nibin", "police", "shooting", "lap"}) EXPECT_FALSE(IsEverydayWord(w)) << w;
}

}  // namespace
}  // namespace ch
