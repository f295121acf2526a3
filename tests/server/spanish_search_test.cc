// Search in English and Spanish over real HTTP, on a fixture corpus in both languages
// (tests/testdata/es-corpus): Spanish inflections and words typed without accents find their
// documents, `language=` searches one language, the page's language (`lang=`, Accept-Language)
// ranks first, and spelling suggestions stay in the language searched.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "indexer/concepts.h"
#include "indexer/schema.h"
#include "server/services/language_query.h"
#include "server/services/ranking.h"
#include "server/services/search_service.h"
#include "server/services/with_searcher.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

class SpanishSearchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::SourcePath("tests/testdata/es-corpus"));
  }
  static void TearDownTestSuite() { delete server_; }

  // GETs /api/v1/search with `query` (already URL-encoded) and returns the parsed body.
  static rapidjson::Document Search(const std::string& query,
                                    const httplib::Headers& headers = {}) {
    httplib::Client client = server_->Client();
    auto res = client.Get("/api/v1/search?facets=&autocorrect=false&" + query, headers);
    rapidjson::Document doc;
    if (!res || res->status != 200) {
      ADD_FAILURE() << query << ": " << (res ? res->body : "no response");
      doc.SetObject();
      return doc;
    }
    doc.Parse(res->body.c_str());
    EXPECT_FALSE(doc.HasParseError());
    return doc;
  }
  static std::vector<std::string> Ids(const rapidjson::Document& doc) {
    std::vector<std::string> ids;
    if (!doc.IsObject() || !doc.HasMember("results")) return ids;
    for (const auto& r : doc["results"].GetArray()) ids.push_back(r["id"].GetString());
    return ids;
  }
  static std::string DidYouMean(const rapidjson::Document& doc) {
    return doc.HasMember("did_you_mean") && doc["did_you_mean"].IsString()
               ? doc["did_you_mean"].GetString()
               : "";
  }
  static bool Has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }
  static test::ServerHarness* server_;
};
test::ServerHarness* SpanishSearchTest::server_ = nullptr;

TEST_F(SpanishSearchTest, InflectionsAndAccentsFindTheSameDocument) {
  // joven / jóvenes / jovenes; investigación / investigaciones; with and without accents.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"joven", "programa-jovenes-prevencion"},
      {"j%C3%B3venes", "programa-jovenes-prevencion"},
      {"jovenes", "programa-jovenes-prevencion"},
      {"prevencion", "programa-jovenes-prevencion"},
      {"prevenci%C3%B3n", "programa-jovenes-prevencion"},
      {"investigaci%C3%B3n", "guia-investigaciones-homicidio"},
      {"investigacion", "guia-investigaciones-homicidio"},
      {"policia", "testigos-policia-confianza"},
      {"polic%C3%ADas", "testigos-policia-confianza"},
      {"V%C3%8DCTIMAS", "testigos-policia-confianza"},
  };
  for (const auto& [q, want] : cases) {
    std::vector<std::string> in_spanish = Ids(Search("language=es&q=" + q));
    ASSERT_FALSE(in_spanish.empty()) << q;
    EXPECT_EQ(in_spanish.front(), want) << q;
    EXPECT_TRUE(Has(Ids(Search("q=" + q)), want)) << q << " without a language filter";
  }
}

TEST_F(SpanishSearchTest, LanguageFilterSearchesOneLanguage) {
  std::vector<std::string> es = Ids(Search("language=es&q=Riverton"));
  EXPECT_EQ(es, std::vector<std::string>{"testigos-policia-confianza"});
  std::vector<std::string> en = Ids(Search("language=en&q=Riverton"));
  EXPECT_EQ(en, std::vector<std::string>{"witnesses-afraid-of-police"});
  // Spanish stop words are not searched in Spanish ("para los" alone finds nothing).
  EXPECT_TRUE(Ids(Search("language=es&q=para+los")).empty());
}

TEST_F(SpanishSearchTest, EnglishStillStemsAsEnglish) {
  std::vector<std::string> ids = Ids(Search("language=en&q=mentors"));
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(ids.front(), "youth-mentoring-guide");
  EXPECT_TRUE(Has(Ids(Search("q=witness")), "witnesses-afraid-of-police"));
}

