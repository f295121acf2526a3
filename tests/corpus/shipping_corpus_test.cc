// The shipping sample corpus (corpus/) stays valid: every resource validates, the whole folder
// builds into an index with one document per file, the featured toolkits load against its
// resources, and the taxonomy keeps the vocabularies that docs/resource-format.md names. Nothing
// here depends on how many resources it holds: adding or removing a valid resource breaks no test;
// adding a broken one does. Every other test uses the test library (tests/testdata/library).
#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <unordered_set>

#include "indexer/corpus.h"
#include "indexer/index_writer.h"
#include "indexer/lay_vocabulary.h"
#include "indexer/schema.h"
#include "tests/support/test_util.h"
#include "toolkits/featured_toolkits.h"

namespace ch {
namespace {

std::string Corpus() { return test::SourcePath("corpus"); }

Taxonomy ShippingTaxonomy() {
  Result<Taxonomy> taxonomy = Taxonomy::Load(Corpus() + "/taxonomy.yaml");
  EXPECT_TRUE(taxonomy.ok()) << taxonomy.status().ToString();
  return taxonomy.ok() ? std::move(taxonomy).value() : Taxonomy();
}

class ShippingCorpusTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    taxonomy_ = new Taxonomy(ShippingTaxonomy());
    Result<CorpusCheck> check = ValidateCorpus(Corpus(), *taxonomy_);
    ASSERT_TRUE(check.ok()) << check.status().ToString();
    check_ = new CorpusCheck(std::move(check).value());
  }
  static void TearDownTestSuite() {
    delete check_;
    delete taxonomy_;
  }
  static std::unordered_set<std::string> Ids() {
    std::unordered_set<std::string> ids;
    for (const auto& file : check_->files) ids.insert(file.resource.id);
    return ids;
  }
  static Taxonomy* taxonomy_;
  static CorpusCheck* check_;
};
Taxonomy* ShippingCorpusTest::taxonomy_ = nullptr;
CorpusCheck* ShippingCorpusTest::check_ = nullptr;

TEST_F(ShippingCorpusTest, EveryResourceValidatesWithoutErrorsOrWarnings) {
  ASSERT_FALSE(check_->files.empty());
  EXPECT_EQ(check_->error_count, 0u);
  EXPECT_EQ(check_->warning_count, 0u);
  for (const auto& d : check_->diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_EQ(Ids().size(), check_->files.size()) << "ids are unique";
}

TEST_F(ShippingCorpusTest, TheValidateCommandAcceptsItAndItsFeaturedToolkits) {
  std::string out;
  EXPECT_EQ(
      test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " validate " + Corpus(), &out),
      0)
      << out;
  EXPECT_NE(out.find("0 error(s)"), std::string::npos) << out;
}

TEST_F(ShippingCorpusTest, BuildsIntoAnIndexWithOneDocumentPerFile) {
  test::TempDir dir;
  IndexReport report;
  Status built = BuildIndex(Corpus(), dir / "index", *taxonomy_, {}, &report);
  ASSERT_TRUE(built.ok()) << built.ToString();
  EXPECT_EQ(report.documents, check_->files.size());
}

// The web page offers every focus area and headline topic as a filter: none may be empty.
TEST_F(ShippingCorpusTest, EveryFocusAreaAndHeadlineTopicHasResources) {
  std::unordered_set<std::string> used;
  for (const auto& file : check_->files) {
    for (const auto& f : file.resource.focus_areas) used.insert("focus:" + f);
    for (const auto& t : file.resource.topics) used.insert("topic:" + t);
  }
  for (const auto& e : taxonomy_->entries(Vocabulary::kFocusArea)) {
    EXPECT_TRUE(used.count("focus:" + e.id)) << e.id;
  }
  for (const char* topic : {"crime-data-analysis", "drug-crime", "gang-violence",
                            "crime-prevention", "human-trafficking", "community-policing",
                            "officer-safety-wellness", "victim-witness-assistance"}) {
    EXPECT_TRUE(used.count(std::string("topic:") + topic)) << topic;
  }
}

TEST_F(ShippingCorpusTest, FeaturedToolkitsLoadAgainstItsResourcesWithNotes) {
  Result<FeaturedLoad> load = LoadFeaturedToolkits(Corpus() + "/toolkits", Ids());
  ASSERT_TRUE(load.ok()) << load.status().ToString();
  for (const auto& d : load->diagnostics) ADD_FAILURE() << d.ToString();
  ASSERT_FALSE(load->toolkits.list().empty());
  for (const Toolkit& t : load->toolkits.list()) {
    EXPECT_FALSE(t.content.description.empty()) << t.id;
    EXPECT_FALSE(t.content.items.empty()) << t.id;
    EXPECT_TRUE(ValidateToolkitContent(t.content, ToolkitLimits()).ok()) << t.id;
    for (const auto& item : t.content.items) {
      EXPECT_FALSE(item.note.empty()) << t.id << ": " << item.resource_id;
      EXPECT_FALSE(item.section_id.empty()) << t.id << ": " << item.resource_id;
      EXPECT_NE(item.note.back(), '\n') << t.id << ": " << item.resource_id;
    }
  }
}

// docs/resource-format.md lists these ids; the web page and the mobile app rely on them.
TEST_F(ShippingCorpusTest, TaxonomyKeepsTheDocumentedVocabularies) {
  EXPECT_EQ(taxonomy_->Ids(Vocabulary::kFocusArea),
            (std::vector<std::string>{"criminal-justice-collaboration", "community-engagement",
                                      "gun-violence", "crime-analysis", "constitutional-policing",
                                      "federal-partnerships", "investigations", "technology"}));
  for (const char* topic : {"crime-data-analysis", "drug-crime", "gang-violence",
                            "crime-prevention", "human-trafficking", "community-policing",
                            "officer-safety-wellness", "victim-witness-assistance"}) {
    EXPECT_TRUE(taxonomy_->Contains(Vocabulary::kTopic, topic)) << topic;
  }
  for (const char* type :
       {"guide", "report", "toolkit", "training", "webinar", "podcast", "case-study", "fact-sheet",
        "video", "tool", "website", "article", "policy", "research-brief", "dataset", "template",
        "presentation", "infographic"}) {
    EXPECT_TRUE(taxonomy_->Contains(Vocabulary::kType, type)) << type;
  }
  EXPECT_FALSE(taxonomy_->glossary().empty());
}

// Every entry of the shipping taxonomy has its Spanish label (corpus/taxonomy.es.yaml): the page
// in Spanish never shows an English label.
TEST_F(ShippingCorpusTest, EveryTaxonomyEntryHasASpanishLabel) {
  EXPECT_EQ(taxonomy_->translated_languages(), std::vector<std::string>{"es"});
  for (const auto& gap : taxonomy_->translation_gaps()) ADD_FAILURE() << gap;
  LayVocabulary spanish(*taxonomy_, "es");
  EXPECT_GT(spanish.phrase_count(), 100u);
}

}  // namespace
}  // namespace ch
