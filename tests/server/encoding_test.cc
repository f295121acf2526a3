// Valid UTF-8 everywhere (issue 14, finding 7): invalid bytes in a request's path, parameters or
// body are answered 400 invalid_encoding, and no response carries invalid UTF-8, not even where
// the request is echoed (query_used, error messages).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "base/json_writer.h"
#include "base/utf8.h"
#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

class EncodingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    test::ServerHarness::Options options;
    options.corpus = test::LibraryPath();
    options.curator = true;
    server_ = new test::ServerHarness(options);
    key_ = new std::string(server_->keys().Create("encoding").value());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete key_;
  }
  // The request must be refused with 400 invalid_encoding, in valid UTF-8, saying `where`.
  static void ExpectRefused(const httplib::Result& res, const std::string& where) {
    ASSERT_TRUE(res) << "no answer";
    EXPECT_EQ(res->status, 400) << res->body;
    EXPECT_EQ(FindInvalidUtf8(res->body), std::string::npos) << "invalid UTF-8 in the answer";
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    ASSERT_TRUE(d.IsObject() && d.HasMember("error")) << res->body;
    EXPECT_STREQ(d["error"]["code"].GetString(), "invalid_encoding");
    EXPECT_NE(std::string(d["error"]["message"].GetString()).find(where), std::string::npos)
        << d["error"]["message"].GetString();
  }
  static httplib::Result Get(const std::string& target) {
    return server_->Client().Get(target.c_str());
  }

  static test::ServerHarness* server_;
  static std::string* key_;
};
test::ServerHarness* EncodingTest::server_ = nullptr;
std::string* EncodingTest::key_ = nullptr;

TEST_F(EncodingTest, InvalidBytesInAParameterAreRefused) {
  ExpectRefused(Get("/api/v1/search?q=caf%E9"), "parameter 'q'");
  ExpectRefused(Get("/api/v1/search?q=%C3"), "parameter 'q'");         // a sequence cut short
  ExpectRefused(Get("/api/v1/search?q=\xff\xfe"), "parameter 'q'");    // raw bytes, not encoded
  ExpectRefused(Get("/api/v1/suggest?q=%ED%A0%80"), "parameter 'q'");  // a surrogate
  ExpectRefused(Get("/api/v1/search?%FF=1"), "a query parameter's name");
  ExpectRefused(Get("/feed.atom?q=%FF"), "parameter 'q'");
  test::OpenApiChecker api(test::SourcePath("server/openapi.json"));
  auto res = Get("/api/v1/search?q=%FF");
  ASSERT_TRUE(res);
  for (const auto& e : api.Check("get", "/api/v1/search", *res)) ADD_FAILURE() << e;
}

TEST_F(EncodingTest, InvalidBytesInAPathAreRefusedNotEchoed) {
  ExpectRefused(Get("/api/v1/resources/%FF%FE"), "the request path");
  ExpectRefused(Get("/api/v1/toolkits/%C0%AF"), "the request path");  // an overlong form
  ExpectRefused(Get("/no-such-page-%FF"), "the request path");
}

TEST_F(EncodingTest, InvalidBytesInABodyAreRefused) {
  auto toolkit =
      server_->Client().Post("/api/v1/toolkits", "{\"title\":\"Sample \xff\"}", "application/json");
  ExpectRefused(toolkit, "the request body");
  httplib::Headers auth = {{"Authorization", "Bearer " + *key_}};
  auto curator = server_->Client().Post(
      "/api/v1/curator/resources", auth,
      test::ResourceMarkdown("Sample bad bytes", "technology", "Body \xe9t\xe9."), "text/markdown");
  ExpectRefused(curator, "the request body");
  EXPECT_EQ(Get("/api/v1/resources/sample-bad-bytes")->status, 404) << "it was stored";
}

TEST_F(EncodingTest, ValidTextIsEchoedIntact) {
  auto res = Get("/api/v1/search?q=reuniones+comunitarias+despu%C3%A9s&autocorrect=false");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(FindInvalidUtf8(res->body), std::string::npos);
  auto unknown = Get("/api/v1/search?caf%C3%A9=1");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(unknown->body.find("caf\xC3\xA9"), std::string::npos) << unknown->body;
}

TEST(JsonWriterEncodingTest, InvalidBytesBecomeReplacementCharacters) {
  JsonWriter w;
  w.StartObject();
  w.Field("query_used", std::string("caf\xe9 \xff\xfe ok"));
  w.Key("bad\xc3");
  w.String("\xE2\x80\x9Cvalid\xE2\x80\x9D");
  w.EndObject();
  std::string out = w.Take();
  EXPECT_EQ(FindInvalidUtf8(out), std::string::npos) << out;
  EXPECT_EQ(out,
            "{\"query_used\":\"caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD ok\",\"bad\xEF\xBF\xBD\":"
            "\"\xE2\x80\x9Cvalid\xE2\x80\x9D\"}");
}

}  // namespace
}  // namespace ch
