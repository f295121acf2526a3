// The API in the reader's language, over real HTTP on the English and Spanish fixture corpus
// (tests/testdata/es-corpus, whose taxonomy.es.yaml translates most entries): taxonomy labels and
// search facet labels follow lang= or Accept-Language, with Content-Language and Vary saying so;
// an untranslated entry shows its English label; end-user error messages come from the Spanish
// catalogue with their codes unchanged; the search's `order` sentence is in the page's language;
// a Spanish lay phrasing widens only a Spanish search.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/support/server_harness.h"

namespace ch {
namespace {

class LocalisedApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::SourcePath("tests/testdata/es-corpus"));
  }
  static void TearDownTestSuite() { delete server_; }

  static httplib::Result Get(const std::string& path, const httplib::Headers& headers = {}) {
    httplib::Client client = server_->Client();
    return client.Get(path, headers);
  }
  static rapidjson::Document Json(const httplib::Result& res) {
    rapidjson::Document doc;
    doc.Parse(res ? res->body.c_str() : "{}");
    EXPECT_FALSE(doc.HasParseError());
    return doc;
  }
  // The label of `id` in the taxonomy answer's list `list`.
  static std::string Label(const rapidjson::Document& doc, const char* list,
                           const std::string& id) {
    if (!doc.IsObject() || !doc.HasMember(list)) return "(no " + std::string(list) + ")";
    for (const auto& e : doc[list].GetArray()) {
      if (id == e["id"].GetString()) return e["label"].GetString();
    }
    return "(no " + id + ")";
  }
  static std::string FacetLabel(const rapidjson::Document& doc, const char* facet,
                                const std::string& value) {
    if (!doc.IsObject() || !doc.HasMember("facets")) return "(no facets)";
    for (const auto& v : doc["facets"][facet].GetArray()) {
      if (value == v["value"].GetString()) return v["label"].GetString();
    }
    return "(no " + value + ")";
  }
  static std::vector<std::string> Ids(const rapidjson::Document& doc) {
    std::vector<std::string> ids;
    if (!doc.IsObject() || !doc.HasMember("results")) return ids;
    for (const auto& r : doc["results"].GetArray()) ids.push_back(r["id"].GetString());
    return ids;
  }
  static test::ServerHarness* server_;
};
test::ServerHarness* LocalisedApiTest::server_ = nullptr;

TEST_F(LocalisedApiTest, TaxonomyLabelsFollowLangAndAcceptLanguage) {
  auto es = Get("/api/v1/taxonomy?lang=es");
  ASSERT_TRUE(es);
  ASSERT_EQ(es->status, 200) << es->body;
  EXPECT_EQ(es->get_header_value("Content-Language"), "es");
  rapidjson::Document doc = Json(es);
  EXPECT_STREQ(doc["language"].GetString(), "es");
  EXPECT_EQ(Label(doc, "topics", "victim-witness-assistance"), "Asistencia a víctimas y testigos");
  EXPECT_EQ(Label(doc, "types", "guide"), "Guía");
  // Translated description; an entry without one keeps the English description.
  for (const auto& e : doc["focus_areas"].GetArray()) {
    if (std::string(e["id"].GetString()) == "community-engagement") {
      EXPECT_STREQ(e["description"].GetString(),
                   "Datos de ejemplo. Vecinos e instituciones trabajando juntos.");
    }
  }
  // Untranslated entries fall back to English.
  EXPECT_EQ(Label(doc, "types", "report"), "Report");
  EXPECT_EQ(Label(doc, "topics", "school-safety"), "School Safety");

  auto header = Get("/api/v1/taxonomy", {{"Accept-Language", "es-MX,es;q=0.9,en;q=0.5"}});
  ASSERT_TRUE(header);
  EXPECT_EQ(header->get_header_value("Content-Language"), "es");
  EXPECT_NE(header->get_header_value("Vary").find("Accept-Language"), std::string::npos)
      << header->get_header_value("Vary");
  EXPECT_EQ(Label(Json(header), "types", "guide"), "Guía");

  auto en = Get("/api/v1/taxonomy");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
  EXPECT_EQ(Label(Json(en), "types", "guide"), "Guide");
  // lang= wins over the header.
  auto both = Get("/api/v1/taxonomy?lang=en", {{"Accept-Language", "es"}});
  ASSERT_TRUE(both);
  EXPECT_EQ(Label(Json(both), "types", "guide"), "Guide");
  EXPECT_EQ(both->get_header_value("Content-Language"), "en");
  // Different languages, different ETags: a cache never answers one with the other.
  EXPECT_NE(header->get_header_value("ETag"), en->get_header_value("ETag"));
}

