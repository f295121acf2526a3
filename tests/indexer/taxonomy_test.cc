// The controlled vocabularies: loading a file and rejecting broken ones with a line.
#include "indexer/taxonomy.h"

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace ch {
namespace {

// The test library's taxonomy (the shipping one is checked by tests/corpus).
TEST(TaxonomyTest, LoadsEveryVocabularyInFileOrderWithLabelsAndSynonyms) {
  Result<Taxonomy> t = Taxonomy::Load(test::LibraryPath("taxonomy.yaml"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->Ids(Vocabulary::kFocusArea),
            (std::vector<std::string>{"gun-violence", "community-engagement", "crime-analysis",
                                      "investigations", "technology"}));
  EXPECT_EQ(t->entries(Vocabulary::kTopic).size(), 13u);
  EXPECT_EQ(t->Ids(Vocabulary::kType).front(), "guide");
  EXPECT_EQ(t->entries(Vocabulary::kType).size(), 14u);
  EXPECT_EQ(t->entries(Vocabulary::kAudience).size(), 7u);
  EXPECT_EQ(t->glossary().size(), 7u);
  EXPECT_EQ(t->glossary()[0], (std::vector<std::string>{
                                  "NIBIN", "National Integrated Ballistic Information Network"}));
  EXPECT_EQ(t->content_hash().size(), 64u);
  const TaxonomyEntry* cgi = t->Find(Vocabulary::kTopic, "crime-gun-intelligence");
  ASSERT_NE(cgi, nullptr);
  EXPECT_EQ(cgi->label, "Crime Gun Intelligence");
  EXPECT_EQ(cgi->synonyms, (std::vector<std::string>{"CGIC", "ballistic evidence"}));
  EXPECT_FALSE(t->Contains(Vocabulary::kTopic, "gun-violence")) << "vocabularies are separate";
}

TEST(TaxonomyTest, RejectsDuplicateIdsNamingTheLine) {
  Result<Taxonomy> t = Taxonomy::Parse(
      "focus_areas:\n  - {id: a, label: A}\n  - {id: a, label: A again}\n"
      "topics: [{id: t, label: T}]\ntypes: [{id: g, label: G}]\naudiences: [{id: p, label: P}]\n",
      "tax.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.yaml:3:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("duplicate id 'a'"), std::string::npos);
}

TEST(TaxonomyTest, RejectsAMissingVocabulary) {
  Result<Taxonomy> t = Taxonomy::Parse("focus_areas: [{id: a, label: A}]\n", "tax.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("'topics' must be a non-empty list"), std::string::npos);
}

TEST(TaxonomyTest, ReportsYamlSyntaxErrorsWithTheirLine) {
  Result<Taxonomy> t = Taxonomy::Parse("focus_areas: [\n  {id: a\n", "tax.yaml");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("YAML syntax error"), std::string::npos);
}

// Translations (taxonomy.LANG.yaml): labels in Spanish, the fallback, and what is rejected.
constexpr char kBase[] =
    "focus_areas:\n  - {id: a, label: Area, description: About A}\n  - {id: b, label: Bee}\n"
    "topics: [{id: t, label: Topic}]\ntypes: [{id: g, label: Guide}]\n"
    "audiences: [{id: p, label: People}]\nglossary:\n  - [NIBIN, ballistic network]\n";

Result<Taxonomy> WithSpanish(const std::string& spanish) {
  return Taxonomy::Parse(kBase, "tax.yaml", {{"es", spanish, "tax.es.yaml"}});
}

TEST(TaxonomyTest, LoadsSpanishLabelsFromTheFileBesideTheTaxonomy) {
  Result<Taxonomy> t = Taxonomy::Load(test::SourcePath("tests/testdata/es-corpus/taxonomy.yaml"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->translated_languages(), std::vector<std::string>{"es"});
  const TaxonomyEntry* guide = t->Find(Vocabulary::kType, "guide");
  ASSERT_NE(guide, nullptr);
  EXPECT_EQ(guide->LabelIn("es"), "Guía");
  EXPECT_EQ(guide->LabelIn("en"), "Guide");
  EXPECT_EQ(guide->LabelIn(""), "Guide");
  EXPECT_EQ(Taxonomy::TranslationPath("/c/taxonomy.yaml", "es"), "/c/taxonomy.es.yaml");
}

TEST(TaxonomyTest, AMissingTranslationFallsBackToEnglishAndIsListedAsAGap) {
  Result<Taxonomy> t = WithSpanish(
      "focus_areas:\n  - {id: a, label: Zona}\ntopics: [{id: t, label: Tema}]\n"
      "types: [{id: g, label: Guía}]\naudiences: [{id: p, label: Gente}]\n");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const TaxonomyEntry* a = t->Find(Vocabulary::kFocusArea, "a");
  EXPECT_EQ(a->LabelIn("es"), "Zona");
  EXPECT_EQ(a->DescriptionIn("es"), "About A") << "no Spanish description: the English one";
  EXPECT_EQ(t->Find(Vocabulary::kFocusArea, "b")->LabelIn("es"), "Bee");
  ASSERT_EQ(t->translation_gaps().size(), 1u);
  EXPECT_NE(t->translation_gaps()[0].find("tax.es.yaml: focus_areas: 'b' has no 'es' label"),
            std::string::npos)
      << t->translation_gaps()[0];
}

TEST(TaxonomyTest, RejectsAnEmptySpanishLabelNamingTheLine) {
  Result<Taxonomy> t = WithSpanish("topics:\n  - id: t\n    label: ''\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.es.yaml:2:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("'t' needs a label"), std::string::npos);
  Result<Taxonomy> no_label = WithSpanish("topics:\n  - id: t\n    description: Sin etiqueta\n");
  ASSERT_FALSE(no_label.ok());
  EXPECT_NE(no_label.status().message().find("'t' needs a label"), std::string::npos);
}

TEST(TaxonomyTest, RejectsATranslationOfAnIdTheTaxonomyDoesNotHave) {
  Result<Taxonomy> t =
      WithSpanish("topics:\n  - {id: t, label: Tema}\n  - {id: x, label: Equis}\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.es.yaml:3:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("'x' is not an id of topics"), std::string::npos);
  Result<Taxonomy> twice =
      WithSpanish("topics:\n  - {id: t, label: Tema}\n  - {id: t, label: Otro}\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("translated twice"), std::string::npos);
  Result<Taxonomy> section = WithSpanish("temas:\n  - {id: t, label: Tema}\n");
  ASSERT_FALSE(section.ok());
  EXPECT_NE(section.status().message().find("unknown section 'temas'"), std::string::npos);
  Result<Taxonomy> field = WithSpanish("topics:\n  - {id: t, label: Tema, synonyms: [x]}\n");
  ASSERT_FALSE(field.ok());
  EXPECT_NE(field.status().message().find("unknown field 'synonyms'"), std::string::npos);
  Result<Taxonomy> group = WithSpanish("glossary:\n  - {name: NOPE, lay_terms: [algo]}\n");
  ASSERT_FALSE(group.ok());
  EXPECT_NE(group.status().message().find("no group of the base taxonomy starts with 'NOPE'"),
            std::string::npos);
}

TEST(TaxonomyTest, ASpanishLayPhraseBelongsToOneEntryOfItsLanguage) {
  Result<Taxonomy> t = WithSpanish(
      "topics:\n  - {id: t, label: Tema, lay_terms: [malas amistades]}\n"
      "audiences:\n  - {id: p, label: Gente, lay_terms: ['Malas  amistades']}\n");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("tax.es.yaml:4:"), std::string::npos) << t.status().message();
  EXPECT_NE(t.status().message().find("already claimed by topics: t (line 2)"), std::string::npos)
      << t.status().message();
  // The same words may be an English and a Spanish phrase: each language is its own vocabulary.
  Result<Taxonomy> both = Taxonomy::Parse(
      std::string(kBase).replace(std::string(kBase).find("{id: t, label: Topic}"), 21,
                                 "{id: t, label: Topic, lay_terms: [drones]}"),
      "tax.yaml", {{"es", "topics: [{id: t, label: Tema, lay_terms: [drones]}]\n", "tax.es.yaml"}});
  EXPECT_TRUE(both.ok()) << both.status().ToString();
  Result<Taxonomy> empty = WithSpanish("topics: [{id: t, label: Tema, lay_terms: ['']}]\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.status().message().find("empty phrase"), std::string::npos);
}

}  // namespace
}  // namespace ch
