// The OpenAPI document describes the server as it is: every documented route answers, and every
// response has exactly the documented fields with the documented types.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <set>

#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

class OpenApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new test::ServerHarness(test::LibraryPath());
    api_ = new test::OpenApiChecker(test::SourcePath("server/openapi.json"));
    ASSERT_TRUE(api_->valid()) << "server/openapi.json is not valid JSON";
  }
  static void TearDownTestSuite() {
    delete server_;
    delete api_;
  }

  // Requests `url` and checks the response against the document.
  void CheckResponse(const std::string& path_template, const std::string& url,
                     int expected_status) {
    httplib::Client client = server_->Client();
    auto res = client.Get(url);
    ASSERT_TRUE(res) << url;
    ASSERT_EQ(res->status, expected_status) << url << " " << res->body.substr(0, 300);
    for (const auto& e : api_->Check("get", path_template, *res)) ADD_FAILURE() << url << ": " << e;
  }

  static test::ServerHarness* server_;
  static test::OpenApiChecker* api_;
};
test::ServerHarness* OpenApiTest::server_ = nullptr;
test::OpenApiChecker* OpenApiTest::api_ = nullptr;

TEST_F(OpenApiTest, DocumentsExactlyTheServedRoutes) {
  std::set<std::string> documented;
  for (const auto& p : api_->document()["paths"].GetObject()) documented.insert(p.name.GetString());
  std::set<std::string> served = {"/api/v1/search",
                                  "/api/v1/suggest",
                                  "/api/v1/resources",
                                  "/api/v1/resources/{id}",
                                  "/api/v1/resources/{id}/related",
                                  "/api/v1/taxonomy",
                                  "/api/v1/compare",
                                  "/api/v1/changes",
                                  "/api/v1/openapi.json",
                                  "/feed.atom",
                                  "/healthz",
                                  "/readyz",
                                  "/metrics",
                                  "/api/v1/curator/resources",
                                  "/api/v1/curator/resources/{id}",
                                  "/api/v1/curator/resources/{id}/source",
                                  "/api/v1/curator/validate",
                                  "/api/v1/curator/audit",
                                  "/api/v1/curator/audit/versions/{hash}",
                                  "/api/v1/curator/session",
                                  "/api/v1/suggestions",
                                  "/api/v1/suggestions/form",
                                  "/api/v1/suggestions/{id}",
                                  "/api/v1/curator/suggestions",
                                  "/api/v1/curator/suggestions/{id}",
                                  "/api/v1/toolkits",
                                  "/api/v1/toolkits/featured",
                                  "/api/v1/toolkits/draft",
                                  "/api/v1/toolkits/{id}",
                                  "/api/v1/toolkits/{id}/copy",
                                  "/api/v1/toolkits/{id}/export"};
  EXPECT_EQ(documented, served);
  EXPECT_EQ(std::string(api_->document()["openapi"].GetString()).substr(0, 3), "3.1");
}

TEST_F(OpenApiTest, SuccessfulResponsesMatchTheirSchemas) {
  CheckResponse("/api/v1/search", "/api/v1/search?q=nibin&focus_area=gun-violence", 200);
  CheckResponse("/api/v1/search", "/api/v1/search?q=balistic", 200);
  CheckResponse("/api/v1/search", "/api/v1/search?sort=newest&per_page=100", 200);
  CheckResponse("/api/v1/suggest", "/api/v1/suggest?q=crime+gu", 200);
  CheckResponse("/api/v1/resources/{id}", "/api/v1/resources/nibin-lead-tracker-tool", 200);
  CheckResponse("/api/v1/taxonomy", "/api/v1/taxonomy", 200);
  CheckResponse("/api/v1/compare",
                "/api/v1/compare?ids=gvi-call-in-planning-guide,"
                "riverton-focused-deterrence-program-profile",
                200);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=0", 200);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=0&include=resources", 200);
  CheckResponse("/api/v1/resources/{id}/related",
                "/api/v1/resources/nibin-lead-tracker-tool/related", 200);
  CheckResponse("/api/v1/resources", "/api/v1/resources?ids=nibin-lead-tracker-tool,not-there",
                200);
  CheckResponse("/api/v1/openapi.json", "/api/v1/openapi.json", 200);
  CheckResponse("/feed.atom", "/feed.atom", 200);
  CheckResponse("/healthz", "/healthz", 200);
  CheckResponse("/readyz", "/readyz", 200);
  CheckResponse("/metrics", "/metrics", 200);
}

TEST_F(OpenApiTest, ErrorResponsesMatchTheErrorSchema) {
  CheckResponse("/api/v1/search", "/api/v1/search?per_page=1000", 400);
  CheckResponse("/api/v1/suggest", "/api/v1/suggest?x=1", 400);
  CheckResponse("/api/v1/resources/{id}", "/api/v1/resources/not-there", 404);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=-1", 400);
  CheckResponse("/api/v1/changes", "/api/v1/changes?since=0&epoch=0123456789abcdef0123456789abcdef",
                410);
  CheckResponse("/api/v1/resources", "/api/v1/resources?ids=a,,b", 400);
  CheckResponse("/api/v1/resources/{id}/related", "/api/v1/resources/not-there/related", 404);
  CheckResponse("/feed.atom", "/feed.atom?sort=sideways", 400);
}

// Route by route, every documented method: the errors any route can give (invalid UTF-8 in a
// parameter, a request line too long) are answered as openapi.json documents them.
TEST_F(OpenApiTest, EveryRouteAnswersItsCommonErrorsAsDocumented) {
  rapidjson::Document doc;
  doc.Parse(test::ReadTextFile(test::SourcePath("server/openapi.json")).c_str());
  int checked = 0;
  for (const auto& path : doc["paths"].GetObject()) {
    std::string tmpl = path.name.GetString();
    std::string url = tmpl;
    if (size_t at = url.find("{id}"); at != std::string::npos) {
      url.replace(at, 4, "nibin-lead-tracker-tool");
    }
    for (const auto& op : path.value.GetObject()) {
      std::string method = op.name.GetString();
      if (method == "parameters") continue;
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      for (const auto& [target, status] : std::vector<std::pair<std::string, int>>{
               {url + "?q=%FF", 400}, {url + "?q=" + std::string(9000, 'a'), 414}}) {
        httplib::Request req;
        req.method = upper;
        req.path = target;
        auto res = server_->Client().send(req);
        ASSERT_TRUE(res) << upper << " " << target.substr(0, 80);
        EXPECT_EQ(res->status, status) << upper << " " << target.substr(0, 80) << ": " << res->body;
        for (const auto& e : api_->Check(method, tmpl, *res)) ADD_FAILURE() << e;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 40);
}

}  // namespace
}  // namespace ch
