// The curator API over real HTTP: keys, validation, optimistic concurrency, the write path, and
// reads that keep working during writes.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <thread>

#include "base/hash.h"
#include "tests/support/openapi_checker.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

std::string Doc(const std::string& title, const std::string& body, const std::string& extra = "") {
  return test::ResourceMarkdown(title, "technology", body, extra);
}

class CuratorTest : public ::testing::Test {
 protected:
  CuratorTest() {
    corpus_ = corpus_dir_ / "corpus";
    test::CopyLibrary(corpus_);
    StartServer(10);
  }

  void StartServer(int max_failed_auth) {
    server_.reset();
    test::ServerHarness::Options options;
    options.corpus = corpus_;
    options.curator = true;
    options.max_failed_auth = max_failed_auth;
    // These tests write in bursts (500 writes in SearchesNeverFailDuring500Writes); the
    // per-address curator rate limit has its own tests in hostile_clients_test.cc.
    options.tune_http = [](HttpServerOptions& http) { http.write_limits.curator.per_period = 0; };
    server_ = std::make_unique<test::ServerHarness>(options);
  }

  std::string CreateKey(const std::string& name) {
    Result<std::string> key = server_->keys().Create(name);
    EXPECT_TRUE(key.ok()) << key.status().ToString();  // the calls made with "" then get 401
    return key.ok() ? *key : "";
  }

  httplib::Headers Auth(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }

  httplib::Result Post(const std::string& path, const std::string& body, const std::string& key,
                       const std::string& type = "text/markdown") {
    httplib::Client client = server_->Client();
    return client.Post(path.c_str(), Auth(key), body, type.c_str());
  }
  httplib::Result Put(const std::string& id, const std::string& body, const std::string& key,
                      const std::string& if_match = "") {
    httplib::Client client = server_->Client();
    httplib::Headers headers = Auth(key);
    if (!if_match.empty()) headers.emplace("If-Match", if_match);
    return client.Put(("/api/v1/curator/resources/" + id).c_str(), headers, body, "text/markdown");
  }
  httplib::Result Delete(const std::string& id, const std::string& key,
                         const std::string& if_match = "") {
    httplib::Client client = server_->Client();
    httplib::Headers headers = Auth(key);
    if (!if_match.empty()) headers.emplace("If-Match", if_match);
    return client.Delete(("/api/v1/curator/resources/" + id).c_str(), headers);
  }
  httplib::Result Get(const std::string& path, const std::string& key = "") {
    httplib::Client client = server_->Client();
    return client.Get(path.c_str(), key.empty() ? httplib::Headers{} : Auth(key));
  }
  // The number of search results for `q`; a test failure (and a number no test expects) when the
  // search does not answer with a total.
  uint64_t Total(const std::string& q) {
    auto res = Get("/api/v1/search?facets=&autocorrect=false&q=" + q);
    if (!res) {
      ADD_FAILURE() << "no answer from the server";
      return UINT64_MAX;
    }
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    if (!d.IsObject() || !d.HasMember("total") || !d["total"].IsUint64()) {
      ADD_FAILURE() << "no total in " << res->body;
      return UINT64_MAX;
    }
    return d["total"].GetUint64();
  }
  std::string ErrorCode(const httplib::Result& res) {
    if (!res) return "(no answer)";
    rapidjson::Document d;
    d.Parse(res->body.c_str());
    if (!d.IsObject() || !d.HasMember("error") || !d["error"].HasMember("code")) return "";
    return d["error"]["code"].GetString();
  }

  test::TempDir corpus_dir_;
  std::string corpus_;
  std::unique_ptr<test::ServerHarness> server_;
};

TEST_F(CuratorTest, WithoutAnyKeyCuratorRoutesSayHowToCreateOne) {
  auto res = Post("/api/v1/curator/resources", Doc("Zebra", "Zebra text."), "anything");
  ASSERT_TRUE(res) << "no answer from the server";
  EXPECT_EQ(res->status, 403);
  EXPECT_NE(res->body.find("clearinghouse-server keys create"), std::string::npos);
}

