// Suggestions from the public over real HTTP: submitting, the private status link, the
// curators' review queue and decisions, every error path, the limits and the spam guards
// (honeypot, time on the form, per-address limit, the bounded queue).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "server/services/form_secret.h"
#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

std::string Code(const httplib::Result& res) {
  if (!res) return "(no answer)";
  rapidjson::Document d = Json(res->body);
  if (!d.IsObject() || !d.HasMember("error")) return "(no error: " + res->body + ")";
  return d["error"]["code"].GetString();
}

std::string Param(const httplib::Result& res) {
  if (!res) return "(no answer)";
  rapidjson::Document d = Json(res->body);
  if (!d.IsObject() || !d.HasMember("error") || !d["error"].HasMember("param")) return "";
  return d["error"]["param"].GetString();
}

// A JSON string literal (the tests' own text only: no control characters).
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

class SuggestionApiTest : public ::testing::Test {
 protected:
  // min_seconds 0 and no per-address limit, unless a test asks otherwise.
  void Start(int min_seconds = 0, double per_hour = 0, int64_t max_open = 5000,
             int max_age_seconds = 24 * 3600) {
    test::ServerHarness::Options o;
    o.corpus = test::LibraryPath();
    o.curator = true;
    o.tune_http = [per_hour](HttpServerOptions& http) {
      http.write_limits.suggestion.per_period = per_hour;
    };
    o.tune_app = [=](AppOptions& app) {
      app.suggestions.min_form_seconds = min_seconds;
      app.suggestions.max_open = max_open;
      app.suggestions.max_form_age_seconds = max_age_seconds;
    };
    server_ = std::make_unique<test::ServerHarness>(o);
    key_ = *server_->keys().Create("alice");
  }
  httplib::Client Client() { return server_->Client(); }
  httplib::Headers Auth() { return {{"Authorization", "Bearer " + key_}}; }

  std::string FormToken() {
    auto res = Client().Get("/api/v1/suggestions/form");
    EXPECT_TRUE(res && res->status == 200);
    if (!res) return "";
    for (const auto& e : api_.Check("get", "/api/v1/suggestions/form", *res)) ADD_FAILURE() << e;
    return Json(res->body)["form_token"].GetString();
  }
  // `extra` members follow; a "why" in them replaces the default one.
  std::string Body(const std::string& title, const std::string& url, const std::string& extra = "",
                   const std::string& token = "") {
    std::string why =
        extra.find("\"why\"") == std::string::npos ? ",\"why\":\"Sample data for tests.\"" : "";
    return "{\"title\":" + Quote(title) + ",\"url\":" + Quote(url) + why +
           ",\"form_token\":" + Quote(token.empty() ? FormToken() : token) + extra + "}";
  }
  httplib::Result Post(const std::string& body) {
    return Client().Post("/api/v1/suggestions", body, "application/json");
  }
  // Submits a valid suggestion; returns {id, token}.
  std::pair<std::string, std::string> Submit(const std::string& title = "A sample guide") {
    auto res =
        Post(Body(title, "https://example.org/sample-guide", ",\"email\":\"me@example.org\""));
    if (!res || res->status != 201) {
      ADD_FAILURE() << (res ? res->body : "no answer");
      return {};
    }
    for (const auto& e : api_.Check("post", "/api/v1/suggestions", *res)) ADD_FAILURE() << e;
    rapidjson::Document d = Json(res->body);
    return {d["id"].GetString(), d["token"].GetString()};
  }
  httplib::Result Patch(const std::string& id, const std::string& body,
                        httplib::Headers headers = {}) {
    for (const auto& h : Auth()) headers.insert(h);
    return Client().Patch("/api/v1/curator/suggestions/" + id, headers, body, "application/json");
  }
  int64_t QueueTotal() {
    auto res = Client().Get("/api/v1/curator/suggestions", Auth());
    return res && res->status == 200 ? Json(res->body)["total"].GetInt64() : -1;
  }

  test::OpenApiChecker api_{test::SourcePath("server/openapi.json")};
  std::unique_ptr<test::ServerHarness> server_;
  std::string key_;
};

