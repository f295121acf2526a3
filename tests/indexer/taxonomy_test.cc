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

}  // namespace
}  // namespace ch