TEST_F(CuratorTest, EveryRouteNeedsAValidKey) {
  StartServer(1000);  // this test fails on purpose more often than the rate limit allows
  std::string good = CreateKey("alice");
  std::string revoked = CreateKey("bob");
  ASSERT_TRUE(server_->keys().Revoke("bob").ok());
  struct Call {
    const char* method;
    std::string path;
  };
  std::vector<Call> calls = {{"POST", "/api/v1/curator/resources"},
                             {"PUT", "/api/v1/curator/resources/nibin-lead-tracker-tool"},
                             {"DELETE", "/api/v1/curator/resources/nibin-lead-tracker-tool"},
                             {"GET", "/api/v1/curator/resources/nibin-lead-tracker-tool/source"},
                             {"POST", "/api/v1/curator/validate"},
                             {"GET", "/api/v1/curator/audit"}};
  for (const auto& call : calls) {
    for (const std::string& key : {std::string(), std::string("chk_wrong"), revoked}) {
      httplib::Client client = server_->Client();
      httplib::Headers headers;
      if (!key.empty()) headers = Auth(key);
      httplib::Request req;
      req.method = call.method;
      req.path = call.path;
      req.headers = headers;
      req.body = Doc("X", "Y.");
      req.set_header("Content-Type", "text/markdown");
      auto res = client.send(req);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 401) << call.method << " " << call.path << " key '" << key << "'";
      EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Bearer realm=\"curator\"");
    }
  }
  EXPECT_EQ(Get("/api/v1/curator/audit", good)->status, 200);
  EXPECT_EQ(Get("/api/v1/curator/resources/nibin-lead-tracker-tool/source", good)->status, 200);
  EXPECT_EQ(Get("/api/v1/search?q=nibin")->status, 200) << "public routes need no key";
}

TEST_F(CuratorTest, RepeatedFailuresFromOneAddressAreSlowedDown) {
  CreateKey("alice");
  int last = 0;
  for (int i = 0; i < 12; ++i) last = Get("/api/v1/curator/audit", "chk_guess")->status;
  EXPECT_EQ(last, 429);
  auto res = Get("/api/v1/curator/audit", "chk_guess");
  ASSERT_TRUE(res) << "no answer from the server";
  EXPECT_FALSE(res->get_header_value("Retry-After").empty());
}

TEST_F(CuratorTest, CreateChangeAndDeleteAreSearchableImmediately) {
  std::string key = CreateKey("alice");
  std::string markdown = Doc("Zebra Crossings and Pedestrian Safety", "Zebra crossings help.");
  auto created = Post("/api/v1/curator/resources", markdown, key);
  ASSERT_TRUE(created) << "no answer from the server";
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(created->get_header_value("Location"),
            "/api/v1/resources/zebra-crossings-and-pedestrian-safety");
  std::string etag = created->get_header_value("ETag");
  EXPECT_EQ(etag, "\"" + Sha256Hex(markdown) + "\"");
  EXPECT_EQ(Total("zebra"), 1u);
  EXPECT_TRUE(fs::exists(fs::path(corpus_) / "resources/zebra-crossings-and-pedestrian-safety.md"));

  auto source = Get("/api/v1/curator/resources/zebra-crossings-and-pedestrian-safety/source", key);
  ASSERT_TRUE(source) << "no answer from the server";
  EXPECT_EQ(source->body, markdown);
  EXPECT_EQ(source->get_header_value("ETag"), etag);
  EXPECT_EQ(source->get_header_value("Content-Type"), "text/markdown; charset=utf-8");

  std::string changed = Doc("Zebra Crossings and Pedestrian Safety", "Now about giraffes.");
  auto replaced = Put("zebra-crossings-and-pedestrian-safety", changed, key, etag);
  ASSERT_TRUE(replaced) << "no answer from the server";
  ASSERT_EQ(replaced->status, 200) << replaced->body;
  EXPECT_EQ(Total("giraffes"), 1u);
  EXPECT_EQ(Total("zebra"), 1u) << "the title still says zebra";

  auto deleted =
      Delete("zebra-crossings-and-pedestrian-safety", key, replaced->get_header_value("ETag"));
  EXPECT_EQ(deleted->status, 204);
  EXPECT_EQ(Total("giraffes"), 0u);
  EXPECT_FALSE(
      fs::exists(fs::path(corpus_) / "resources/zebra-crossings-and-pedestrian-safety.md"));
  EXPECT_EQ(Get("/api/v1/resources/zebra-crossings-and-pedestrian-safety")->status, 404);

  auto audit_res = Get("/api/v1/curator/audit?per_page=10", key);
  ASSERT_TRUE(audit_res) << "no answer from the server";
  rapidjson::Document audit;
  audit.Parse(audit_res->body.c_str());
  ASSERT_EQ(audit["total"].GetUint64(), 3u);
  EXPECT_EQ(std::string(audit["entries"][0]["action"].GetString()), "delete");
  EXPECT_EQ(std::string(audit["entries"][2]["action"].GetString()), "create");
  EXPECT_EQ(std::string(audit["entries"][2]["key"].GetString()), "alice");
  EXPECT_EQ(std::string(audit["entries"][2]["content_hash"].GetString()), Sha256Hex(markdown));
}