TEST_F(SuggestionApiTest, SubmitterFollowsTheStatusThroughThePrivateLinkOnly) {
  Start();
  auto [id, token] = Submit();
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(token.size(), 43u);
  auto res = Client().Get("/api/v1/suggestions/" + id + "?token=" + token);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  for (const auto& e : api_.Check("get", "/api/v1/suggestions/{id}", *res)) ADD_FAILURE() << e;
  rapidjson::Document d = Json(res->body);
  EXPECT_STREQ(d["status"].GetString(), "new");
  EXPECT_STREQ(d["title"].GetString(), "A sample guide");
  EXPECT_FALSE(d.HasMember("email")) << "the public view never shows the email";
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  // A wrong token, no token, and an unknown id all get the same 404.
  std::string wrong = token;
  wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
  EXPECT_EQ(Client().Get("/api/v1/suggestions/" + id + "?token=" + wrong)->status, 404);
  EXPECT_EQ(Client().Get("/api/v1/suggestions/" + id)->status, 404);
  EXPECT_EQ(Client().Get("/api/v1/suggestions/AAAAAAAAAAAA?token=" + token)->status, 404);
  EXPECT_EQ(Code(Client().Get("/api/v1/suggestions/" + id + "?token=" + token + "&x=1")),
            "invalid_parameter");
}

TEST_F(SuggestionApiTest, RefusesAFormSentTooSoonOrTooLateOrNotIssuedHere) {
  Start(/*min_seconds=*/1, 0, 5000, /*max_age_seconds=*/3);
  std::string token = FormToken();
  auto soon = Post(Body("Too soon", "https://example.org/a", "", token));
  EXPECT_EQ(soon->status, 422) << soon->body;
  EXPECT_EQ(Param(soon), "form_token");
  EXPECT_NE(soon->body.find("at least 1 seconds"), std::string::npos) << soon->body;
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // Old enough now: forged, altered or missing tokens are still refused.
  // The same signature with the time moved by a millisecond (the digit before the second dot).
  std::string moved = token;
  size_t second_dot = moved.find('.', 3);
  moved[second_dot - 1] = moved[second_dot - 1] == '0' ? '1' : '0';
  std::string resigned = token.substr(0, token.size() - 1) + (token.back() == '0' ? "1" : "0");
  for (const std::string& forged :
       {std::string("f1.0.abc"), std::string("hello"), resigned, moved}) {
    auto res = Post(Body("Forged", "https://example.org/a", "", forged));
    EXPECT_EQ(res->status, 422) << forged;
    EXPECT_EQ(Param(res), "form_token") << forged;
  }
  EXPECT_EQ(Post(Body("In time", "https://example.org/a", "", token))->status, 201);
  std::this_thread::sleep_for(std::chrono::milliseconds(2000));
  auto late = Post(Body("Too late", "https://example.org/a", "", token));
  EXPECT_EQ(late->status, 422);
  EXPECT_NE(late->body.find("expired"), std::string::npos) << late->body;
  // No token at all.
  auto missing = Post("{\"title\":\"No token\",\"url\":\"https://example.org/a\"}");
  EXPECT_EQ(missing->status, 422);
  EXPECT_EQ(Param(missing), "form_token");
  EXPECT_EQ(QueueTotal(), 1);
}

TEST_F(SuggestionApiTest, AFilledHoneypotIsRefusedAndNothingIsStored) {
  Start();
  auto res = Post(Body("Bot", "https://example.org/spam", ",\"website\":\"https://spam.example\""));
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(Param(res), "website");
  EXPECT_EQ(QueueTotal(), 0);
  // Present but empty is what the real form sends.
  EXPECT_EQ(Post(Body("Person", "https://example.org/a", ",\"website\":\"\""))->status, 201);
  EXPECT_EQ(QueueTotal(), 1);
}

