// Pages of a text search over two languages' resources, sorted by something other than relevance
// (SearchService::RankedPage): ranking each language apart with weight cut-offs (word_pair_bonus.h)
// assumes an order by relevance alone, so a page sorted by evidence must never lose a strongly
// rated resource whose words weigh little.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: twelve unrated guides in English and as many in Spanish that say the four query
// words many times, and one Spanish program profile, rated effective, that says each of them
// once in a longer text.
class RankedPageOrderTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const fs::path corpus = *dir_ / "corpus";
    test::MakeCorpusOnProductTaxonomy(corpus);
    for (int i = 0; i < 12; ++i) {
      const std::string n = std::to_string(i);
      test::WriteTextFile(
          corpus / "resources" / ("sample-guide-" + n + ".md"),
          test::ResourceMarkdown("Sample radio patrol map data " + n, "technology",
                                 "sample text: radio patrol map data; radio patrol map data.",
                                 "published: 2021-03-10\nlanguage: en\n"));
      test::WriteTextFile(
          corpus / "resources" / ("guia-de-muestra-" + n + ".md"),
          test::ResourceMarkdown("Muestra radio patrol map data " + n, "technology",
                                 "texto de muestra: radio patrol map data; radio patrol map data.",
                                 "published: 2021-03-10\nlanguage: es\n"));
    }
    test::WriteTextFile(corpus / "resources" / "muestra-programa-calificado.md",
                        "---\n"
                        "title: \"Programa de muestra\"\n"
                        "summary: \"Un programa de muestra con una calificación ficticia.\"\n"
                        "type: program\n"
                        "focus_areas: [technology]\n"
                        "published: 2021-03-10\n"
                        "language: es\n"
                        "evidence:\n"
                        "  sample_data: true\n"
                        "  ratings:\n"
                        "    - outcome: gun-violence\n"
                        "      rating: effective\n"
                        "      evidence_base: multiple-studies\n"
                        "      rated_by: \"Panel de muestra (ficticio)\"\n"
                        "      date: 2024-07\n"
                        "---\n"
                        "texto de muestra: el programa usa la radio en cada patrol de la ciudad, "
                        "con un map de los barrios y data de las llamadas de los vecinos, de las "
                        "escuelas, de los hospitales y de las iglesias de toda la ciudad.\n");
    server_ = new test::ServerHarness(corpus.string());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // Page 1 (5 per page) of `q` sorted by `sort`; with the web page's facets (the facet column's
  // path) or with none.
  static std::vector<std::string> FirstPage(const std::string& q, SortOrder sort, bool facets) {
    SearchService search(server_->reader(), server_->taxonomy(), SearchServiceOptions{});
    SearchRequest r;
    r.q = q;
    r.sort = sort;
    r.per_page = 5;
    r.autocorrect = false;
    if (!facets) r.facets = std::vector<std::string>{};
    Result<SearchResponse> out = search.Search(r);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? test::ResultIds(*out) : std::vector<std::string>{};
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* RankedPageOrderTest::dir_ = nullptr;
test::ServerHarness* RankedPageOrderTest::server_ = nullptr;

TEST_F(RankedPageOrderTest, EvidenceSortKeepsARatedResourceOfTheSecondLanguageFirst) {
  const std::string q = "radio patrol map data";
  // The setting: by relevance the rated Spanish profile is not on the first page.
  const std::vector<std::string> relevance = FirstPage(q, SortOrder::kRelevance, true);
  ASSERT_EQ(relevance.size(), 5u);
  for (const std::string& id : relevance) EXPECT_NE(id, "muestra-programa-calificado");
  for (bool facets : {true, false}) {
    const std::vector<std::string> page = FirstPage(q, SortOrder::kEvidence, facets);
    ASSERT_EQ(page.size(), 5u) << "facets " << facets;
    EXPECT_EQ(page.front(), "muestra-programa-calificado")
        << "strongest evidence first, however little its words weigh (facets " << facets << ")";
  }
  EXPECT_EQ(FirstPage(q, SortOrder::kEvidence, true), FirstPage(q, SortOrder::kEvidence, false));
}

}  // namespace
}  // namespace ch
