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

// A resource with every optional field set, and text that tries to confuse the search hit's
// decoding: quotes, backslashes (one right before the closing quote of body_html), the member's
// own key inside other strings, control characters and non-ASCII letters.
Resource EveryField() {
  Resource r = Example();
  r.authors = {"A. Author", "B \"Quoted\" Author"};
  r.updated = "2023-01-15";
  r.url = "https://example.org/nibin";
  r.duration = "1 hour";
  r.related = {"other-guide"};
  r.translations = {"guia-nibin"};
  r.summary = "Says ,\"body_html\":\"not a member\" and \\ and \t tabs, se\xC3\xB1al.";
  r.evidence.sample_data = true;
  r.evidence.emmie = {"effect", "implementation"};
  r.evidence.ratings = {{"gun-violence", "effective", "multiple-studies", "Panel \"X\"",
                         "https://example.org/r", "2024-05"},
                        {"homicide", "promising", "single-study", "Panel", "", "2024"}};
  r.body_html = "<p class=\"x\">Links \\ shootings ,\"body_html\":\"x\" \xE2\x80\xA6</p>\n\\";
  r.body_text = "Links shootings ,\"body_text\":\"x\" \\ \xE2\x80\xA6 \x01 end";
  return r;
}

// What a search hit's decoding must give: every field of the full decoding but body_html.
std::string HitFields(Resource r) {
  r.body_html.clear();
  return schema::EncodeResource(r);
}

void ExpectHitDecodeMatchesFullDecode(const std::string& data, const std::string& label) {
  SCOPED_TRACE(label);
  Result<Resource> full = schema::DecodeResource(data);
  Result<Resource> hit = schema::DecodeResource(data, schema::DecodeOptions{.body_html = false});
  ASSERT_TRUE(full.ok()) << full.status().ToString();
  ASSERT_TRUE(hit.ok()) << hit.status().ToString();
  EXPECT_EQ(hit->body_html, "");
  EXPECT_EQ(HitFields(*hit), HitFields(*full));
}

TEST(SchemaDecodeTest, HitDecodingEqualsFullDecodingWithAndWithoutEachOptionalField) {
  const Resource every = EveryField();
  ExpectHitDecodeMatchesFullDecode(schema::EncodeResource(every), "every field");
  ASSERT_TRUE(schema::DecodeResource(schema::EncodeResource(every)).ok());
  EXPECT_EQ(schema::DecodeResource(schema::EncodeResource(every))->body_html, every.body_html);
  EXPECT_EQ(HitFields(schema::DecodeResource(schema::EncodeResource(every)).value()),
            HitFields(every))
      << "the full decoding gives back what was encoded";

  // Each optional field cleared in turn, then all of them.
  std::vector<std::pair<std::string, void (*)(Resource&)>> clear = {
      {"summary", [](Resource& r) { r.summary.clear(); }},
      {"topics", [](Resource& r) { r.topics.clear(); }},
      {"audience", [](Resource& r) { r.audience.clear(); }},
      {"source", [](Resource& r) { r.source.clear(); }},
      {"authors", [](Resource& r) { r.authors.clear(); }},
      {"published", [](Resource& r) { r.published.clear(); }},
      {"updated", [](Resource& r) { r.updated.clear(); }},
      {"url", [](Resource& r) { r.url.clear(); }},
      {"duration", [](Resource& r) { r.duration.clear(); }},
      {"keywords", [](Resource& r) { r.keywords.clear(); }},
      {"related", [](Resource& r) { r.related.clear(); }},
      {"evidence", [](Resource& r) { r.evidence = Evidence{}; }},
      {"evidence ratings", [](Resource& r) { r.evidence.ratings.clear(); }},
      {"translations", [](Resource& r) { r.translations.clear(); }},
      {"body_html", [](Resource& r) { r.body_html.clear(); }},
      {"body_text", [](Resource& r) { r.body_text.clear(); }},
      {"source_path", [](Resource& r) { r.source_path.clear(); }},
  };
  Resource bare = every;
  for (const auto& [name, fn] : clear) {
    Resource r = every;
    fn(r);
    ExpectHitDecodeMatchesFullDecode(schema::EncodeResource(r), "without " + name);
    fn(bare);
  }
  ExpectHitDecodeMatchesFullDecode(schema::EncodeResource(bare), "without any optional field");

  // Records other writers could have made: members absent (older documents have no translations
  // or evidence), body_html first, last or missing (the full decoding is taken then).
  ExpectHitDecodeMatchesFullDecode(R"({"id":"a","title":"T","body_text":"b"})", "minimal");
  ExpectHitDecodeMatchesFullDecode(R"({"body_html":"<p>x</p>","id":"a","body_text":"b"})",
                                   "body_html first");
  ExpectHitDecodeMatchesFullDecode(R"({"id":"a","body_text":"b","body_html":"<p>\\\"</p>"})",
                                   "body_html last, ending in an escaped quote");
  ExpectHitDecodeMatchesFullDecode(R"({"id":"a", "body_html" : "<p>x</p>","body_text":"b"})",
                                   "body_html spaced out");
}