TEST_F(SuggestionApiTest, RejectsEveryInvalidFieldWithItsName) {
  Start();
  struct Case {
    std::string body;
    int status;
    std::string param;
  };
  const std::string ok_url = "https://example.org/a";
  std::vector<Case> cases = {
      {Body("", ok_url), 422, "title"},
      {Body(std::string(301, 't'), ok_url), 422, "title"},
      {Body("Title", "javascript:alert(1)"), 422, "url"},
      {Body("Title", "ftp://example.org/x"), 422, "url"},
      {Body("Title", "https://"), 422, "url"},
      {Body("Title", "https://example.org/" + std::string(2000, 'a')), 422, "url"},
      {Body("Title", ok_url, ",\"email\":\"not an email\""), 422, "email"},
      {Body("Title", ok_url, ",\"why\":" + Quote(std::string(4001, 'w'))), 422, "why"},
      {Body("Title", ok_url, ",\"title2\":\"x\""), 422, "title2"},
      {Body("Title", ok_url, ",\"title\":\"again\""), 422, "title"},
      {Body("Title", ok_url, ",\"why\":12"), 422, "why"},
      {"{\"title\":", 400, "body"},
      {"[1,2]", 400, "body"},
  };
  for (const Case& c : cases) {
    auto res = Post(c.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << c.body.substr(0, 120) << " -> " << res->body;
    EXPECT_EQ(Param(res), c.param) << c.body.substr(0, 120);
  }
  EXPECT_EQ(QueueTotal(), 0);
}

TEST_F(SuggestionApiTest, ABodyOver16KiBGets413BeforeAnythingElse) {
  Start();
  auto res = Post(
      Body("Title", "https://example.org/a", ",\"why\":" + Quote(std::string(17 * 1024, 'w'))));
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Code(res), "too_large");
  // Exactly at the limit of 4,000 characters passes.
  EXPECT_EQ(
      Post(Body("Title", "https://example.org/a", ",\"why\":" + Quote(std::string(4000, 'w'))))
          ->status,
      201);
}

TEST_F(SuggestionApiTest, OneAddressGetsFiveAtOnceThen429WithRetryAfter) {
  Start(0, /*per_hour=*/10);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Post(Body("S", "https://example.org/a"))->status, 201) << i;
  auto res = Post(Body("S", "https://example.org/a"));
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(Code(res), "rate_limited");
  EXPECT_FALSE(res->get_header_value("Retry-After").empty());
  EXPECT_EQ(QueueTotal(), 5);
}

TEST_F(SuggestionApiTest, AFullReviewQueueAnswers503) {
  Start(0, 0, /*max_open=*/2);
  Submit("One");
  auto [id, token] = Submit("Two");
  auto res = Post(Body("Three", "https://example.org/a"));
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(Code(res), "unavailable");
  // A decision frees a place.
  ASSERT_EQ(Patch(id, R"({"status":"declined","reason":"Out of scope"})")->status, 200);
  EXPECT_EQ(Post(Body("Three", "https://example.org/a"))->status, 201);
}

TEST_F(SuggestionApiTest, CuratorsListFilterAndReadTheQueueWithAKeyOnly) {
  Start();
  auto [first, t1] = Submit("First");
  auto [second, t2] = Submit("Second");
  EXPECT_EQ(Client().Get("/api/v1/curator/suggestions")->status, 401);
  EXPECT_EQ(Client().Get("/api/v1/curator/suggestions/" + first)->status, 401);
  EXPECT_EQ(
      Client().Patch("/api/v1/curator/suggestions/" + first, "{}", "application/json")->status,
      401);
  auto list = Client().Get("/api/v1/curator/suggestions?status=new&per_page=1", Auth());
  ASSERT_EQ(list->status, 200) << list->body;
  for (const auto& e : api_.Check("get", "/api/v1/curator/suggestions", *list)) ADD_FAILURE() << e;
  rapidjson::Document d = Json(list->body);
  EXPECT_EQ(d["total"].GetInt(), 2);
  ASSERT_EQ(d["suggestions"].Size(), 1u);
  EXPECT_STREQ(d["suggestions"][0]["id"].GetString(), second.c_str()) << "newest first";
  EXPECT_STREQ(d["suggestions"][0]["email"].GetString(), "me@example.org");
  EXPECT_EQ(Code(Client().Get("/api/v1/curator/suggestions?status=maybe", Auth())),
            "invalid_parameter");
  EXPECT_EQ(Code(Client().Get("/api/v1/curator/suggestions?per_page=0", Auth())),
            "invalid_parameter");
  EXPECT_EQ(Code(Client().Get("/api/v1/curator/suggestions?sort=x", Auth())), "invalid_parameter");
  auto one = Client().Get("/api/v1/curator/suggestions/" + first, Auth());
  ASSERT_EQ(one->status, 200);
  for (const auto& e : api_.Check("get", "/api/v1/curator/suggestions/{id}", *one)) {
    ADD_FAILURE() << e;
  }
  EXPECT_EQ(one->get_header_value("ETag"), "\"1\"");
  EXPECT_EQ(Client().Get("/api/v1/curator/suggestions/nosuchsugges", Auth())->status, 404);
}