TEST_F(LocalisedApiTest, SearchFacetLabelsAreInThePagesLanguage) {
  auto es = Get("/api/v1/search?facets=type,topic&lang=es");
  ASSERT_TRUE(es);
  ASSERT_EQ(es->status, 200) << es->body;
  EXPECT_EQ(es->get_header_value("Content-Language"), "es");
  rapidjson::Document doc = Json(es);
  EXPECT_EQ(FacetLabel(doc, "type", "guide"), "Guía");
  EXPECT_EQ(FacetLabel(doc, "type", "report"), "Report");
  EXPECT_EQ(FacetLabel(doc, "topic", "group-violence"),
            "Intervención contra la violencia de grupo");
  auto en = Get("/api/v1/search?facets=type");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
  EXPECT_EQ(FacetLabel(Json(en), "type", "guide"), "Guide");
}

TEST_F(LocalisedApiTest, TheOrderSentenceIsInThePagesLanguage) {
  auto order = [](const httplib::Result& res) {
    rapidjson::Document doc = Json(res);
    return doc.IsObject() && doc.HasMember("order") ? std::string(doc["order"].GetString())
                                                    : std::string("(no order)");
  };
  EXPECT_EQ(order(Get("/api/v1/search?sort=title&facets=&lang=es")),
            "Por título, de la A a la Z; luego el orden del índice.");
  // Accept-Language alone, with a text query: the tie-break is the best match.
  EXPECT_EQ(order(Get("/api/v1/search?q=violencia&sort=newest&facets=",
                      {{"Accept-Language", "es-MX,es;q=0.9"}})),
            "Los más recientes primero, por fecha de publicación; luego los que mejor coinciden; "
            "los recursos sin fecha van al final.");
  EXPECT_EQ(order(Get("/api/v1/search?q=violencia&facets=&lang=es")),
            "Primero los que mejor coinciden.");
  const std::string evidence = order(Get("/api/v1/search?sort=evidence&facets=&lang=es"));
  EXPECT_EQ(evidence.rfind("Evidencia más sólida primero: ", 0), 0u) << evidence;
  EXPECT_NE(evidence.find("luego por título, de la A a la Z. Los recursos sin calificación van al "
                          "final."),
            std::string::npos)
      << evidence;
  // English stays English, also when the browser prefers a language we do not have.
  EXPECT_EQ(order(Get("/api/v1/search?sort=title&facets=", {{"Accept-Language", "fr"}})),
            "Title A to Z, then the index's order.");
  EXPECT_EQ(order(Get("/api/v1/search?sort=title&facets=&lang=en", {{"Accept-Language", "es"}})),
            "Title A to Z, then the index's order.");
}

TEST_F(LocalisedApiTest, FeaturedToolkitsAreInThePagesLanguage) {
  const std::string id = "witnesses-who-fear-retaliation";
  auto list = Get("/api/v1/toolkits/featured", {{"Accept-Language", "es-MX,es;q=0.9"}});
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(list->get_header_value("Content-Language"), "es");
  EXPECT_NE(list->get_header_value("Vary").find("Accept-Language"), std::string::npos);
  rapidjson::Document es = Json(list);
  ASSERT_EQ(es["toolkits"].Size(), 1u);
  EXPECT_STREQ(es["toolkits"][0]["title"].GetString(), "Testigos con miedo a las represalias");
  EXPECT_STREQ(es["toolkits"][0]["description"].GetString(),
               "Datos de ejemplo. Cómo mantener a los testigos seguros e informados.");
  rapidjson::Document en =
      Json(Get("/api/v1/toolkits/featured?lang=en", {{"Accept-Language", "es"}}));
  EXPECT_STREQ(en["toolkits"][0]["title"].GetString(), "Witnesses Who Fear Retaliation");

  // The toolkit itself: sections, notes and language; its export is in Spanish.
  rapidjson::Document one = Json(Get("/api/v1/toolkits/" + id + "?lang=es"));
  EXPECT_STREQ(one["title"].GetString(), "Testigos con miedo a las represalias");
  EXPECT_STREQ(one["language"].GetString(), "es");
  EXPECT_STREQ(one["sections"][0]["title"].GetString(), "Para empezar");
  EXPECT_STREQ(one["items"][0]["note"].GetString(), "Datos de ejemplo. Lea esto primero.");
  rapidjson::Document english = Json(Get("/api/v1/toolkits/" + id));
  EXPECT_STREQ(english["items"][0]["note"].GetString(), "Sample data. Read this first.");
  auto exported = Get("/api/v1/toolkits/" + id + "/export?format=md&lang=es");
  ASSERT_TRUE(exported);
  EXPECT_EQ(exported->status, 200) << exported->body;
  EXPECT_EQ(exported->get_header_value("Content-Language"), "es");
  EXPECT_NE(exported->body.find("# Testigos con miedo a las represalias"), std::string::npos)
      << exported->body;
  EXPECT_EQ(Get("/api/v1/toolkits/featured?lang=xx")->status, 400);
}

