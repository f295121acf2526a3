// The audience bonus through the search service (RankingOptions::audience, asker.h): a victim's
// plain-language question ranks the resource written for victim service providers above one that
// matches its words a little better and is written for chiefs, and a resident's question the one
// written for community members; a professional's question, a question whose words say no one,
// and a short keyword search are ranked as without the bonus, and the bonus never changes which
// resources match. A Spanish question is read with the Spanish cues.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data on the product's taxonomy (its lay phrasings): three guides about paying hospital
// bills after a shooting, one for victim service providers, one for community members, and one,
// which says the words more often, for law enforcement executives; and four about burglary, for
// community members, that match nothing asked.
class AudienceSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const fs::path corpus = *dir_ / "corpus";
    test::MakeCorpusOnProductTaxonomy(corpus);
    auto write = [&](const std::string& id, const std::string& title, const std::string& body,
                     const std::string& audience, const std::string& language = "en") {
      test::WriteTextFile(corpus / "resources" / (id + ".md"),
                          test::ResourceMarkdown(title, "gun-violence", body,
                                                 "published: 2021-03-10\nlanguage: " + language +
                                                     "\naudience: [" + audience + "]\n"));
    };
    write("sample-for-chiefs", "Sample notes on hospital costs",
          "sample text: hospital bills after a shooting; who pays the hospital bills.",
          "law-enforcement-executives");
    write("sample-for-advocates", "Sample notes on costs",
          "sample text: helping people pay hospital bills after a shooting.",
          "victim-service-providers");
    write("sample-for-neighbors", "Sample notes on costs",
          "sample text: how people pay hospital bills after a shooting.", "community-members");
    write("muestra-para-jefes", "Notas de muestra sobre gastos del hospital",
          "texto de muestra: cuentas del hospital después de un tiroteo; quién paga las cuentas "
          "del hospital.",
          "law-enforcement-executives", "es");
    write("muestra-para-defensores", "Notas de muestra sobre gastos",
          "texto de muestra: ayuda para pagar cuentas del hospital después de un tiroteo.",
          "victim-service-providers", "es");
    for (const char* id :
         {"sample-other-1", "sample-other-2", "sample-other-3", "sample-other-4"}) {
      write(id, "Sample burglary notes", "sample text: burglary counts in the county.",
            "community-members");
    }
    server_ = new test::ServerHarness(corpus.string());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  // The product's ranking, or (`on` false) the same without the audience bonus.
  static std::vector<std::string> Ids(const std::string& q, bool on) {
    SearchServiceOptions options;
    if (!on) options.ranking.audience.resident_weight = options.ranking.audience.victim_weight = 0;
    return test::SearchIds(*server_, q, SortOrder::kRelevance, options);
  }
  // The same on a Spanish page (lang=es).
  static std::vector<std::string> SpanishIds(const std::string& q, bool on) {
    SearchServiceOptions options;
    if (!on) options.ranking.audience.resident_weight = options.ranking.audience.victim_weight = 0;
    SearchService search(server_->reader(), server_->taxonomy(), options);
    SearchRequest r;
    r.q = q;
    r.page_language = "es";
    r.autocorrect = false;
    r.facets = std::vector<std::string>{};
    Result<SearchResponse> out = search.Search(r);
    EXPECT_TRUE(out.ok()) << q;
    return out.ok() ? test::ResultIds(*out) : std::vector<std::string>{};
  }
  // Which resource is first without the bonus (`off`) and with it (`on`); the bonus re-ranks,
  // it never adds or drops a match.
  static void ExpectFirst(const std::vector<std::string>& off, const std::vector<std::string>& on,
                          const std::string& first_off, const std::string& first_on) {
    ASSERT_FALSE(off.empty());
    ASSERT_FALSE(on.empty());
    EXPECT_EQ(off.front(), first_off);
    EXPECT_EQ(on.front(), first_on);
    EXPECT_EQ(Sorted(on), Sorted(off));
  }
  static std::vector<std::string> Sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* AudienceSearchTest::dir_ = nullptr;
test::ServerHarness* AudienceSearchTest::server_ = nullptr;

TEST_F(AudienceSearchTest, AVictimsQuestionPrefersResourcesForVictimServiceProviders) {
  ASSERT_GT(SearchServiceOptions().ranking.audience.victim_weight, 0.0);
  const std::string q = "I got shot last month and the hospital bills keep coming";
  ExpectFirst(Ids(q, false), Ids(q, true), "sample-for-chiefs", "sample-for-advocates");
}

TEST_F(AudienceSearchTest, AResidentsQuestionPrefersResourcesForCommunityMembers) {
  ASSERT_GT(SearchServiceOptions().ranking.audience.resident_weight, 0.0);
  const std::string q = "somebody got shot on our street and nobody can pay the hospital bills";
  ExpectFirst(Ids(q, false), Ids(q, true), "sample-for-chiefs", "sample-for-neighbors");
}

TEST_F(AudienceSearchTest, ASpanishQuestionIsReadWithTheSpanishCues) {
  const std::string q = "me dispararon el mes pasado y no puedo pagar las cuentas del hospital";
  ExpectFirst(SpanishIds(q, false), SpanishIds(q, true), "muestra-para-jefes",
              "muestra-para-defensores");
}

TEST_F(AudienceSearchTest, QuestionsThatDoNotSayWhoAsksAreRankedAsWithoutTheBonus) {
  for (const std::string& q : {
           // a professional, about their own work
           std::string("my clients got shot and cannot pay the hospital bills"),
           // a victim on their own street: cues of two kinds
           std::string("I got shot on our street and cannot pay the hospital bills"),
           // no one in particular
           std::string("who pays the hospital bills after somebody gets shot"),
           // a keyword search, even one that names a place
           std::string("hospital bills our street"),
       }) {
    const std::vector<std::string> off = Ids(q, false);
    ASSERT_FALSE(off.empty()) << q;
    EXPECT_EQ(Ids(q, true), off) << q;
    EXPECT_EQ(off.front(), "sample-for-chiefs") << q;
  }
}

}  // namespace
}  // namespace ch
