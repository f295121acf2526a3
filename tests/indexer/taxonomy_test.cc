// The controlled vocabularies: loading the real file and rejecting broken ones with a line.
#include "indexer/taxonomy.h"

#include <gtest/gtest.h>

#include "tests/support/test_util.h"

namespace ch {
namespace {

TEST(TaxonomyTest, LoadsTheSampleTaxonomyWithAllEightFocusAreas) {
  Result<Taxonomy> t = Taxonomy::Load(test::SourcePath("corpus/taxonomy.yaml"));
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->entries(Vocabulary::kFocusArea).size(), 8u);
  for (const char* topic : {"crime-data-analysis", "drug-crime", "gang-violence",
                            "crime-prevention", "human-trafficking", "community-policing",
                            "officer-safety-wellness", "victim-witness-assistance"}) {
    EXPECT_TRUE(t->Contains(Vocabulary::kTopic, topic)) << topic;
  }
  for (const char* type :
       {"guide", "report", "toolkit", "training", "webinar", "podcast", "case-study", "fact-sheet",
        "video", "tool", "website", "article", "policy"}) {
    EXPECT_TRUE(t->Contains(Vocabulary::kType, type)) << type;
  }
  EXPECT_FALSE(t->glossary().empty());
  EXPECT_EQ(t->content_hash().size(), 64u);
  const TaxonomyEntry* cgi = t->Find(Vocabulary::kTopic, "crime-gun-intelligence");
  ASSERT_NE(cgi, nullptr);
  EXPECT_EQ(cgi->label, "Crime Gun Intelligence");
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
