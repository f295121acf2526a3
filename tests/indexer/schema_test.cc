// Resource -> Xapian document mapping follows schema.h.
#include "indexer/schema.h"

#include <gtest/gtest.h>

#include "indexer/document_builder.h"
#include "indexer/resource_parser.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

Resource Example() {
  Resource r;
  r.id = "nibin-guide";
  r.title = "Following NIBIN Leads";
  r.summary = "Investigators and ballistic evidence.";
  r.type = "guide";
  r.focus_areas = {"gun-violence", "investigations"};
  r.topics = {"crime-gun-intelligence"};
  r.audience = {"investigators"};
  r.source = "Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)";
  r.published = "2021-06";
  r.language = "en";
  r.keywords = {"casings"};
  r.body_text = "The National Integrated Ballistic Information Network links shootings.";
  r.body_html = "<p>The National Integrated Ballistic Information Network links shootings.</p>";
  r.content_hash = "abc";
  r.source_path = "resources/nibin-guide.md";
  return r;
}

bool HasTerm(const Xapian::Document& doc, const std::string& term) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    if (*t == term) return true;
  }
  return false;
}

class SchemaTest : public ::testing::Test {
 protected:
  SchemaTest() : taxonomy_(Taxonomy::Load(test::LibraryPath("taxonomy.yaml")).value()) {}
  Taxonomy taxonomy_;
};

TEST_F(SchemaTest, AddsUniqueIdAndBooleanFilterTerms) {
  Xapian::Document doc = DocumentBuilder(taxonomy_, nullptr).Build(Example());
  for (const char* term : {"Qnibin-guide", "XFAgun-violence", "XFAinvestigations",
                           "XTOcrime-gun-intelligence", "XTYguide", "XAUinvestigators", "Len",
                           "Y2021", "XSObureau-of-alcohol-tobacco-firearms-and-explosives-atf"}) {
    EXPECT_TRUE(HasTerm(doc, term)) << term;
  }
}

TEST_F(SchemaTest, IndexesFieldedAndStemmedTextWithPositions) {
  Xapian::Document doc = DocumentBuilder(taxonomy_, nullptr).Build(Example());
  EXPECT_TRUE(HasTerm(doc, "Snibin"));     // title: field
  EXPECT_TRUE(HasTerm(doc, "XOatf"));      // source: field
  EXPECT_TRUE(HasTerm(doc, "Kcasings"));   // keyword: field
  EXPECT_TRUE(HasTerm(doc, "Zfollow"));    // stemmed
  EXPECT_TRUE(HasTerm(doc, "ballistic"));  // unstemmed body word
  auto t = doc.termlist_begin();
  t.skip_to("ballistic");
  EXPECT_GT(t.positionlist_count(), 0u);
}

TEST_F(SchemaTest, TitleWordsWeighMoreThanBodyWords) {
  Xapian::Document doc = DocumentBuilder(taxonomy_, nullptr).Build(Example());
  auto t = doc.termlist_begin();
  t.skip_to("leads");  // in the title once
  ASSERT_EQ(*t, "leads");
  EXPECT_EQ(t.get_wdf(), schema::FieldWeights{}.title);
  t.skip_to("shootings");  // in the body once
  EXPECT_EQ(t.get_wdf(), schema::FieldWeights{}.body);
}

TEST_F(SchemaTest, AddsConceptTermsForNamedAndTaggedConcepts) {
  Xapian::Document doc = DocumentBuilder(taxonomy_, nullptr).Build(Example());
  EXPECT_TRUE(HasTerm(doc, "XCg-nibin"));
  EXPECT_TRUE(HasTerm(doc, "XCtopic-crime-gun-intelligence"));
  EXPECT_TRUE(HasTerm(doc, "XCfocus-gun-violence"));
}

TEST_F(SchemaTest, StoresSortAndFacetValues) {
  Xapian::Document doc = DocumentBuilder(taxonomy_, nullptr).Build(Example());
  EXPECT_EQ(doc.get_value(schema::kSlotPublished), "20210600");
  EXPECT_EQ(doc.get_value(schema::kSlotTitleSort), "following nibin leads");
  EXPECT_EQ(schema::SplitFacetValue(doc.get_value(schema::kSlotFacetFocusArea)),
            (std::vector<std::string>{"gun-violence", "investigations"}));
  EXPECT_EQ(doc.get_value(schema::kSlotFacetYear), "2021");
  EXPECT_EQ(doc.get_value(schema::kSlotContentHash), "abc");
}

TEST_F(SchemaTest, DocumentDataRoundTripsTheResource) {
  Resource r = Example();
  Result<Resource> back = schema::DecodeResource(schema::EncodeResource(r));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->id, r.id);
  EXPECT_EQ(back->focus_areas, r.focus_areas);
  EXPECT_EQ(back->body_html, r.body_html);
  EXPECT_EQ(back->source, r.source);
  EXPECT_FALSE(schema::DecodeResource("not json").ok());
}

TEST(SchemaKeysTest, SortKeysAndSlugsAreStable) {
  EXPECT_EQ(schema::PublishedSortKey("2021"), "20210000");
  EXPECT_EQ(schema::PublishedSortKey("2021-06-30"), "20210630");
  EXPECT_EQ(schema::PublishedSortKey(""), "");
  EXPECT_EQ(schema::SourceSlug("Bureau of Justice Assistance (BJA)"),
            "bureau-of-justice-assistance-bja");
  EXPECT_EQ(schema::IdTerm("x"), "Qx");
}

}  // namespace
}  // namespace ch