TEST_F(LocalisedApiTest, ADraftAskedInSpanishIsWrittenInSpanish) {
  httplib::Client client = server_->Client();
  auto res =
      client.Post("/api/v1/toolkits/draft",
                  R"({"q": "testigos policía", "size": 3, "language": "es"})", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  rapidjson::Document draft = Json(res);
  EXPECT_STREQ(draft["title"].GetString(), "Kit: testigos policía");
  EXPECT_STREQ(draft["language"].GetString(), "es");
  EXPECT_EQ(std::string(draft["description"].GetString()).rfind("Un borrador de ", 0), 0u)
      << draft["description"].GetString();
  // The featured toolkit it offers first (both its items are among the matches), in Spanish too.
  auto both = client.Post("/api/v1/toolkits/draft",
                          R"({"focus_areas": ["investigations"], "size": 3, "language": "es"})",
                          "application/json");
  ASSERT_TRUE(both);
  rapidjson::Document matched = Json(both);
  ASSERT_TRUE(matched.HasMember("featured_match") && matched["featured_match"].IsObject())
      << both->body;
  EXPECT_STREQ(matched["featured_match"]["title"].GetString(),
               "Testigos con miedo a las represalias");
  auto bad = client.Post("/api/v1/toolkits/draft", R"({"q": "testigos", "language": "xx"})",
                         "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422) << bad->body;
  EXPECT_NE(bad->body.find("\"param\":\"language\""), std::string::npos) << bad->body;
}

TEST_F(LocalisedApiTest, EndUserErrorsAreInSpanishWithTheirCodesUnchanged) {
  auto bad = Get("/api/v1/search?type=nope&lang=es");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->get_header_value("Content-Language"), "es");
  rapidjson::Document doc = Json(bad);
  EXPECT_STREQ(doc["error"]["code"].GetString(), "invalid_parameter");
  EXPECT_STREQ(doc["error"]["param"].GetString(), "type");
  EXPECT_EQ(std::string(doc["error"]["message"].GetString()).rfind("valor desconocido 'nope'", 0),
            0u)
      << doc["error"]["message"].GetString();

  auto missing = Get("/api/v1/resources/no-such-thing", {{"Accept-Language", "es"}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Content-Language"), "es");
  EXPECT_NE(missing->get_header_value("Vary").find("Accept-Language"), std::string::npos);
  rapidjson::Document missing_doc = Json(missing);
  EXPECT_STREQ(missing_doc["error"]["code"].GetString(), "not_found");
  EXPECT_STREQ(missing_doc["error"]["message"].GetString(),
               "no hay ningún recurso con el id 'no-such-thing'");

  // A path no route serves, answered by the server itself.
  auto nothing = Get("/api/v1/nowhere", {{"Accept-Language", "es"}});
  ASSERT_TRUE(nothing);
  EXPECT_EQ(nothing->status, 404);
  EXPECT_STREQ(Json(nothing)["error"]["message"].GetString(), "aquí no hay nada: /api/v1/nowhere");

  // English readers get English, and say so.
  auto en = Get("/api/v1/search?type=nope");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
  EXPECT_EQ(std::string(Json(en)["error"]["message"].GetString()).rfind("unknown value", 0), 0u);
  // A bad lang= is reported in English (the reader's language is unknown).
  auto bad_lang = Get("/api/v1/taxonomy?lang=xx");
  ASSERT_TRUE(bad_lang);
  EXPECT_EQ(bad_lang->status, 400);
  EXPECT_STREQ(Json(bad_lang)["error"]["param"].GetString(), "lang");
}

TEST_F(LocalisedApiTest, ResourceAnswersCarryTheResourcesLanguage) {
  auto es = Get("/api/v1/resources/testigos-policia-confianza");
  ASSERT_TRUE(es);
  ASSERT_EQ(es->status, 200);
  EXPECT_EQ(es->get_header_value("Content-Language"), "es");
  auto en = Get("/api/v1/resources/witnesses-afraid-of-police", {{"Accept-Language", "es"}});
  ASSERT_TRUE(en);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
}

TEST_F(LocalisedApiTest, SpanishLayPhrasingsWidenOnlyASpanishSearch) {
  // "malas amistades" is not in any document: only the Spanish lay phrase of group-violence
  // (taxonomy.es.yaml) finds the Spanish mentoring programme.
  const std::string q = "q=mi+hijo+anda+con+malas+amistades&autocorrect=false&facets=";
  std::vector<std::string> es = Ids(Json(Get("/api/v1/search?language=es&" + q)));
  ASSERT_FALSE(es.empty());
  EXPECT_EQ(es.front(), "programa-jovenes-prevencion");
  std::vector<std::string> page_es = Ids(Json(Get("/api/v1/search?lang=es&" + q)));
  EXPECT_NE(std::find(page_es.begin(), page_es.end(), "programa-jovenes-prevencion"),
            page_es.end());
  // An English search does not read Spanish phrasings.
  EXPECT_TRUE(Ids(Json(Get("/api/v1/search?lang=en&" + q))).empty());
}

TEST_F(LocalisedApiTest, AToolkitRecordsItsLanguageAndExportsInIt) {
  httplib::Client client = server_->Client();
  auto created = client.Post(
      "/api/v1/toolkits",
      R"({"title": "Mi kit", "language": "es", "items": [{"resource_id": "programa-jovenes-prevencion", "note": "Para el barrio"}]})",
      "application/json");
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201) << created->body;
  rapidjson::Document doc = Json(created);
  EXPECT_STREQ(doc["language"].GetString(), "es");
  const std::string id = doc["id"].GetString();
  const std::string key = doc["edit_key"].GetString();

  auto md = client.Get("/api/v1/toolkits/" + id + "/export?format=md");
  ASSERT_TRUE(md);
  ASSERT_EQ(md->status, 200);
  EXPECT_EQ(md->get_header_value("Content-Language"), "es");
  EXPECT_NE(md->body.find("1 recurso"), std::string::npos) << md->body;
  EXPECT_NE(md->body.find("_Guía"), std::string::npos) << "type label from taxonomy.es.yaml";
  EXPECT_NE(md->body.find("**Nota:** Para el barrio"), std::string::npos);

  // Changeable: a PATCH sets another language, and the export follows.
  httplib::Headers auth = {{"Authorization", "Bearer " + key}};
  auto patched = client.Patch(("/api/v1/toolkits/" + id).c_str(), auth, R"({"language": "en"})",
                              "application/json");
  ASSERT_TRUE(patched);
  ASSERT_EQ(patched->status, 200) << patched->body;
  auto en = client.Get("/api/v1/toolkits/" + id + "/export?format=md");
  ASSERT_TRUE(en);
  EXPECT_EQ(en->get_header_value("Content-Language"), "en");
  EXPECT_NE(en->body.find("**Note:** Para el barrio"), std::string::npos) << en->body;

  // Without a language a toolkit is English; an unknown one is refused, naming the member.
  auto plain = client.Post("/api/v1/toolkits", R"({"title": "Plain"})", "application/json");
  ASSERT_TRUE(plain);
  EXPECT_STREQ(Json(plain)["language"].GetString(), "en");
  auto bad =
      client.Post("/api/v1/toolkits", R"({"title": "X", "language": "xx"})", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 422) << bad->body;
  EXPECT_STREQ(Json(bad)["error"]["param"].GetString(), "language");
}

}  // namespace
}  // namespace ch