TEST_F(SuggestionApiTest, DeclineNeedsAReasonThatTheSubmitterSees) {
  Start();
  auto [id, token] = Submit();
  auto no_reason = Patch(id, R"({"status":"declined"})");
  EXPECT_EQ(no_reason->status, 422);
  EXPECT_EQ(Param(no_reason), "reason");
  auto declined = Patch(id, R"({"status":"declined","reason":"We list only free resources."})");
  ASSERT_EQ(declined->status, 200) << declined->body;
  for (const auto& e : api_.Check("patch", "/api/v1/curator/suggestions/{id}", *declined)) {
    ADD_FAILURE() << e;
  }
  EXPECT_STREQ(Json(declined->body)["decided_by"].GetString(), "alice");
  rapidjson::Document seen =
      Json(Client().Get("/api/v1/suggestions/" + id + "?token=" + token)->body);
  EXPECT_STREQ(seen["status"].GetString(), "declined");
  EXPECT_STREQ(seen["reason"].GetString(), "We list only free resources.");
  EXPECT_FALSE(seen.HasMember("decided_by"));
  // The decision is in the audit log.
  auto audit = Client().Get("/api/v1/curator/audit", Auth());
  EXPECT_NE(audit->body.find("suggestion_declined"), std::string::npos) << audit->body;
}

TEST_F(SuggestionApiTest, PublishedNeedsAnExistingResourceAndShowsItsLink) {
  Start();
  auto [id, token] = Submit();
  auto accepted = Patch(id, R"({"status":"accepted"})");
  ASSERT_EQ(accepted->status, 200);
  EXPECT_EQ(accepted->get_header_value("ETag"), "\"2\"");
  auto none = Patch(id, R"({"status":"published"})");
  EXPECT_EQ(Param(none), "resource_id");
  auto unknown = Patch(id, R"({"status":"published","resource_id":"no-such-resource"})");
  EXPECT_EQ(unknown->status, 422);
  EXPECT_EQ(Param(unknown), "resource_id");
  auto published =
      Patch(id, R"({"status":"published","resource_id":"crime-mapping-basics-webinar"})");
  ASSERT_EQ(published->status, 200) << published->body;
  rapidjson::Document seen =
      Json(Client().Get("/api/v1/suggestions/" + id + "?token=" + token)->body);
  EXPECT_STREQ(seen["status"].GetString(), "published");
  EXPECT_STREQ(seen["resource_url"].GetString(), "/resource.html?id=crime-mapping-basics-webinar");
}

