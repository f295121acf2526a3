// What the curator workspace (/curate) needs from the curator API: the preview's body_html from
// validate, whose key is signed in, the audit log filtered by resource and curator, and the
// text of each saved version for the audit page's diffs (kept, bounded, pruned oldest first).
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <thread>

#include "server/services/audit_log.h"
#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

const char* kDoc = R"(---
title: "Sample: Workspace Audit"
summary: "Sample data for tests."
type: guide
focus_areas: [gun-violence]
---
## Heading

Text.
)";

class CuratorWorkspaceTest : public ::testing::Test {
 protected:
  CuratorWorkspaceTest() {
    test::ServerHarness::Options o;
    o.corpus = corpus_;
    o.curator = true;
    test::CopyLibrary(corpus_);
    server_ = std::make_unique<test::ServerHarness>(o);
    alice_ = *server_->keys().Create("alice");
    bob_ = *server_->keys().Create("bob");
  }
  httplib::Headers Auth(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
  httplib::Result Get(const std::string& path, const std::string& key) {
    return server_->Client().Get(path, Auth(key));
  }
  httplib::Result Put(const std::string& id, const std::string& body, const std::string& key) {
    return server_->Client().Put("/api/v1/curator/resources/" + id, Auth(key), body,
                                 "text/markdown");
  }

  test::TempDir dir_;
  std::string corpus_ = dir_ / "corpus";
  std::unique_ptr<test::ServerHarness> server_;
  std::string alice_, bob_;
  test::OpenApiChecker api_{test::SourcePath("server/openapi.json")};
};

TEST_F(CuratorWorkspaceTest, ValidateReturnsTheBodyAsTheResourcePageRendersIt) {
  auto res = server_->Client().Post("/api/v1/curator/validate", Auth(alice_),
                                    std::string(kDoc) + "<script>x</script>\n", "text/markdown");
  ASSERT_EQ(res->status, 200) << res->body;
  for (const auto& e : api_.Check("post", "/api/v1/curator/validate", *res)) ADD_FAILURE() << e;
  std::string html = Json(res->body)["body_html"].GetString();
  EXPECT_NE(html.find("<h2>Heading</h2>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script>"), std::string::npos) << "sanitised, as on the resource page";
}

TEST_F(CuratorWorkspaceTest, SessionNamesTheKeyAndNeedsOne) {
  auto res = Get("/api/v1/curator/session", bob_);
  ASSERT_EQ(res->status, 200);
  for (const auto& e : api_.Check("get", "/api/v1/curator/session", *res)) ADD_FAILURE() << e;
  EXPECT_STREQ(Json(res->body)["key"].GetString(), "bob");
  EXPECT_EQ(server_->Client().Get("/api/v1/curator/session")->status, 401);
}

TEST_F(CuratorWorkspaceTest, AuditKeepsEachVersionAndTheOneAnUpdateReplaced) {
  const std::string id = "sample-workspace-audit";
  ASSERT_EQ(Put(id, kDoc, alice_)->status, 201);
  std::string edited = std::string(kDoc) + "More text.\n";
  ASSERT_EQ(Put(id, edited, bob_)->status, 200);
  auto audit = Get("/api/v1/curator/audit?id=" + id, alice_);
  ASSERT_EQ(audit->status, 200);
  for (const auto& e : api_.Check("get", "/api/v1/curator/audit", *audit)) ADD_FAILURE() << e;
  rapidjson::Document d = Json(audit->body);
  ASSERT_EQ(d["entries"].Size(), 2u);
  const auto& update = d["entries"][0];
  const auto& create = d["entries"][1];
  EXPECT_STREQ(update["action"].GetString(), "update");
  EXPECT_STREQ(update["previous_hash"].GetString(), create["content_hash"].GetString());
  EXPECT_FALSE(create.HasMember("previous_hash"));
  auto before = Get(
      std::string("/api/v1/curator/audit/versions/") + update["previous_hash"].GetString(), alice_);
  ASSERT_EQ(before->status, 200);
  EXPECT_EQ(before->body, kDoc);
  auto after = Get(
      std::string("/api/v1/curator/audit/versions/") + update["content_hash"].GetString(), alice_);
  EXPECT_EQ(after->body, edited);
  // Filters, and the errors.
  auto bobs = Json(Get("/api/v1/curator/audit?key=bob", alice_)->body);
  ASSERT_EQ(bobs["entries"].Size(), 1u);
  EXPECT_STREQ(bobs["entries"][0]["action"].GetString(), "update");
  EXPECT_EQ(Get("/api/v1/curator/audit/versions/../../curator-keys.json", alice_)->status, 404);
  EXPECT_EQ(Get("/api/v1/curator/audit/versions/ABC", alice_)->status, 400);
  EXPECT_EQ(Get("/api/v1/curator/audit/versions/" + std::string(64, 'a'), alice_)->status, 404);
  EXPECT_EQ(
      server_->Client()
          .Get(std::string("/api/v1/curator/audit/versions/") + update["content_hash"].GetString())
          ->status,
      401);
}

TEST(AuditLogVersions, KeepsAtMostTheLimitDroppingTheOldest) {
  test::TempDir dir;
  AuditLog log(dir.path().string(), AuditVersionLimits{2, 1 << 20});
  const std::string a(64, 'a'), b(64, 'b'), c(64, 'c');
  ASSERT_TRUE(log.KeepVersion(a, "first").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(log.KeepVersion(b, "second").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(log.KeepVersion(c, "third").ok());
  EXPECT_EQ(log.ReadVersion(a).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(*log.ReadVersion(b), "second");
  EXPECT_EQ(*log.ReadVersion(c), "third");
  EXPECT_EQ(log.KeepVersion("../x", "no").code(), Status::Code::kInvalidArgument);
}

TEST(AuditLogVersions, KeepsAtMostTheByteLimit) {
  test::TempDir dir;
  AuditLog log(dir.path().string(), AuditVersionLimits{100, 10});
  ASSERT_TRUE(log.KeepVersion(std::string(64, 'a'), "12345678").ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(log.KeepVersion(std::string(64, 'b'), "12345678").ok());
  EXPECT_FALSE(log.ReadVersion(std::string(64, 'a')).ok());
  EXPECT_TRUE(log.ReadVersion(std::string(64, 'b')).ok()) << "the newest is always kept";
}

}  // namespace
}  // namespace ch