TEST_F(CuratorTest, ResponsesMatchTheOpenApiDocument) {
  test::OpenApiChecker api(test::SourcePath("server/openapi.json"));
  ASSERT_TRUE(api.valid());
  auto expect_documented = [&](const char* method, const char* path, const httplib::Result& res) {
    ASSERT_TRUE(res);
    for (const auto& e : api.Check(method, path, *res)) ADD_FAILURE() << e;
  };
  expect_documented("post", "/api/v1/curator/resources",
                    Post("/api/v1/curator/resources", Doc("A", "B."), "nokey"));  // 403
  std::string key = CreateKey("alice");
  expect_documented("post", "/api/v1/curator/resources",
                    Post("/api/v1/curator/resources", Doc("Otter Notes", "Otters."), key));
  expect_documented("post", "/api/v1/curator/resources",
                    Post("/api/v1/curator/resources", "---\ntitle: x\n---\nB\n", key));
  expect_documented("put", "/api/v1/curator/resources/{id}",
                    Put("otter-notes", Doc("Otter Notes", "More otters."), key));
  expect_documented("put", "/api/v1/curator/resources/{id}",
                    Put("otter-notes", Doc("Otter Notes", "Stale."), key, "\"0000\""));
  expect_documented("get", "/api/v1/curator/resources/{id}/source",
                    Get("/api/v1/curator/resources/otter-notes/source", key));
  expect_documented("post", "/api/v1/curator/validate",
                    Post("/api/v1/curator/validate", Doc("V", "V."), key));
  expect_documented("get", "/api/v1/curator/audit", Get("/api/v1/curator/audit", key));
  expect_documented("get", "/api/v1/curator/audit", Get("/api/v1/curator/audit", "chk_bad"));
  expect_documented("delete", "/api/v1/curator/resources/{id}", Delete("otter-notes", key));
  expect_documented("delete", "/api/v1/curator/resources/{id}", Delete("otter-notes", key));
}

TEST_F(CuratorTest, StaleIfMatchGets412AndChangesNothing) {
  std::string key = CreateKey("alice");
  auto source = Get("/api/v1/curator/resources/nibin-lead-tracker-tool/source", key);
  ASSERT_TRUE(source) << "no answer from the server";
  ASSERT_EQ(source->status, 200) << source->body;
  std::string etag = source->get_header_value("ETag");
  std::string first = source->body + "\nAn added paragraph about lanterns.\n";
  ASSERT_EQ(Put("nibin-lead-tracker-tool", first, key, etag)->status, 200);
  std::string second = source->body + "\nA competing paragraph about kites.\n";
  auto stale = Put("nibin-lead-tracker-tool", second, key, etag);
  ASSERT_TRUE(stale) << "no answer from the server";
  EXPECT_EQ(stale->status, 412);
  EXPECT_EQ(ErrorCode(stale), "precondition_failed");
  EXPECT_EQ(Total("kites"), 0u);
  EXPECT_EQ(Total("lanterns"), 1u);
  EXPECT_EQ(Delete("nibin-lead-tracker-tool", key, etag)->status, 412);
}

