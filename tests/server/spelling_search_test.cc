// Words spelt otherwise than the taxonomy spells them, through the search service: a British
// spelling (american_spelling.h: "licence plate reader" finds the license plate reader concept,
// as "license plate reader" does, and ranks the same resources in the same order; a resource
// written in British English is still found), a taxonomy name with a hyphen ("real-time crime
// center" finds its concept, which the synonym table cannot give a phrase) and a compound typed
// joined (joined_names.h: "realtime crime center" is searched as "real-time crime center"); and
// the words "did you mean" leaves alone (everyday_words.h: "brother" is not a misspelt "rather").
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "server/services/search_service.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: a resource that names the concept only by its acronym (ALPR), one written in
// British English, one in American English, one about something else, and one that names the
// real-time crime center only by its acronym (RTCC).
class TaxonomySpellingSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyTaxonomy(corpus);
    auto write = [&](const std::string& id, const std::string& title, const std::string& body) {
      test::WriteTextFile(fs::path(corpus) / "resources" / (id + ".md"),
                          test::ResourceMarkdown(title, "technology", body, "published: 2021\n"));
    };
    write("sample-acronym", "Sample ALPR retention notes",
          "sample text: how long ALPR reads are kept by the county.");
    write("sample-british", "Sample county notes",
          "sample text: the county licence office, its plate reader cameras and their catalogue.");
    write("sample-american", "Sample city notes",
          "sample text: the city license office, its license plate reader contract and catalog.");
    write("sample-other", "Sample burglary notes", "sample text: burglary counts in the county.");
    write("sample-rtcc", "Sample RTCC staffing notes",
          "sample text: who watches the RTCC screens.");
    // Words a "did you mean" once took everyday words for: "rather" (brother), "ordered"
    // (murdered: more frequent than "murder", as in the sample corpus), "shared"; "murder" and
    // "traffic" are other forms of words typed below.
    write("sample-words", "Sample archive notes",
          "sample text: the archive ordered by year, rather than shared; reports ordered and "
          "re-ordered; a murder; traffic stops and trafficking cases, community meetings.");
    // The Spanish stem of "comunes" is "comun", the English stem of the misspelt "comunity".
    test::WriteTextFile(fs::path(corpus) / "resources" / "sample-spanish.md",
                        test::ResourceMarkdown("Notas de muestra", "technology",
                                               "texto de muestra: problemas comunes del barrio.",
                                               "published: 2021\nlanguage: es\n"));
    server_ = new test::ServerHarness(corpus);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  static std::vector<std::string> Ids(const std::string& q) { return test::SearchIds(*server_, q); }

  // The "did you mean" of `q` (autocorrection off), "" for none.
  static std::string DidYouMean(const std::string& q) {
    SearchService search(server_->reader(), server_->taxonomy());
    SearchRequest r;
    r.q = q;
    r.autocorrect = false;
    r.facets = std::vector<std::string>{};
    Result<SearchResponse> out = search.Search(r);
    EXPECT_TRUE(out.ok()) << q;
    return out.ok() ? out->did_you_mean : "";
  }

  static bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* TaxonomySpellingSearchTest::dir_ = nullptr;
test::ServerHarness* TaxonomySpellingSearchTest::server_ = nullptr;

TEST_F(TaxonomySpellingSearchTest, ABritishSpellingFindsTheConceptItsAmericanSpellingNames) {
  const std::vector<std::string> american = Ids("license plate reader");
  const std::vector<std::string> british = Ids("licence plate reader");
  ASSERT_TRUE(Has(american, "sample-acronym"));  // through the concept only
  EXPECT_TRUE(Has(british, "sample-acronym"));
  EXPECT_EQ(british, american);
  EXPECT_EQ(Ids("Licence plate reader"), american);  // capitalised first word too
}

TEST_F(TaxonomySpellingSearchTest, AResourceInBritishEnglishIsStillFound) {
  // "catalogue" is searched as "catalog" and as typed (no list of spellings knows it).
  EXPECT_TRUE(Has(Ids("catalogue"), "sample-british"));
  EXPECT_TRUE(Has(Ids("catalogue"), "sample-american"));
  EXPECT_TRUE(Has(Ids("licence"), "sample-british"));
  EXPECT_FALSE(Has(Ids("licence plate reader"), "sample-other"));
}

TEST_F(TaxonomySpellingSearchTest, AHyphenatedNameFindsItsConcept) {
  // The parser reads "real-time" as a phrase, which the synonym table never sees.
  EXPECT_TRUE(Has(Ids("real-time crime center"), "sample-rtcc"));  // through the concept only
  EXPECT_FALSE(Has(Ids("real-time crime center"), "sample-other"));
}

TEST_F(TaxonomySpellingSearchTest, ACompoundTypedJoinedIsSearchedAsItsHyphenatedName) {
  const std::vector<std::string> hyphenated = Ids("real-time crime center");
  ASSERT_TRUE(Has(hyphenated, "sample-rtcc"));
  EXPECT_EQ(Ids("realtime crime center"), hyphenated);
  EXPECT_EQ(Ids("Realtime crime center"), hyphenated);
}

TEST_F(TaxonomySpellingSearchTest, DidYouMeanCorrectsMisspellingsButNotEverydayWords) {
  ASSERT_EQ(DidYouMean("archve"), "archive");  // a misspelling is still corrected
  EXPECT_EQ(DidYouMean("brother"), "");        // a family word of the lay vocabulary, not "rather"
  EXPECT_EQ(DidYouMean("my brother was murdered"), "");  // "murder" is indexed: not "ordered"
  EXPECT_EQ(DidYouMean("boy"), "");   // "by" is a stop word: no correction to offer
  EXPECT_EQ(DidYouMean("wont"), "");  // "won't" typed without its apostrophe
  EXPECT_EQ(DidYouMean("won't"), "");
  EXPECT_EQ(DidYouMean("my brother's archve"), "my brother's archive");
  EXPECT_EQ(DidYouMean("archve's"), "archive's");  // the word before an unknown ending
  // "trafficing" is stemmed "traffic", which the index holds, but its correction lengthens it.
  EXPECT_EQ(DidYouMean("trafficing"), "trafficking");
  // An English word's stem counts in English resources only: "comun" is a Spanish resource's.
  EXPECT_EQ(DidYouMean("comunity"), "community");
}

}  // namespace
}  // namespace ch
