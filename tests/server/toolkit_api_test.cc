// The toolkit API over real HTTP: create, read, change, copy, export and delete a toolkit, the
// featured list, drafts, every error status, removed resources, and concurrent edits.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <thread>

#include "indexer/index_writer.h"
#include "tests/support/server_harness.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

rapidjson::Document Json(const std::string& body) {
  rapidjson::Document d;
  d.Parse(body.c_str());
  return d;
}

class ToolkitApiTest : public ::testing::Test {
 protected:
  ToolkitApiTest() {
    corpus_ = dir_ / "corpus";
    test::CopyLibrary(corpus_);
    server_ = std::make_unique<test::ServerHarness>(corpus_);
  }
  httplib::Client Client() { return server_->Client(); }

  // Creates a toolkit; returns {id, edit_key}.
  // Creates a toolkit; returns {id, edit_key}, or two empty strings (and a test failure) when the
  // server did not create it, so that the test goes on to fail cleanly instead of crashing.
  std::pair<std::string, std::string> Create(const std::string& body) {
    auto res = Client().Post("/api/v1/toolkits", body, "application/json");
    if (!res) {
      ADD_FAILURE() << "no answer from the server";
      return {};
    }
    EXPECT_EQ(res->status, 201) << res->body;
    rapidjson::Document d = Json(res->body);
    if (!d.IsObject() || !d.HasMember("id") || !d["id"].IsString() || !d.HasMember("edit_key") ||
        !d["edit_key"].IsString()) {
      ADD_FAILURE() << "no id and edit_key in " << res->body;
      return {};
    }
    return {d["id"].GetString(), d["edit_key"].GetString()};
  }
  httplib::Headers Key(const std::string& key) { return {{"Authorization", "Bearer " + key}}; }
  std::string Code(const httplib::Result& res) {
    if (!res) return "(no answer)";
    rapidjson::Document d = Json(res->body);
    if (!d.IsObject() || !d.HasMember("error") || !d["error"].HasMember("code")) return "";
    return d["error"]["code"].GetString();
  }

  test::TempDir dir_;
  std::string corpus_;
  std::unique_ptr<test::ServerHarness> server_;
};

const char* kToolkit = R"({"title":"Gun crime toolkit","description":"For our CGIC.",
  "sections":[{"id":"start","title":"Start here"}],
  "items":[{"resource_id":"nibin-lead-follow-up-investigator-guide","note":"Read first.","section_id":"start"},
           {"resource_id":"etrace-firearm-tracing-fact-sheet","note":"Tracing, with \"quotes\", commas"}]})";

TEST_F(ToolkitApiTest, CreateReadChangeCopyExportAndDelete) {
  auto [id, key] = Create(kToolkit);
  ASSERT_EQ(id.size(), 12u);
  EXPECT_EQ(key.size(), 43u);

  auto read = Client().Get("/api/v1/toolkits/" + id);
  ASSERT_TRUE(read) << "no answer from the server";
  ASSERT_EQ(read->status, 200);
  rapidjson::Document t = Json(read->body);
  EXPECT_FALSE(t.HasMember("edit_key")) << "the key is shown only once";
  ASSERT_EQ(t["items"].Size(), 2u);
  EXPECT_TRUE(t["items"][0]["available"].GetBool());
  EXPECT_EQ(std::string(t["items"][0]["resource"]["type"].GetString()), "guide");
  EXPECT_EQ(t["version"].GetInt(), 1);

  auto patched = Client().Patch(
      ("/api/v1/toolkits/" + id).c_str(), Key(key),
      R"({"title":"Renamed","add_items":[{"resource_id":"nibin-lead-tracker-tool","position":0}]})",
      "application/json");
  ASSERT_TRUE(patched) << "no answer from the server";
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(patched->get_header_value("ETag"), "\"2\"");
  rapidjson::Document p = Json(patched->body);
  EXPECT_EQ(std::string(p["title"].GetString()), "Renamed");
  EXPECT_EQ(std::string(p["items"][0]["resource_id"].GetString()), "nibin-lead-tracker-tool");

  auto replaced =
      Client().Put(("/api/v1/toolkits/" + id).c_str(), Key(key),
                   R"({"title":"Replaced","items":[{"resource_id":"nibin-lead-tracker-tool"}]})",
                   "application/json");
  ASSERT_EQ(replaced->status, 200) << replaced->body;
  EXPECT_EQ(Json(replaced->body)["items"].Size(), 1u);

  auto copy = Client().Post(("/api/v1/toolkits/" + id + "/copy").c_str(), "", "application/json");
  ASSERT_TRUE(copy) << "no answer from the server";
  ASSERT_EQ(copy->status, 201) << copy->body;
  rapidjson::Document c = Json(copy->body);
  EXPECT_NE(std::string(c["id"].GetString()), id);
  EXPECT_EQ(std::string(c["copied_from"].GetString()), id);
  EXPECT_TRUE(c.HasMember("edit_key"));

  for (const auto& [format, type, extension] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"md", "text/markdown; charset=utf-8", ".md"},
           {"html", "text/html; charset=utf-8", ".html"},
           {"csv", "text/csv; charset=utf-8", ".csv"},
           {"json", "application/json", ".json"}}) {
    auto exported = Client().Get("/api/v1/toolkits/" + id + "/export?format=" + format);
    ASSERT_TRUE(exported) << "no answer from the server";
    ASSERT_EQ(exported->status, 200) << format;
    EXPECT_EQ(exported->get_header_value("Content-Type"), type);
    EXPECT_NE(exported->get_header_value("Content-Disposition").find("replaced" + extension),
              std::string::npos)
        << exported->get_header_value("Content-Disposition");
    EXPECT_NE(exported->body.find("NIBIN Lead Tracker"), std::string::npos) << format;
  }

  EXPECT_EQ(Client().Delete(("/api/v1/toolkits/" + id).c_str(), Key(key))->status, 204);
  EXPECT_EQ(Client().Get("/api/v1/toolkits/" + id)->status, 404);
}