TEST_F(SpanishSearchTest, PagesLanguageRanksFirstWithoutAFilter) {
  // "Riverton" occurs once in a Spanish and once in an English resource of the same shape.
  std::vector<std::string> es = Ids(Search("q=Riverton&lang=es"));
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es.front(), "testigos-policia-confianza");
  std::vector<std::string> en = Ids(Search("q=Riverton&lang=en"));
  ASSERT_EQ(en.size(), 2u);
  EXPECT_EQ(en.front(), "witnesses-afraid-of-police");
  std::vector<std::string> header =
      Ids(Search("q=Riverton", {{"Accept-Language", "es-MX,es;q=0.9"}}));
  ASSERT_EQ(header.size(), 2u);
  EXPECT_EQ(header.front(), "testigos-policia-confianza");
  // lang= wins over the header.
  std::vector<std::string> both = Ids(Search("q=Riverton&lang=en", {{"Accept-Language", "es"}}));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both.front(), "witnesses-afraid-of-police");
}

TEST_F(SpanishSearchTest, TheQuerysOwnStopWordsChooseItsLanguage) {
  // A question whose stop words are of one language only prefers that language over the page's:
  // a Spanish question typed on the English page, and an English one on the Spanish page.
  std::vector<std::string> es = Ids(Search("q=que+hay+en+Riverton&lang=en"));
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es.front(), "testigos-policia-confianza");
  std::vector<std::string> en = Ids(Search("q=what+about+Riverton&lang=es"));
  ASSERT_EQ(en.size(), 2u);
  EXPECT_EQ(en.front(), "witnesses-afraid-of-police");
  // A word that is a stop word in both languages ("me") tells nothing: the page decides.
  std::vector<std::string> both = Ids(Search("q=me+Riverton&lang=es"));
  ASSERT_EQ(both.size(), 2u);
  EXPECT_EQ(both.front(), "testigos-policia-confianza");
}

TEST_F(SpanishSearchTest, SpellingSuggestionsStayInTheLanguageSearched) {
  // A Spanish word typed without accents is a known word, not a misspelling of English.
  EXPECT_EQ(DidYouMean(Search("language=es&q=policia")), "");
  EXPECT_EQ(DidYouMean(Search("q=policia")), "");
  // A misspelling is corrected from the language searched only.
  EXPECT_EQ(DidYouMean(Search("language=es&q=jovenez")), "jovenes");
  EXPECT_EQ(DidYouMean(Search("language=en&q=mentorz")), "mentors");
  EXPECT_EQ(DidYouMean(Search("language=es&q=mentorz")), "");
}

TEST_F(SpanishSearchTest, ResourcePageOffersItsTranslation) {
  httplib::Client client = server_->Client();
  // The page names the translation's id (its own front matter: the page stays stable) ...
  auto page = client.Get("/api/v1/resources/testigos-policia-confianza");
  ASSERT_TRUE(page);
  ASSERT_EQ(page->status, 200);
  rapidjson::Document page_doc;
  page_doc.Parse(page->body.c_str());
  ASSERT_TRUE(page_doc.HasMember("translation_ids"));
  ASSERT_EQ(page_doc["translation_ids"].Size(), 1u);
  EXPECT_STREQ(page_doc["translation_ids"][0].GetString(), "witnesses-afraid-of-police");
  EXPECT_FALSE(page_doc.HasMember("translations")) << "other resources' titles stay out of pages";
  // ... and the related list gives its language and title.
  auto res = client.Get("/api/v1/resources/testigos-policia-confianza/related");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  ASSERT_TRUE(doc.HasMember("translations"));
  const auto& list = doc["translations"];
  ASSERT_EQ(list.Size(), 1u);
  EXPECT_STREQ(list[0]["id"].GetString(), "witnesses-afraid-of-police");
  EXPECT_STREQ(list[0]["language"].GetString(), "en");
  EXPECT_STREQ(list[0]["title"].GetString(), "Witnesses Afraid to Talk to the Police");
  // A resource without translations has an empty list.
  auto plain = client.Get("/api/v1/resources/youth-mentoring-guide/related");
  ASSERT_TRUE(plain);
  rapidjson::Document plain_doc;
  plain_doc.Parse(plain->body.c_str());
  ASSERT_TRUE(plain_doc.HasMember("translations"));
  EXPECT_EQ(plain_doc["translations"].Size(), 0u);
}