TEST_F(CuratorTest, ValidationErrorsReachTheClientWithTheirLine) {
  std::string key = CreateKey("alice");
  std::string bad =
      "---\ntitle: Bad\nsummary: S\ntype: guide\nfocus_areas: [moon]\n"
      "related: [no-such-thing]\n---\nBody.\n";
  auto res = Post("/api/v1/curator/resources", bad, key);
  ASSERT_TRUE(res) << "no answer from the server";
  ASSERT_EQ(res->status, 422) << res->body;
  rapidjson::Document d;
  d.Parse(res->body.c_str());
  EXPECT_EQ(std::string(d["error"]["code"].GetString()), "validation_failed");
  const auto& problems = d["error"]["problems"];
  ASSERT_EQ(problems.Size(), 2u);
  EXPECT_EQ(std::string(problems[0]["path"].GetString()), "body");
  EXPECT_EQ(problems[0]["line"].GetInt(), 5);
  EXPECT_EQ(std::string(problems[0]["field"].GetString()), "focus_areas");
  EXPECT_EQ(problems[0]["allowed"].Size(),
            server_->taxonomy().entries(Vocabulary::kFocusArea).size());
  EXPECT_EQ(problems[1]["line"].GetInt(), 6);
  EXPECT_EQ(std::string(problems[1]["field"].GetString()), "related");

  auto dry = Post("/api/v1/curator/validate", bad, key);
  ASSERT_TRUE(dry) << "no answer from the server";
  ASSERT_EQ(dry->status, 200);
  rapidjson::Document v;
  v.Parse(dry->body.c_str());
  EXPECT_FALSE(v["valid"].GetBool());
  EXPECT_EQ(v["problems"].Size(), 2u);
  auto good = Post("/api/v1/curator/validate", Doc("Fine", "Fine."), key);
  ASSERT_TRUE(good) << "no answer from the server";
  v.Parse(good->body.c_str());
  EXPECT_TRUE(v["valid"].GetBool());
  EXPECT_EQ(Total("fine"), 0u) << "a dry run changes nothing";
}

TEST_F(CuratorTest, BadRequestsGetClearStatuses) {
  std::string key = CreateKey("alice");
  EXPECT_EQ(Post("/api/v1/curator/resources", "{}", key, "application/json")->status, 415);
  auto huge = Post("/api/v1/curator/resources", std::string((1 << 20) + 10, 'a'), key);
  ASSERT_TRUE(huge) << "no answer from the server";
  EXPECT_EQ(huge->status, 413);
  auto existing = Post("/api/v1/curator/resources",
                       Doc("Anything", "Text.", "id: nibin-lead-tracker-tool\n"), key);
  ASSERT_TRUE(existing) << "no answer from the server";
  EXPECT_EQ(existing->status, 409);
  auto mismatch = Put("nibin-lead-tracker-tool", Doc("T", "B.", "id: another-id\n"), key);
  ASSERT_TRUE(mismatch) << "no answer from the server";
  EXPECT_EQ(mismatch->status, 422);
  EXPECT_EQ(Delete("never-existed", key)->status, 404);
  EXPECT_EQ(Get("/api/v1/curator/resources/never-existed/source", key)->status, 404);
}

TEST_F(CuratorTest, SearchesNeverFailDuring500Writes) {
  std::string key = CreateKey("alice");
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0}, failed_reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      httplib::Client client = server_->Client();
      while (!stop.load()) {
        auto res = client.Get("/api/v1/search?q=violence+prevention");
        ++reads;
        if (!res || res->status != 200) ++failed_reads;
      }
    });
  }
  int failed_writes = 0;
  for (int i = 0; i < 500; ++i) {
    std::string id = "bulk-" + std::to_string(i % 50);
    auto res = Put(
        id, Doc("Bulkdoc number " + std::to_string(i), "Write number " + std::to_string(i) + "."),
        key);
    if (!res || (res->status != 200 && res->status != 201)) ++failed_writes;
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failed_writes, 0);
  EXPECT_EQ(failed_reads.load(), 0) << "of " << reads.load();
  EXPECT_GT(reads.load(), 50);
  EXPECT_EQ(Total("bulkdoc"), 50u);
}

TEST_F(CuratorTest, TheCliCannotWriteWhileTheServerHoldsTheIndex) {
  std::string out;
  int status = test::RunCommand(test::BinaryPath("bin/clearinghouse-index") + " sync " + corpus_ +
                                    " --db " + server_->db_dir(),
                                &out);
  EXPECT_NE(status, 0);
  EXPECT_NE(out.find("is being written by test server"), std::string::npos) << out;
}

}  // namespace
}  // namespace ch
