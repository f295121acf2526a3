// Response compression (server/http/response_compression.h): the server never uses httplib's
// slow Brotli; clients that accept gzip get gzip, and the body decodes to exactly the file; the
// Atom feed is compressed once. (Revalidation, 304, is checked by tests/browser: httplib's client
// waits for the body that a 304's Content-Length describes.)
#include "server/http/response_compression.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

std::string Gunzip(const std::string& data) {
  httplib::detail::gzip_decompressor decompressor;
  std::string out;
  bool ok = decompressor.decompress(data.data(), data.size(), [&](const char* d, size_t n) {
    out.append(d, n);
    return true;
  });
  return ok ? out : "(not gzip)";
}

TEST(ResponseCompression, BrotliIsRemovedAndEverythingElseKept) {
  EXPECT_EQ(WithoutBrotli("gzip, deflate, br, zstd"), "gzip, deflate, zstd");
  EXPECT_EQ(WithoutBrotli("BR;q=1.0,gzip;q=0.5"), "gzip;q=0.5");
  EXPECT_EQ(WithoutBrotli("br"), "");
  EXPECT_EQ(WithoutBrotli(" br ; q=0 "), "");
  EXPECT_EQ(WithoutBrotli("gzip;q=0, identity"), "gzip;q=0, identity");
  EXPECT_EQ(WithoutBrotli("brotli, x-br"), "brotli, x-br");  // whole names only
  EXPECT_EQ(WithoutBrotli(""), "");
}

class CompressionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web_ = new test::TempDir();
    std::string script = "// sample module\n";
    for (int i = 0; i < 200; ++i) {
      script += "export const sample" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
    }
    test::WriteTextFile(web_->path() / "app.js", script);
    test::ServerHarness::Options options;
    options.web_dir = web_->path().string();
    options.corpus = (web_->path() / "corpus").string();
    test::CopyLibrary(options.corpus);
    server_ = new test::ServerHarness(options);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete web_;
  }
  static httplib::Result Get(const std::string& path, const std::string& accept) {
    httplib::Client client = server_->Client();
    client.set_decompress(false);
    httplib::Headers headers;
    if (!accept.empty()) headers.emplace("Accept-Encoding", accept);
    return client.Get(path, headers);
  }
  static test::TempDir* web_;
  static test::ServerHarness* server_;
};
test::TempDir* CompressionTest::web_ = nullptr;
test::ServerHarness* CompressionTest::server_ = nullptr;

TEST_F(CompressionTest, BrowsersGetGzipNeverBrotli) {
  auto plain = Get("/app.js", "identity");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  // What Chromium sends.
  auto gz = Get("/app.js", "gzip, deflate, br, zstd");
  ASSERT_TRUE(gz);
  ASSERT_EQ(gz->status, 200);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), plain->body.size() / 2);
  EXPECT_EQ(Gunzip(gz->body), plain->body);
  EXPECT_NE(gz->get_header_value("Vary").find("Accept-Encoding"), std::string::npos);
  // The API too.
  auto search = Get("/api/v1/search?q=sample&per_page=50", "gzip, deflate, br");
  ASSERT_TRUE(search);
  ASSERT_EQ(search->status, 200);
  EXPECT_EQ(search->get_header_value("Content-Encoding"), "gzip");
}

TEST_F(CompressionTest, AClientThatAcceptsOnlyBrotliGetsTheBodyAsItIs) {
  auto res = Get("/app.js", "br");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_FALSE(res->has_header("Content-Encoding"));
  EXPECT_EQ(res->body.substr(0, 17), "// sample module\n");
}

TEST_F(CompressionTest, TheAtomFeedIsCompressedOnce) {
  auto res = Get("/feed.atom", "gzip, deflate, br");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(Gunzip(res->body).substr(0, 5), "<?xml");
}

}  // namespace
}  // namespace ch