TEST_F(SpanishSearchTest, CachesKeepAnswersForDifferentLanguagesApart) {
  // The order depends on Accept-Language, so the response varies by it and so does its ETag.
  httplib::Client client = server_->Client();
  auto es = client.Get("/api/v1/search?q=Riverton", {{"Accept-Language", "es"}});
  auto en = client.Get("/api/v1/search?q=Riverton", {{"Accept-Language", "en"}});
  ASSERT_TRUE(es && en);
  ASSERT_EQ(es->status, 200);
  EXPECT_NE(es->get_header_value("Vary").find("Accept-Language"), std::string::npos);
  EXPECT_NE(es->get_header_value("Vary").find("Accept-Encoding"), std::string::npos);
  EXPECT_NE(es->get_header_value("ETag"), en->get_header_value("ETag"));
  auto again =
      client.Get("/api/v1/search?q=Riverton",
                 {{"Accept-Language", "en"}, {"If-None-Match", es->get_header_value("ETag")}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << "a Spanish answer must not revalidate an English request";
}

TEST_F(SpanishSearchTest, UnknownPageLanguageIsRejected) {
  httplib::Client client = server_->Client();
  auto res = client.Get("/api/v1/search?q=joven&lang=xx");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("lang"), std::string::npos);
  EXPECT_NE(res->body.find("es"), std::string::npos);
  auto ok = client.Get("/api/v1/search?q=joven&lang=es");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(SpanishSearchTest, AKeywordSearchsWordsChooseItsLanguage) {
  // Without stop words, a word found in one language's documents only says the language; a word
  // found in both ("Riverton") or in neither says nothing.
  Result<bool> done = WithSearcher<bool>(server_->reader(), [&](Searcher& s) -> Result<bool> {
    SearchRequest request;
    const LanguagePlan plan = PlanLanguages(s.db, request, /*one_local_database=*/true);
    if (plan.languages.size() < 2) return Status::Internal("the fixture holds one language");
    auto code = [&](std::string_view text) {
      const LanguageSpec* spec = VocabularyLanguage(s.db, plan, text);
      return spec ? std::string(spec->code) : std::string("none");
    };
    EXPECT_EQ(code("witnesses Riverton"), "en");
    EXPECT_EQ(code("Riverton testigos"), "es");
    EXPECT_EQ(code("Riverton"), "none");
    EXPECT_EQ(code("Riverton zzzunknown"), "none");
    EXPECT_EQ(code("witnesses testigos"), "none") << "two languages: no guess";
    SearchRequest filtered;
    filtered.filters["language"] = {"es", "en"};
    EXPECT_EQ(VocabularyLanguage(s.db, PlanLanguages(s.db, filtered, true), "witnesses"), nullptr);
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.status().ToString();
}

TEST_F(SpanishSearchTest, APartOfAHyphenatedWordSaysNoLanguage) {
  // "de" is a Spanish stop word, but the "de" of "de-escalation" is part of an English word.
  Result<bool> done = WithSearcher<bool>(server_->reader(), [&](Searcher& s) -> Result<bool> {
    SearchRequest request;
    const LanguagePlan plan = PlanLanguages(s.db, request, /*one_local_database=*/true);
    if (plan.languages.size() < 2) return Status::Internal("the fixture holds one language");
    EXPECT_EQ(TextLanguage(plan, "de-escalation training"), nullptr);
    const LanguageSpec* spanish = TextLanguage(plan, "policia de barrio");
    EXPECT_TRUE(spanish && std::string(spanish->code) == "es");
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.status().ToString();
}

TEST_F(SpanishSearchTest, LayConceptsAreWeighedByLanguageAsTheTextIs) {
  // A resource and its translation, both tagged victim/witness assistance: the concept term of a
  // lay phrase weighs the preferred language's one 3 times the other, either way round.
  Result<bool> done = WithSearcher<bool>(server_->reader(), [&](Searcher& s) -> Result<bool> {
    const Xapian::Query concept_term(
        schema::kConceptPrefix +
        ConceptMatcher::EntryKey(Vocabulary::kTopic, "victim-witness-assistance"));
    for (const char* lang : {"en", "es"}) {
      SearchRequest request;
      request.page_language = lang;
      const LanguagePlan plan = PlanLanguages(s.db, request, /*one_local_database=*/true);
      // Each resource's weight for `q`.
      auto weights = [&](const Xapian::Query& q) {
        Xapian::Enquire enquire(s.db);
        enquire.set_query(q);
        Xapian::MSet mset = enquire.get_mset(0, 10);
        std::pair<double, double> out{0, 0};  // English, Spanish
        for (auto it = mset.begin(); it != mset.end(); ++it) {
          const std::string data = it.get_document().get_data();
          if (data.find("\"id\":\"witnesses-afraid-of-police\"") != std::string::npos) {
            out.first = it.get_weight();
          }
          if (data.find("\"id\":\"testigos-policia-confianza\"") != std::string::npos) {
            out.second = it.get_weight();
          }
        }
        return out;
      };
      const auto plain = weights(concept_term);
      const auto preferred = weights(PreferLanguage(concept_term, plan, 3));
      if (plain.first == 0 || plain.second == 0) return Status::Internal("the fixture tags both");
      const bool english = std::string(lang) == "en";
      EXPECT_NEAR(preferred.first / plain.first, english ? 1.0 : 1.0 / 3, 1e-6) << lang;
      EXPECT_NEAR(preferred.second / plain.second, english ? 1.0 / 3 : 1.0, 1e-6) << lang;
      EXPECT_EQ(preferred.first > preferred.second, english) << lang;
    }
    // One language searched (a filter): the query is unchanged.
    SearchRequest filtered;
    filtered.filters["language"] = {"es"};
    const Xapian::Query same = PreferLanguage(concept_term, PlanLanguages(s.db, filtered, true), 3);
    EXPECT_EQ(same.get_description(), concept_term.get_description());
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.status().ToString();
}

// The language branches are combined with OP_MAX so that the match can stop early (issue 15): each
// is restricted to its own language, so no document is in two, and MAX must then give exactly the
// documents, weights and order that OR gives.
TEST_F(SpanishSearchTest, LanguageBranchesAsMaxRankExactlyAsOr) {
  const std::unique_ptr<Xapian::Weight> weight = MakeWeight(RankingOptions{}, Bm25Parameters{});
  int compared = 0;
  Result<bool> done = WithSearcher<bool>(server_->reader(), [&](Searcher& s) -> Result<bool> {
    PrepareQueryParser(s, SearchLimits{});
    for (const char* text : {"Riverton", "policia confianza", "jovenes violencia",
                             "\"Riverton\" police", "witnesses afraid of police", "testigos",
                             "police NOT Riverton", "police AND witnesses"}) {
      for (const char* lang : {"", "es", "en"}) {
        SearchRequest request;
        request.q = text;
        request.page_language = lang;
        const LanguagePlan plan = PlanLanguages(s.db, request, /*one_local_database=*/true);
        if (plan.languages.size() < 2) return Status::Internal("the fixture holds one language");
        const Xapian::Query max = ParseInLanguages(s.qp, s.languages, plan, text, QueryOptions{},
                                                   LanguageQueryOptions{}.page_language_weight)
                                      .parsed.query;
        EXPECT_EQ(max.get_type(), Xapian::Query::OP_MAX) << text;
        LanguagePlan sharded = plan;  // what shards get (language_query.h, max_branches)
        sharded.max_branches = false;
        EXPECT_EQ(ParseInLanguages(s.qp, s.languages, sharded, text, QueryOptions{}, 1.25)
                      .parsed.query.get_type(),
                  Xapian::Query::OP_OR)
            << text;
        // The formulation before issue 15: the branches OR-ed.
        std::vector<Xapian::Query> branches, before;
        for (size_t i = 0; i < max.get_num_subqueries(); ++i) {
          Xapian::Query b = max.get_subquery(i);
          branches.push_back(b);
          const bool scaled = b.get_type() == Xapian::Query::OP_SCALE_WEIGHT;
          if (scaled) b = b.get_subquery(0);
          // No AND_MAYBE of the excluded languages: Xapian 1.4.22's pruning matcher crashed on
          // MAX branches of that form (language_query.cc).
          EXPECT_NE(b.get_type(), Xapian::Query::OP_AND_MAYBE) << text;
          if (scaled) {
            b = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, b,
                              1.0 / LanguageQueryOptions{}.page_language_weight);
          }
          before.push_back(b);
        }
        const Xapian::Query as_or(Xapian::Query::OP_OR, before.begin(), before.end());
        // Every match, or the best `n` with the early stop that MAX makes possible.
        auto ranked = [&](const Xapian::Query& q, Xapian::doccount n = 0) {
          Xapian::Enquire enquire(s.db);
          enquire.set_query(q);
          enquire.set_weighting_scheme(*weight);
          std::vector<std::pair<Xapian::docid, double>> out;
          Xapian::MSet mset = n ? enquire.get_mset(0, n, Xapian::doccount{0})
                                : enquire.get_mset(0, s.db.get_doccount(), s.db.get_doccount());
          for (auto it = mset.begin(); it != mset.end(); ++it)
            out.emplace_back(*it, it.get_weight());
          return out;
        };
        const auto expected = ranked(as_or);
        EXPECT_EQ(ranked(max), expected) << text << " lang=" << lang;
        EXPECT_EQ(ranked(max, 2), ranked(as_or, 2)) << text << " lang=" << lang;
        // Disjoint: the branches' match sets add up to the whole.
        size_t sum = 0;
        for (const auto& b : branches) sum += ranked(b).size();
        EXPECT_EQ(sum, expected.size()) << text;
        compared += !expected.empty();
      }
    }
    return true;
  });
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_GE(compared, 12) << "too few queries matched anything to compare";
}

}  // namespace
}  // namespace ch