TEST_F(ToolkitApiTest, FeaturedToolkitsAndDrafts) {
  auto featured = Client().Get("/api/v1/toolkits/featured");
  ASSERT_TRUE(featured) << "no answer from the server";
  ASSERT_EQ(featured->status, 200);
  rapidjson::Document f = Json(featured->body);
  size_t featured_files = 0;
  for (const auto& entry : fs::directory_iterator(test::LibraryPath("toolkits"))) {
    featured_files += entry.path().extension() == ".yaml";
  }
  ASSERT_GT(featured_files, 0u);
  ASSERT_EQ(f["toolkits"].Size(), featured_files) << "every featured file of the library loads";
  std::string first = f["toolkits"][0]["id"].GetString();
  EXPECT_EQ(Client().Get("/api/v1/toolkits/" + first)->status, 200);
  EXPECT_EQ(Client()
                .Post(("/api/v1/toolkits/" + first + "/copy").c_str(), "", "application/json")
                ->status,
            201);

  auto draft = Client().Post("/api/v1/toolkits/draft",
                             R"({"q":"gun violence","focus_areas":["gun-violence"],"size":8})",
                             "application/json");
  ASSERT_TRUE(draft) << "no answer from the server";
  ASSERT_EQ(draft->status, 200) << draft->body;
  rapidjson::Document d = Json(draft->body);
  EXPECT_TRUE(d["draft"].GetBool());
  ASSERT_EQ(d["items"].Size(), 8u);
  std::map<std::string, int> types;
  for (const auto& item : d["items"].GetArray()) ++types[item["resource"]["type"].GetString()];
  for (const auto& [type, n] : types) EXPECT_LE(n, 4) << type << " dominates the draft";
  EXPECT_GT(d["sections"].Size(), 1u);
  auto saved = Client().Post("/api/v1/toolkits", draft->body, "application/json");
  ASSERT_TRUE(saved) << "no answer from the server";
  EXPECT_EQ(saved->status, 201) << "a draft can be saved as it is: " << saved->body;
}

