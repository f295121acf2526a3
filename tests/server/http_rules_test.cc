// The smaller HTTP rules of issue 14: wrong methods on known paths are 405 with Allow (GET on a
// POST-only route too), POST routes refuse unknown query parameters, a chunked body over the
// limit is 413, and the Atom feed is gzip-compressed, has no 1970 dates and keeps its documented
// Cache-Control on a 304.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <filesystem>
#include <string>

#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

std::string ErrorCode(const httplib::Result& res) {
  if (!res) return "(no answer)";
  rapidjson::Document d;
  d.Parse(res->body.c_str());
  if (!d.IsObject() || !d.HasMember("error")) return "";
  return d["error"]["code"].GetString();
}

std::string Gunzip(const std::string& data) {
  httplib::detail::gzip_decompressor decompressor;
  std::string out;
  bool ok = decompressor.decompress(data.data(), data.size(), [&](const char* d, size_t n) {
    out.append(d, n);
    return true;
  });
  return ok ? out : "";
}

class HttpRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    std::string corpus = *dir_ / "corpus";
    test::CopyLibrary(corpus);
    // Sample data: a resource without any date.
    test::WriteTextFile(fs::path(corpus) / "resources/sample-undated-guide.md",
                        test::ResourceMarkdown("Sample undated guide", "technology",
                                               "A sample resource with no published date."));
    test::ServerHarness::Options options;
    options.corpus = corpus;
    options.curator = true;
    server_ = new test::ServerHarness(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static httplib::Result Send(const std::string& method, const std::string& path,
                              const std::string& body = "") {
    httplib::Request req;
    req.method = method;
    req.path = path;
    if (!body.empty()) {
      req.body = body;
      req.set_header("Content-Type", "application/json");
    }
    return server_->Client().send(req);
  }
  static void ExpectMethodNotAllowed(const std::string& method, const std::string& path,
                                     const std::string& allow) {
    auto res = Send(method, path);
    ASSERT_TRUE(res) << method << " " << path;
    EXPECT_EQ(res->status, 405) << method << " " << path << ": " << res->body;
    EXPECT_EQ(res->get_header_value("Allow"), allow) << method << " " << path;
    if (method != "HEAD") {
      EXPECT_EQ(ErrorCode(res), "method_not_allowed");
    }
  }

  static test::TempDir* dir_;
  static test::ServerHarness* server_;
};
test::TempDir* HttpRulesTest::dir_ = nullptr;
test::ServerHarness* HttpRulesTest::server_ = nullptr;

TEST_F(HttpRulesTest, WrongMethodsOnKnownPathsAre405WithAllow) {
  ExpectMethodNotAllowed("GET", "/api/v1/toolkits/draft", "POST");
  ExpectMethodNotAllowed("GET", "/api/v1/curator/validate", "POST");
  ExpectMethodNotAllowed("GET", "/api/v1/curator/resources", "POST");
  ExpectMethodNotAllowed("HEAD", "/api/v1/toolkits/draft", "POST");
  ExpectMethodNotAllowed("PUT", "/api/v1/search", "GET, HEAD");
  ExpectMethodNotAllowed("DELETE", "/api/v1/toolkits", "POST");
  ExpectMethodNotAllowed("POST", "/api/v1/curator/resources/some-id", "PUT, DELETE");
  // Routes with the right method still work.
  EXPECT_EQ(Send("GET", "/api/v1/toolkits/featured")->status, 200);
}

TEST_F(HttpRulesTest, PostRoutesRefuseUnknownQueryParameters) {
  auto created = Send("POST", "/api/v1/toolkits?titel=x", R"({"title":"Sample"})");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 400) << created->body;
  EXPECT_EQ(ErrorCode(created), "invalid_parameter");
  EXPECT_NE(created->body.find("titel"), std::string::npos);
  auto draft = Send("POST", "/api/v1/toolkits/draft?topic=x", R"({"topic":"firearms"})");
  ASSERT_TRUE(draft);
  EXPECT_EQ(draft->status, 400) << draft->body;
  auto ok = Send("POST", "/api/v1/toolkits?_=123", R"({"title":"Sample"})");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << "cache busters are still ignored: " << ok->body;
}

TEST_F(HttpRulesTest, AChunkedBodyOverTheLimitIs413) {
  httplib::Client client = server_->Client();
  const size_t total = 3u << 20;  // 3 MiB, over the 1 MiB body limit
  auto res = client.Post(
      "/api/v1/toolkits",
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset == 0) sink.write("{\"title\":\"", 10);
        std::string chunk(64 * 1024, 'a');
        if (offset + chunk.size() >= total) {
          sink.write(chunk.data(), chunk.size());
          sink.write("\"}", 2);
          sink.done();
          return true;
        }
        return sink.write(chunk.data(), chunk.size());
      },
      "application/json");
  ASSERT_TRUE(res) << "no answer";
  EXPECT_EQ(res->status, 413) << res->body.substr(0, 200);
  EXPECT_EQ(ErrorCode(res), "too_large");
  // Under the server-wide limit but over the toolkit routes' own 256 KiB: 413 too.
  std::string body = "{\"title\":\"" + std::string(300 * 1024, 'a') + "\"}";
  auto small = client.Post(
      "/api/v1/toolkits",
      [&](size_t offset, httplib::DataSink& sink) {
        sink.write(body.data() + offset, std::min<size_t>(65536, body.size() - offset));
        if (offset + 65536 >= body.size()) sink.done();
        return true;
      },
      "application/json");
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 413) << small->body.substr(0, 200);
}

TEST_F(HttpRulesTest, TheAtomFeedIsGzipped) {
  httplib::Client client = server_->Client();
  client.set_decompress(false);
  auto res = client.Get("/feed.atom", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  std::string xml = Gunzip(res->body);
  EXPECT_NE(xml.find("<feed xmlns=\"http://www.w3.org/2005/Atom\">"), std::string::npos);
  EXPECT_LT(res->body.size() * 2, xml.size()) << "not compressed";
  auto plain = client.Get("/feed.atom");
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->body, xml);
}

TEST_F(HttpRulesTest, TheFeedHasNo1970DatesAndItsEtagAnswersWithItsCacheControl) {
  auto res = server_->Client().Get("/feed.atom?q=sample+undated&per_page=100");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("Sample undated guide"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("1970"), std::string::npos) << res->body;
  auto all = server_->Client().Get("/feed.atom?per_page=100");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->body.find("1970"), std::string::npos);
  std::string etag = all->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  auto again = server_->Client().Get("/feed.atom?per_page=100", {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_EQ(again->get_header_value("Cache-Control"), "public, max-age=300");
}

}  // namespace
}  // namespace ch
