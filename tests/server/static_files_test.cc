// StaticFiles (server/http/static_files.h) without a socket: caching headers, and the site's own
// page for paths with no file. (The ETag and 304 are HttpServer's: tests/browser checks them.)
#include "server/http/static_files.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_util.h"

namespace ch {
namespace {

httplib::Request RequestFor(const std::string& path, const std::string& if_none_match = "") {
  httplib::Request req;
  req.method = "GET";
  req.path = path;
  req.target = path;
  if (!if_none_match.empty()) req.headers.emplace("If-None-Match", if_none_match);
  return req;
}

TEST(StaticFiles, FilesAreCachedButRevalidated) {
  test::TempDir web;
  test::WriteTextFile(web.path() / "app.js", "export const x = 1;");
  StaticFiles files(web.path().string());
  httplib::Response res;
  ASSERT_TRUE(files.Serve(RequestFor("/app.js"), res));
  ASSERT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "export const x = 1;");
  EXPECT_EQ(res.get_header_value("Cache-Control"), "no-cache");
  EXPECT_EQ(res.get_header_value_count("Cache-Control"), 1u);
}

// The service worker's policy is its own response header: without connect-src 'self' it could
// not fetch the app shell, and the data policy (default-src 'none') would block it.
TEST(StaticFiles, ScriptsCarryAWorkerPolicyAndTheManifestItsType) {
  test::TempDir web;
  test::WriteTextFile(web.path() / "sw.js", "self.addEventListener('fetch', () => {});");
  test::WriteTextFile(web.path() / "manifest.webmanifest", "{\"name\": \"Sample\"}");
  StaticFiles files(web.path().string());
  httplib::Response worker;
  ASSERT_TRUE(files.Serve(RequestFor("/sw.js"), worker));
  EXPECT_EQ(worker.get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(worker.get_header_value("Cache-Control"), "no-cache") << "updates must be found";
  std::string policy = worker.get_header_value("Content-Security-Policy");
  EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos) << policy;
  EXPECT_NE(policy.find("object-src 'none'"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe"), std::string::npos) << policy;
  httplib::Response manifest;
  ASSERT_TRUE(files.Serve(RequestFor("/manifest.webmanifest"), manifest));
  EXPECT_EQ(manifest.get_header_value("Content-Type"), "application/manifest+json");
}

TEST(StaticFiles, APathWithoutExtensionIsItsHtmlPage) {
  test::TempDir web;
  test::WriteTextFile(web.path() / "curate.html", "<!doctype html><title>Workspace</title>");
  test::WriteTextFile(web.path() / "notes", "a file without an extension");
  StaticFiles files(web.path().string());
  httplib::Response res;
  ASSERT_TRUE(files.Serve(RequestFor("/curate"), res));
  EXPECT_EQ(res.status, 200);
  EXPECT_NE(res.body.find("Workspace"), std::string::npos);
  EXPECT_EQ(res.get_header_value("Content-Type"), "text/html; charset=utf-8");
  httplib::Response plain;
  ASSERT_TRUE(files.Serve(RequestFor("/notes"), plain));
  EXPECT_EQ(plain.body, "a file without an extension");  // an existing file comes first
  httplib::Response missing;
  EXPECT_FALSE(files.Serve(RequestFor("/curate.js"), missing));
}

TEST(StaticFiles, UnknownPathsGetTheSitesNotFoundPage) {
  test::TempDir web;
  test::WriteTextFile(web.path() / "404.html", "<!doctype html><title>Page not found</title>");
  StaticFiles files(web.path().string());
  for (const char* path : {"/nope.html", "/a/b/c", "/../etc/passwd"}) {
    httplib::Response res;
    ASSERT_TRUE(files.Serve(RequestFor(path), res)) << path;
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(res.get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(res.body.find("Page not found"), std::string::npos) << path;
  }
  // Never for the API, whose errors are JSON.
  httplib::Response api;
  EXPECT_FALSE(files.Serve(RequestFor("/api/v1/nope"), api));
}

TEST(StaticFiles, WithoutANotFoundPageNothingIsServed) {
  test::TempDir web;
  StaticFiles files(web.path().string());
  httplib::Response res;
  EXPECT_FALSE(files.Serve(RequestFor("/nope.html"), res));
}

}  // namespace
}  // namespace ch
