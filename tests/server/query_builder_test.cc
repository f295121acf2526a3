// Query text -> Xapian query: how concept names, stop words and options shape the query.
#include "server/services/query_builder.h"

#include <gtest/gtest.h>

#include "indexer/index_writer.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

class QueryBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string corpus = dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    test::WriteTextFile(dir_.path() / "corpus/a.md",
                        test::ResourceMarkdown("Crisis teams", "community-engagement",
                                               "Mental health calls and NIBIN leads."));
    Taxonomy taxonomy = Taxonomy::Load(corpus + "/taxonomy.yaml").value();
    IndexReport report;
    ASSERT_TRUE(BuildIndex(corpus, dir_ / "db", taxonomy, {}, &report).ok());
    db_ = Xapian::Database(dir_ / "db");
    ConfigureQueryParser(qp_, db_, stemmer_, SearchLimits{});
  }

  std::string Parsed(const std::string& text, const QueryOptions& options = {}) {
    return ParseQueryText(qp_, text, options).query.get_description();
  }

  test::TempDir dir_;
  Xapian::Database db_;
  Xapian::Stem stemmer_{"english"};
  Xapian::QueryParser qp_;
};

TEST_F(QueryBuilderTest, MultiWordConceptNameAddsItsTermBesideTheWords) {
  // "mental health" names the behavioral-health topic. Its words must keep their own BM25
  // weights (a SYNONYM would weigh "mental or health" as one common term) and the concept term
  // joins them as one more way to match.
  std::string q = Parsed("impact on mental health");
  EXPECT_NE(q.find("XCtopic-behavioral-health"), std::string::npos) << q;
  EXPECT_EQ(q.find("SYNONYM"), std::string::npos) << q;
  EXPECT_NE(q.find("Zmental"), std::string::npos) << q;
  EXPECT_NE(q.find("Zhealth"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, SingleWordConceptNameStaysASynonymOfTheWord) {
  std::string q = Parsed("NIBIN");
  EXPECT_NE(q.find("nibin@1 SYNONYM XCg-nibin"), std::string::npos) << q;
}

TEST_F(QueryBuilderTest, ConceptsAndStopWordsCanBeTurnedOff) {
  QueryOptions options;
  options.concepts = false;
  options.drop_stop_words = false;
  std::string q = Parsed("impact on mental health", options);
  EXPECT_EQ(q.find("XC"), std::string::npos) << q;
  EXPECT_NE(q.find("Zon"), std::string::npos) << q;
  // The same parser with the defaults again: options never stick to the parser.
  q = Parsed("impact on mental health");
  EXPECT_EQ(q.find("Zon"), std::string::npos) << q;
  EXPECT_NE(q.find("XC"), std::string::npos) << q;
}

}  // namespace
}  // namespace ch
