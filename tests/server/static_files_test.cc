// StaticFiles (server/http/static_files.h) without a socket: caching headers, the site's own
// page for paths with no file, and stylesheets served inside the page (inline_styles.h). (The ETag
// and 304 are HttpServer's: tests/browser checks them.)
#include "server/http/static_files.h"

#include <gtest/gtest.h>

#include <string>

#include "base/hash.h"
#include "server/http/inline_styles.h"
#include "server/http/security_headers.h"
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

constexpr char kPolicy[] =
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; style-src 'self'; "
    "script-src 'self'\">";

std::string Page(const std::string& head) {
  return std::string("<!doctype html><html><head>") + kPolicy + head +
         "</head><body><p>Sample</p></body></html>";
}

TEST(InlineStylesheets, AMarkedLinkBecomesAStyleItsHashAllows) {
  const std::string css = "body { color: #123; }\n";
  std::string out =
      InlineStylesheets(Page("<link rel=\"stylesheet\" href=\"css/site.css\" data-inline>"),
                        [&](const std::string& path) -> Result<std::string> {
                          EXPECT_EQ(path, "css/site.css");
                          return css;
                        });
  EXPECT_NE(out.find("<style data-inline=\"css/site.css\">" + css + "</style>"), std::string::npos)
      << out;
  EXPECT_EQ(out.find("<link"), std::string::npos) << out;
  EXPECT_NE(out.find("style-src 'self' 'sha256-" + Sha256Base64(css) + "'; script-src"),
            std::string::npos)
      << out;
}

TEST(InlineStylesheets, LinksThatCannotBeInlinedStayLinks) {
  auto read = [](const std::string& path) -> Result<std::string> {
    if (path == "big.css") return std::string(kMaxInlineStyleBytes + 1, 'a');
    if (path == "breaks-out.css") return std::string("a{}</style><script>x()</script>");
    if (path == "site.css") return std::string("a{}");
    return Status::NotFound("no file " + path);
  };
  for (const std::string link : {
           "<link rel=\"stylesheet\" href=\"missing.css\" data-inline>",
           "<link rel=\"stylesheet\" href=\"big.css\" data-inline>",
           "<link rel=\"stylesheet\" href=\"breaks-out.css\" data-inline>",
           "<link rel=\"stylesheet\" href=\"site.css\">",  // not marked
       }) {
    const std::string page = Page(link);
    EXPECT_EQ(InlineStylesheets(page, read), page) << link;
  }
  // No style-src to allow it: inlining would leave the page unstyled.
  const std::string no_policy =
      "<!doctype html><head><link rel=\"stylesheet\" href=\"site.css\" data-inline></head>";
  EXPECT_EQ(InlineStylesheets(no_policy, read), no_policy);
  const std::string no_style_src =
      "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'\">"
      "<link rel=\"stylesheet\" href=\"site.css\" data-inline></head>";
  EXPECT_EQ(InlineStylesheets(no_style_src, read), no_style_src);
}

// Served pages (and the site's 404 page) carry the folder's stylesheet and a policy header that
// allows exactly it; a path outside the folder is never read.
TEST(StaticFiles, PagesCarryTheirMarkedStylesheetAllowedByTheirPolicy) {
  test::TempDir root;
  const std::string css = "main { margin: 0 auto; }\n";
  test::WriteTextFile(root.path() / "secret.css", "a { color: red; }");
  test::WriteTextFile(root.path() / "web" / "css" / "site.css", css);
  test::WriteTextFile(root.path() / "web" / "index.html",
                      Page("<link rel=\"stylesheet\" href=\"css/site.css\" data-inline>"));
  test::WriteTextFile(root.path() / "web" / "404.html",
                      Page("<link rel=\"stylesheet\" href=\"css/site.css\" data-inline>"));
  test::WriteTextFile(root.path() / "web" / "escape.html",
                      Page("<link rel=\"stylesheet\" href=\"../secret.css\" data-inline>"));
  StaticFiles files((root.path() / "web").string());
  for (const std::string path : {"/", "/no-such-page"}) {
    httplib::Response res;
    ASSERT_TRUE(files.Serve(RequestFor(path), res)) << path;
    EXPECT_NE(res.body.find("<style data-inline=\"css/site.css\">" + css), std::string::npos)
        << path << ": " << res.body;
    // The 404 page gets its header later, from its meta policy (security_headers.h).
    const std::string policy = res.has_header("Content-Security-Policy")
                                   ? res.get_header_value("Content-Security-Policy")
                                   : PageContentSecurityPolicy(res.body);
    EXPECT_NE(policy.find("style-src 'self' 'sha256-" + Sha256Base64(css) + "'"), std::string::npos)
        << path << ": " << policy;
  }
  httplib::Response escape;
  ASSERT_TRUE(files.Serve(RequestFor("/escape.html"), escape));
  EXPECT_EQ(escape.body.find("color: red"), std::string::npos) << escape.body;
  EXPECT_NE(escape.body.find("href=\"../secret.css\""), std::string::npos) << escape.body;
}

}  // namespace
}  // namespace ch