TEST_F(SuggestionApiTest, TwoCuratorsDecidingAtOnceCannotBothWin) {
  Start();
  auto [id, token] = Submit();
  ASSERT_EQ(Patch(id, R"({"status":"accepted"})", {{"If-Match", "\"1\""}})->status, 200);
  auto stale = Patch(id, R"({"status":"declined","reason":"dup"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale->status, 412);
  EXPECT_EQ(Code(stale), "precondition_failed");
  auto stale_body = Patch(id, R"({"status":"declined","reason":"dup","version":1})");
  EXPECT_EQ(stale_body->status, 412);
  EXPECT_EQ(Code(Patch(id, R"({"status":"new"})", {{"If-Match", "one"}})), "invalid_parameter");
  EXPECT_EQ(Patch(id, R"({"status":"maybe"})")->status, 422);
  EXPECT_EQ(Patch(id, R"({"status":"new","extra":1})")->status, 422);
  EXPECT_EQ(Patch(id, R"({"status":)")->status, 400);
  EXPECT_EQ(Patch("nosuchsugges", R"({"status":"new"})")->status, 404);
}

TEST_F(SuggestionApiTest, EveryInvalidDecisionIsRefusedWithItsNameAndChangesNothing) {
  Start();
  auto [id, token] = Submit();
  struct Case {
    std::string body;
    int status;
    std::string param;
  };
  std::vector<Case> cases = {
      {"{}", 422, "status"},
      {R"({"status":5})", 422, "status"},
      {R"({"status":"accepted","status":"new"})", 422, "status"},
      {R"({"status":"declined","reason":7})", 422, "reason"},
      {R"({"status":"declined","reason":)" + Quote(std::string(1001, 'r')) + "}", 422, "reason"},
      {R"({"status":"declined","reason":"   "})", 422, "reason"},
      {R"({"status":"accepted","version":0})", 422, "version"},
      {R"({"status":"accepted","version":"1"})", 422, "version"},
      {R"({"status":"accepted","version":1.5})", 422, "version"},
      {R"({"status":"published","resource_id":)" + Quote(std::string(121, 'r')) + "}", 422,
       "resource_id"},
      {R"({"status":"published","resource_id":3})", 422, "resource_id"},
      {"[\"accepted\"]", 400, "body"},
  };
  for (const Case& c : cases) {
    auto res = Patch(id, c.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, c.status) << c.body.substr(0, 80) << " -> " << res->body;
    EXPECT_EQ(Param(res), c.param) << c.body.substr(0, 80);
  }
  auto big = Patch(id, R"({"status":"declined","reason":")" + std::string(17 * 1024, 'r') + "\"}");
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(Code(big), "too_large");
  // Nothing changed: still new, still version 1.
  rapidjson::Document one = Json(Client().Get("/api/v1/curator/suggestions/" + id, Auth())->body);
  EXPECT_STREQ(one["status"].GetString(), "new");
  EXPECT_EQ(one["version"].GetInt(), 1);
  // A reason of exactly 1,000 characters is enough, and the submitter sees all of it.
  auto declined = Patch(
      id, R"({"status":"declined","version":1,"reason":)" + Quote(std::string(1000, 'r')) + "}");
  ASSERT_EQ(declined->status, 200) << declined->body;
  rapidjson::Document seen =
      Json(Client().Get("/api/v1/suggestions/" + id + "?token=" + token)->body);
  EXPECT_EQ(std::string(seen["reason"].GetString()), std::string(1000, 'r'));
}

TEST_F(SuggestionApiTest, TheQueueRefusesPagesOutsideItsLimits) {
  Start();
  Submit();
  for (const char* bad : {"page=0", "page=x", "per_page=201", "per_page=-1", "status="}) {
    auto res = Client().Get(std::string("/api/v1/curator/suggestions?") + bad, Auth());
    ASSERT_TRUE(res);
    if (std::string(bad) == "status=") {
      EXPECT_EQ(res->status, 200) << "an empty status means all";
      continue;
    }
    EXPECT_EQ(res->status, 400) << bad << " -> " << res->body;
    EXPECT_EQ(Code(res), "invalid_parameter") << bad;
  }
  auto most = Client().Get("/api/v1/curator/suggestions?per_page=200&page=1000000", Auth());
  ASSERT_EQ(most->status, 200) << most->body;
  EXPECT_EQ(Json(most->body)["suggestions"].Size(), 0u);
  EXPECT_EQ(Json(most->body)["total"].GetInt(), 1);
  // Titles that are not text, or hide a NUL, are refused at submission.
  for (const std::string& title : {std::string("5"), std::string("\"a\\u0000b\"")}) {
    auto res = Post("{\"title\":" + title + ",\"url\":\"https://example.org/a\",\"form_token\":" +
                    Quote(FormToken()) + "}");
    EXPECT_EQ(res->status, 422) << title;
    EXPECT_EQ(Param(res), "title") << title;
  }
}