TEST_F(ToolkitApiTest, ErrorsHaveClearStatuses) {
  auto [id, key] = Create(kToolkit);
  ASSERT_FALSE(id.empty());
  auto unknown =
      Client().Post("/api/v1/toolkits",
                    R"({"title":"x","items":[{"resource_id":"nope-1"},{"resource_id":"nope-2"}]})",
                    "application/json");
  EXPECT_EQ(unknown->status, 422);
  EXPECT_NE(unknown->body.find("nope-1"), std::string::npos);
  EXPECT_NE(unknown->body.find("nope-2"), std::string::npos);
  auto malformed = Client().Post("/api/v1/toolkits", R"({"title": )", "application/json");
  ASSERT_TRUE(malformed) << "no answer from the server";
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(Code(malformed), "malformed_body");
  EXPECT_NE(malformed->body.find("line 1"), std::string::npos);
  auto long_title = Client().Post(
      "/api/v1/toolkits", "{\"title\":\"" + std::string(201, 't') + "\"}", "application/json");
  ASSERT_TRUE(long_title) << "no answer from the server";
  ASSERT_EQ(long_title->status, 422);
  EXPECT_EQ(Json(long_title->body)["error"]["param"].GetString(), std::string("title"));
  auto huge = Client().Post("/api/v1/toolkits", "{\"title\":\"" + std::string(300000, 't') + "\"}",
                            "application/json");
  ASSERT_TRUE(huge) << "no answer from the server";
  EXPECT_EQ(huge->status, 413);
  std::string path = "/api/v1/toolkits/" + id;
  EXPECT_EQ(Client().Put(path.c_str(), kToolkit, "application/json")->status, 401);
  EXPECT_EQ(Client().Put(path.c_str(), Key("wrong"), kToolkit, "application/json")->status, 403);
  httplib::Headers stale = Key(key);
  stale.emplace("If-Match", "\"7\"");
  EXPECT_EQ(Client().Put(path.c_str(), stale, kToolkit, "application/json")->status, 412);
  EXPECT_EQ(Client().Delete("/api/v1/toolkits/no-such-one", Key(key))->status, 404);
  EXPECT_EQ(Client().Get(path + "/export?format=pdf")->status, 400);
  auto featured_res = Client().Get("/api/v1/toolkits/featured");
  ASSERT_TRUE(featured_res) << "no answer from the server";
  auto featured = Json(featured_res->body);
  ASSERT_TRUE(featured.IsObject() && featured.HasMember("toolkits") &&
              featured["toolkits"].IsArray() && !featured["toolkits"].Empty())
      << featured_res->body;
  std::string curated = featured["toolkits"][0]["id"].GetString();
  EXPECT_EQ(Client().Delete(("/api/v1/toolkits/" + curated).c_str(), Key(key))->status, 403);
}

TEST_F(ToolkitApiTest, RemovedResourceStaysMarkedUnavailable) {
  auto [id, key] = Create(kToolkit);
  ASSERT_FALSE(id.empty());
  fs::remove(fs::path(corpus_) / "resources/etrace-firearm-tracing-fact-sheet.md");
  {
    auto writer = IndexWriter::Open(server_->db_dir(), server_->taxonomy(), {});
    ASSERT_TRUE(writer.ok());
    IndexReport report;
    // Other resources that named it in `related` now have an error and keep their old version.
    Status synced = (*writer)->Sync(corpus_, &report);
    EXPECT_EQ(report.removed, 1u) << synced.ToString();
  }
  server_->reader().NotifyChanged();
  auto read = Client().Get("/api/v1/toolkits/" + id);
  ASSERT_TRUE(read) << "no answer from the server";
  ASSERT_EQ(read->status, 200) << read->body;
  rapidjson::Document t = Json(read->body);
  ASSERT_EQ(t["items"].Size(), 2u);
  EXPECT_FALSE(t["items"][1]["available"].GetBool());
  EXPECT_TRUE(t["items"][1]["resource"].IsNull());
  EXPECT_EQ(Client().Get("/api/v1/toolkits/" + id + "/export?format=csv")->status, 200);
}

TEST_F(ToolkitApiTest, ConcurrentPatchesAllLand) {
  auto [id, key] = Create(R"({"title":"Shared"})");
  ASSERT_FALSE(id.empty());
  const std::vector<std::string> ids = {
      "nibin-lead-tracker-tool",     "etrace-firearm-tracing-fact-sheet",
      "gvi-call-in-planning-guide",  "vacant-lot-greening-fact-sheet",
      "cvi-program-startup-toolkit", "starting-a-crime-analysis-unit-guide"};
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (const auto& resource : ids) {
    threads.emplace_back([&, resource] {
      auto res = Client().Patch(("/api/v1/toolkits/" + id).c_str(), Key(key),
                                "{\"add_items\":[{\"resource_id\":\"" + resource + "\"}]}",
                                "application/json");
      if (!res || res->status != 200) ++failures;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto read = Client().Get("/api/v1/toolkits/" + id);
  ASSERT_TRUE(read) << "no answer from the server";
  ASSERT_EQ(read->status, 200) << read->body;
  rapidjson::Document t = Json(read->body);
  ASSERT_TRUE(t.IsObject() && t.HasMember("items") && t.HasMember("version")) << read->body;
  EXPECT_EQ(t["items"].Size(), ids.size()) << "no edit was lost";
  EXPECT_EQ(t["version"].GetInt(), 1 + static_cast<int>(ids.size()));
}

}  // namespace
}  // namespace ch
