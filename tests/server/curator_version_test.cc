// The curator API's two guards that live outside the request: the version (If-Match) is the
// hash of the file on disk now, not what the index remembers, and the key file is the truth for
// keys, so a key revoked or created by another process (`clearinghouse-server keys ...`) counts
// at once, without a restart.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "base/hash.h"
#include "server/services/api_keys.h"
#include "server/services/curator_service.h"
#include "tests/support/child_process.h"
#include "tests/support/server_harness.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

// Sample data: a tiny corpus of our own, written into the test's temp folder.
class CuratorVersionTest : public ::testing::Test {
 protected:
  CuratorVersionTest() {
    corpus_ = dir_ / "corpus";
    test::CopyTaxonomy(corpus_);
    WriteResource("sample-lantern-guide", "Sample Lantern Guide", "Lanterns light the path.");
    WriteResource("sample-kite-guide", "Sample Kite Guide", "Kites fly in the wind.");
    test::ServerHarness::Options options;
    options.corpus = corpus_;
    options.curator = true;
    options.max_failed_auth = 1000;  // these tests fail authentication on purpose
    server_ = std::make_unique<test::ServerHarness>(options);
  }

  void WriteResource(const std::string& id, const std::string& title, const std::string& body) {
    test::WriteTextFile(File(id), test::ResourceMarkdown(title, "technology", body));
  }
  fs::path File(const std::string& id) { return fs::path(corpus_) / "resources" / (id + ".md"); }

  httplib::Headers Auth(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
  httplib::Result Get(const std::string& path, const std::string& key) {
    return server_->Client().Get(path.c_str(), Auth(key));
  }
  httplib::Result Put(const std::string& id, const std::string& body, const std::string& key,
                      const std::string& if_match) {
    httplib::Headers headers = Auth(key);
    headers.emplace("If-Match", if_match);
    return server_->Client().Put(("/api/v1/curator/resources/" + id).c_str(), headers, body,
                                 "text/markdown");
  }
  httplib::Result Delete(const std::string& id, const std::string& key,
                         const std::string& if_match) {
    httplib::Headers headers = Auth(key);
    headers.emplace("If-Match", if_match);
    return server_->Client().Delete(("/api/v1/curator/resources/" + id).c_str(), headers);
  }
  int AuditStatus(const std::string& key) {
    auto res = Get("/api/v1/curator/audit", key);
    EXPECT_TRUE(res) << "no answer from the server";
    return res ? res->status : 0;
  }
  // Runs `clearinghouse-server keys ARGS --data DATA_DIR` as its own process while the server
  // runs, waits for it to finish and returns what it printed.
  std::string RunKeysCommand(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {test::BinaryPath("bin/clearinghouse-server"), "keys"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--data");
    argv.push_back(server_->data_dir());
    test::ChildProcess child(argv);
    EXPECT_TRUE(test::WaitUntil([&] { return !child.running(); }, std::chrono::seconds(20)))
        << "keys command did not finish";
    return child.log();
  }

  test::TempDir dir_;
  std::string corpus_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(CuratorVersionTest, AFileEditedOnDiskMakesTheOldETagStale) {
  Result<std::string> key = server_->keys().Create("alice");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  auto source = Get("/api/v1/curator/resources/sample-lantern-guide/source", *key);
  ASSERT_TRUE(source);
  ASSERT_EQ(source->status, 200) << source->body;
  const std::string etag = source->get_header_value("ETag");
  ASSERT_EQ(etag, "\"" + Sha256Hex(test::ReadTextFile(File("sample-lantern-guide"))) + "\"");

  // Someone edits the file behind the server's back (a git pull, an editor); the index still
  // holds the old hash.
  const std::string edited = test::ResourceMarkdown("Sample Lantern Guide", "technology",
                                                    "Lanterns light the path. Edited on disk.");
  test::WriteTextFile(File("sample-lantern-guide"), edited);

  const std::string mine = test::ResourceMarkdown("Sample Lantern Guide", "technology",
                                                  "A change made from the stale copy.");
  auto put = Put("sample-lantern-guide", mine, *key, etag);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 412) << put->body;
  EXPECT_EQ(test::ReadTextFile(File("sample-lantern-guide")), edited) << "the edit was overwritten";

  auto del = Delete("sample-lantern-guide", *key, etag);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->status, 412) << del->body;
  EXPECT_TRUE(fs::exists(File("sample-lantern-guide"))) << "the edited file was deleted";

  // The version of the file as it is now is accepted.
  const std::string current = "\"" + Sha256Hex(edited) + "\"";
  auto fresh = Get("/api/v1/curator/resources/sample-lantern-guide/source", *key);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->get_header_value("ETag"), current);
  EXPECT_EQ(fresh->body, edited);
  auto put_current = Put("sample-lantern-guide", mine, *key, current);
  ASSERT_TRUE(put_current);
  EXPECT_EQ(put_current->status, 200) << put_current->body;
  EXPECT_EQ(test::ReadTextFile(File("sample-lantern-guide")), mine);
}