// Several nodes behind one load balancer: a form opened on one node is sent to another.
TEST(SuggestionFormSecretTest, ATokenFromOneNodeIsAcceptedByANodeSharingTheSecretFileOnly) {
  test::TempDir secrets;
  const std::string shared = secrets / "shared";
  const std::string other = secrets / "other";
  test::WriteTextFile(shared, std::string(48, 'a') + "\n");
  test::WriteTextFile(other, std::string(48, 'b') + "\n");
  auto node = [](const std::string& secret_file) {
    test::ServerHarness::Options o;
    o.corpus = test::LibraryPath();
    o.tune_app = [secret_file](AppOptions& app) {
      app.suggestions.min_form_seconds = 0;
      app.form_secret_file = secret_file;
    };
    return std::make_unique<test::ServerHarness>(o);
  };
  auto a = node(shared);
  auto b = node(shared);
  auto c = node(other);
  auto form = a->Client().Get("/api/v1/suggestions/form");
  ASSERT_TRUE(form && form->status == 200);
  const std::string token = Json(form->body)["form_token"].GetString();
  auto body = [&](const std::string& title) {
    return "{\"title\":" + Quote(title) +
           ",\"url\":\"https://example.org/a\",\"form_token\":" + Quote(token) + "}";
  };
  auto refused = c->Client().Post("/api/v1/suggestions", body("To C"), "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 422) << "a node with another secret refuses the token";
  EXPECT_EQ(Param(refused), "form_token");
  auto accepted = b->Client().Post("/api/v1/suggestions", body("To B"), "application/json");
  ASSERT_TRUE(accepted);
  EXPECT_EQ(accepted->status, 201) << accepted->body;
}

// Without --form-secret-file the secret is made in the data folder and survives a restart.
TEST(SuggestionFormSecretTest, ARestartKeepsTheDataFolderSecretSoOpenFormsStillWork) {
  test::TempDir data;
  std::string token;
  auto node = [&] {
    test::ServerHarness::Options o;
    o.corpus = test::LibraryPath();
    o.tune_app = [&](AppOptions& app) {
      app.suggestions.min_form_seconds = 0;
      app.data_dir = data.path().string();
    };
    return std::make_unique<test::ServerHarness>(o);
  };
  {
    auto before = node();
    auto form = before->Client().Get("/api/v1/suggestions/form");
    ASSERT_TRUE(form && form->status == 200);
    token = Json(form->body)["form_token"].GetString();
  }
  EXPECT_EQ(std::filesystem::status(data / kFormSecretFileName).permissions() &
                std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto after = node();
  auto res = after->Client().Post(
      "/api/v1/suggestions",
      "{\"title\":\"After a restart\",\"url\":\"https://example.org/a\",\"form_token\":" +
          Quote(token) + "}",
      "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

// A --form-secret-file that does not exist stops the start, naming the file.
TEST(SuggestionFormSecretTest, AMissingSecretFileIsRefusedAtStart) {
  test::TempDir dir;
  AppOptions options;
  options.corpus_dir = test::LibraryPath();
  options.db_dir = dir / "index";
  options.data_dir = dir / "data";
  options.read_only = true;
  options.form_secret_file = dir / "no-such-secret";
  Result<std::unique_ptr<App>> app = App::Open(options);
  ASSERT_FALSE(app.ok());
  EXPECT_EQ(app.status().code(), Status::Code::kNotFound);
  EXPECT_NE(
      app.status().message().find("--form-secret-file: form secret file " + dir / "no-such-secret"),
      std::string::npos)
      << app.status().message();
}

}  // namespace
}  // namespace ch