TEST(SchemaDecodeTest, CorruptedRecordsAreCorruptionForBothDecodings) {
  const std::string good = schema::EncodeResource(EveryField());
  const size_t html = good.find(",\"body_html\":\"");
  const size_t text = good.find(",\"body_text\":\"");
  ASSERT_NE(html, std::string::npos);
  ASSERT_NE(text, std::string::npos);
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"empty", ""},
      {"not JSON", "not json"},
      {"a JSON array", "[1,2]"},
      {"cut inside body_html (its string never ends)", good.substr(0, html + 40)},
      {"cut inside body_text", good.substr(0, text + 20)},
      {"cut before the end", good.substr(0, good.size() - 1)},
      {"body_html not a string", R"({"id":"a","x":1,"body_html":5,"body_text":"b"})"},
      {"a field of the wrong type", R"({"id":"a","title":7,"body_html":"h","body_text":"b"})"},
      {"no id", R"({"title":"t","body_html":"h","body_text":"b"})"},
      {"garbage after body_html", R"({"id":"a","x":1,"body_html":"h"garbage,"body_text":"b"})"},
  };
  for (const auto& [label, data] : bad) {
    SCOPED_TRACE(label);
    Result<Resource> full = schema::DecodeResource(data);
    Result<Resource> hit = schema::DecodeResource(data, schema::DecodeOptions{.body_html = false});
    ASSERT_FALSE(full.ok());
    ASSERT_FALSE(hit.ok());
    EXPECT_EQ(full.status().code(), Status::Code::kCorruption);
    EXPECT_EQ(hit.status().code(), Status::Code::kCorruption);
    EXPECT_NE(hit.status().message().find("document data"), std::string::npos)
        << hit.status().message();
  }
}

TEST(SchemaDecodeTest, RelatedAloneIsTheFullDecodingsRelated) {
  Resource r = EveryField();
  ASSERT_FALSE(r.related.empty());
  Result<std::vector<std::string>> related = schema::DecodeRelated(schema::EncodeResource(r));
  ASSERT_TRUE(related.ok()) << related.status().ToString();
  EXPECT_EQ(*related, r.related);
  r.related.clear();
  related = schema::DecodeRelated(schema::EncodeResource(r));
  ASSERT_TRUE(related.ok());
  EXPECT_TRUE(related->empty());
  // Only the record's own member counts, not a nested one of the same name, nor an array before.
  related = schema::DecodeRelated(
      R"({"id":"a","x":{"related":["no"]},"keywords":["k"],"related":["b","c"],"body_text":"t"})");
  ASSERT_TRUE(related.ok());
  EXPECT_EQ(*related, (std::vector<std::string>{"b", "c"}));
  for (const std::string bad : {"", "not json", R"({"id":"a","related":["b",)"}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(schema::DecodeRelated(bad).status().code(), Status::Code::kCorruption);
  }
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