TEST_F(CuratorVersionTest, IfMatchStarNeedsAnExistingResource) {
  Result<std::string> key = server_->keys().Create("alice");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  const std::string doc = test::ResourceMarkdown("Sample New Guide", "technology", "New text.");
  auto missing = Put("sample-new-guide", doc, *key, "*");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 412) << missing->body;
  EXPECT_FALSE(fs::exists(File("sample-new-guide")));
  auto existing =
      Put("sample-kite-guide",
          test::ResourceMarkdown("Sample Kite Guide", "technology", "Changed."), *key, "*");
  ASSERT_TRUE(existing);
  EXPECT_EQ(existing->status, 200) << existing->body;
}

TEST(IfMatch, AcceptsTheVersionInEveryHeaderForm) {
  const std::string v = "abc123";
  EXPECT_TRUE(IfMatchAccepts("\"abc123\"", v));
  EXPECT_TRUE(IfMatchAccepts("W/\"abc123\"", v));
  EXPECT_TRUE(IfMatchAccepts("\"zzz\", \"abc123\"", v));
  EXPECT_TRUE(IfMatchAccepts("*", v));
  EXPECT_FALSE(IfMatchAccepts("\"abc12\"", v));
  EXPECT_FALSE(IfMatchAccepts("\"abc1234\"", v));
  EXPECT_FALSE(IfMatchAccepts("\"zzz\"", v));
  EXPECT_FALSE(IfMatchAccepts("*", "")) << "* means: the resource must exist";
  EXPECT_FALSE(IfMatchAccepts("\"\"", "")) << "an empty tag matches nothing";
  EXPECT_FALSE(IfMatchAccepts("", v));
}

TEST_F(CuratorVersionTest, AKeyRevokedByAnotherProcessStopsWorkingAtOnce) {
  Result<std::string> key = server_->keys().Create("alice");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_EQ(AuditStatus(*key), 200);
  std::string log = RunKeysCommand({"revoke", "alice"});
  ASSERT_NE(log.find("revoked alice"), std::string::npos) << log;
  EXPECT_EQ(AuditStatus(*key), 401) << "the server still accepts a key revoked on disk";
}

TEST_F(CuratorVersionTest, AKeyCreatedByAnotherProcessWorksAtOnce) {
  Result<std::string> first = server_->keys().Create("alice");  // so keys exist: 401, not 403
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::string log = RunKeysCommand({"create", "bob"});
  // The secret is the last line of the output.
  std::string trimmed = log.substr(0, log.find_last_not_of("\n") + 1);
  std::string secret = trimmed.substr(trimmed.find_last_of('\n') + 1);
  ASSERT_EQ(secret.rfind("chk_", 0), 0u) << log;
  EXPECT_EQ(AuditStatus(secret), 200);
  EXPECT_EQ(AuditStatus(*first), 200);
}

TEST_F(CuratorVersionTest, AKeyRevokedThroughASecondStoreStopsWorking) {
  Result<std::string> key = server_->keys().Create("alice");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  ASSERT_EQ(AuditStatus(*key), 200);
  ApiKeyStore second(server_->data_dir());  // as another process would open the same file
  ASSERT_TRUE(second.Revoke("alice").ok());
  EXPECT_EQ(AuditStatus(*key), 401);
  Result<std::string> name = server_->keys().Authenticate(*key);
  EXPECT_EQ(name.status().code(), Status::Code::kUnauthenticated);
}

TEST(ApiKeyStore, RevokedUnknownAndEmptyKeysAreRefused) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  EXPECT_EQ(keys.Authenticate("chk_anything").status().code(), Status::Code::kPermissionDenied)
      << "no keys at all";
  Result<std::string> alice = keys.Create("alice");
  Result<std::string> bob = keys.Create("bob");
  ASSERT_TRUE(alice.ok() && bob.ok());
  ASSERT_NE(*alice, *bob);
  auto name_of = [&](const std::string& secret) {
    Result<std::string> name = keys.Authenticate(secret);
    return name.ok() ? *name : "refused: " + name.status().ToString();
  };
  EXPECT_EQ(name_of(*alice), "alice");
  EXPECT_EQ(name_of(*bob), "bob");
  EXPECT_EQ(keys.Authenticate("").status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(keys.Authenticate(alice->substr(0, alice->size() - 1)).status().code(),
            Status::Code::kUnauthenticated);
  EXPECT_EQ(keys.Authenticate(*alice + "x").status().code(), Status::Code::kUnauthenticated);
  ASSERT_TRUE(keys.Revoke("alice").ok());
  EXPECT_EQ(keys.Authenticate(*alice).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(name_of(*bob), "bob") << "revoking one key leaves the others";
  EXPECT_EQ(keys.Revoke("alice").code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(keys.Create("alice").status().code(), Status::Code::kAlreadyExists)
      << "a revoked name cannot come back with a new secret";
  // The file keeps hashes only, never a secret.
  std::string file = test::ReadTextFile(keys.path());
  EXPECT_EQ(file.find(*bob), std::string::npos);
  EXPECT_NE(file.find(Sha256Hex(*bob)), std::string::npos);
}

}  // namespace
}  // namespace ch
