// ToolkitService over a real SQLite file and a fake directory: the whole API without HTTP.
#include "toolkits/toolkit_service.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"
#include "tests/toolkits/fake_directory.h"
#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/toolkit_json.h"
#include "toolkits/toolkit_keys.h"

namespace ch {
namespace {

using Code = Status::Code;

class ToolkitServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<SqliteToolkitStore>> store =
        SqliteToolkitStore::Open(dir_ / "toolkits.sqlite");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    directory_.AddNumbered(60);
    Toolkit featured;
    featured.id = "featured-one";
    featured.content.title = "A featured toolkit";
    featured.content.sections = {{"start", "Start"}};
    featured.content.items = {{"r1", "curated note", "start"}, {"r2", "", "start"}};
    featured_ = FeaturedToolkits({featured});
    ToolkitServiceOptions options;
    options.clock = [this] { return now_.load(); };
    service_ = std::make_unique<ToolkitService>(*store_, directory_, featured_, options);
  }

  CreatedToolkit MustCreate(const std::string& body) {
    Result<CreatedToolkit> made = service_->Create(body);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? std::move(made).value() : CreatedToolkit();
  }

  const std::string kBody = R"({"title": "Gun violence", "description": "For our unit",
      "sections": [{"id": "start", "title": "Start here"}],
      "items": [{"resource_id": "r1", "note": "Read first", "section_id": "start"},
                {"resource_id": "r2", "note": ""},
                {"resource_id": "r3", "note": "Later"}]})";

  test::TempDir dir_;
  std::unique_ptr<SqliteToolkitStore> store_;
  test::FakeDirectory directory_;
  FeaturedToolkits featured_;
  std::atomic<int64_t> now_{1700000000000};
  std::unique_ptr<ToolkitService> service_;
};

TEST_F(ToolkitServiceTest, CreateReturnsTheToolkitAndAOneTimeKey) {
  CreatedToolkit made = MustCreate(kBody);
  const Toolkit& t = made.toolkit.toolkit;
  EXPECT_TRUE(LooksLikeToolkitId(t.id)) << t.id;
  EXPECT_EQ(made.edit_key.size(), kEditKeyLength);
  EXPECT_EQ(t.version, 1);
  EXPECT_EQ(t.created_at_ms, 1700000000000);
  EXPECT_EQ(t.updated_at_ms, 1700000000000);
  ASSERT_EQ(made.toolkit.items.size(), 3u);
  EXPECT_TRUE(made.toolkit.items[0].available);
  EXPECT_EQ(made.toolkit.items[0].resource.title, "Resource 1");
  EXPECT_EQ(made.toolkit.items[0].resource.url, "https://example.org/r1");
  EXPECT_EQ(made.toolkit.items[0].item.note, "Read first");
  EXPECT_EQ(*store_->GetEditKeyHash(t.id), HashEditKey(made.edit_key));
}

TEST_F(ToolkitServiceTest, GetResolvesItemsAtReadTime) {
  CreatedToolkit made = MustCreate(kBody);
  directory_.Remove("r2");
  directory_.Remove("r1");
  directory_.Add(test::MakeSummary("r1", "Resource 1, second edition", "report"));
  Result<ResolvedToolkit> got = service_->Get(made.toolkit.toolkit.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->items.size(), 3u);
  EXPECT_EQ(got->items[0].resource.title, "Resource 1, second edition");
  EXPECT_EQ(got->items[0].resource.type, "report");
  EXPECT_FALSE(got->items[1].available);  // removed from the index: kept, marked
  EXPECT_EQ(got->items[1].item.resource_id, "r2");
  EXPECT_EQ(got->items[1].resource.id, "r2");
  EXPECT_TRUE(got->items[1].resource.title.empty());
  EXPECT_TRUE(got->items[2].available);
}

TEST_F(ToolkitServiceTest, UnknownResourceIdsAreAllListed) {
  Result<CreatedToolkit> made = service_->Create(
      R"({"title": "T", "items": [{"resource_id": "r1"}, {"resource_id": "no-such-thing"},
                                  {"resource_id": "r2"}, {"resource_id": "also-missing"}]})");
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(made.status().field(), "items");
  EXPECT_NE(made.status().message().find("'no-such-thing', 'also-missing'"), std::string::npos)
      << made.status().message();
}

TEST_F(ToolkitServiceTest, EditsMayKeepRemovedResourcesButNotAddUnknownOnes) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  directory_.Remove("r2");
  Result<ResolvedToolkit> patched =
      service_->Patch(id, made.edit_key, R"({"title": "Renamed"})", std::nullopt);
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_FALSE(patched->items[1].available);
  Result<ResolvedToolkit> replaced = service_->Replace(
      id, made.edit_key,
      R"({"title": "T", "items": [{"resource_id": "r2"}, {"resource_id": "ghost"}]})",
      std::nullopt);
  EXPECT_EQ(replaced.status().field(), "items");
  EXPECT_NE(replaced.status().message().find("'ghost'"), std::string::npos);
  EXPECT_EQ(replaced.status().message().find("'r2'"), std::string::npos);
  Result<ResolvedToolkit> added = service_->Patch(
      id, made.edit_key, R"({"add_items": [{"resource_id": "ghost"}]})", std::nullopt);
  EXPECT_EQ(added.status().field(), "items");
}

TEST_F(ToolkitServiceTest, EditKeyMissingIsUnauthenticatedAndWrongIsForbidden) {
  CreatedToolkit a = MustCreate(kBody);
  CreatedToolkit b = MustCreate(kBody);
  const std::string id = a.toolkit.toolkit.id;
  const std::string patch = R"({"title": "x"})";
  EXPECT_EQ(service_->Patch(id, "", patch, std::nullopt).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(service_->Patch(id, "wrong", patch, std::nullopt).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->Patch(id, b.edit_key, patch, std::nullopt).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->Replace(id, "", kBody, std::nullopt).status().code(), Code::kUnauthenticated);
  EXPECT_EQ(service_->Replace(id, b.edit_key, kBody, std::nullopt).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->Delete(id, "", std::nullopt).code(), Code::kUnauthenticated);
  EXPECT_EQ(service_->Delete(id, b.edit_key, std::nullopt).code(), Code::kPermissionDenied);
  EXPECT_EQ(service_->Authorize("AAAAAAAAAAAA", a.edit_key).code(), Code::kNotFound);
  EXPECT_TRUE(service_->Authorize(id, a.edit_key).ok());
  // Authorization comes before parsing: a stranger learns nothing about the body.
  EXPECT_EQ(service_->Patch(id, "wrong", "{not json", std::nullopt).status().code(),
            Code::kPermissionDenied);
  EXPECT_EQ(service_->Get(id)->toolkit.content.title, "Gun violence");
}

TEST_F(ToolkitServiceTest, ReplaceChangesEverythingAndBumpsTheVersion) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  now_ = 1700000005000;
  Result<ResolvedToolkit> r =
      service_->Replace(id, made.edit_key,
                        R"({"title": "New", "items": [{"resource_id": "r9", "note": "only"}]})", 1);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->toolkit.version, 2);
  EXPECT_EQ(r->toolkit.content.title, "New");
  EXPECT_TRUE(r->toolkit.content.sections.empty());
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].resource.title, "Resource 9");
  EXPECT_EQ(r->toolkit.created_at_ms, 1700000000000);
  EXPECT_EQ(r->toolkit.updated_at_ms, 1700000005000);
}

TEST_F(ToolkitServiceTest, StaleVersionsAreRejected) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  ASSERT_TRUE(service_->Patch(id, made.edit_key, R"({"title": "v2"})", 1).ok());
  Result<ResolvedToolkit> stale = service_->Patch(id, made.edit_key, R"({"title": "v3?"})", 1);
  EXPECT_EQ(stale.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(stale.status().field(), "version");
  // The version may come in the body instead (what GET returned, sent back).
  Result<ResolvedToolkit> body_stale =
      service_->Replace(id, made.edit_key, R"({"title": "x", "version": 1})", std::nullopt);
  EXPECT_EQ(body_stale.status().code(), Code::kFailedPrecondition);
  EXPECT_EQ(service_->Delete(id, made.edit_key, 1).code(), Code::kFailedPrecondition);
  EXPECT_EQ(service_->Get(id)->toolkit.content.title, "v2");
  EXPECT_TRUE(service_->Delete(id, made.edit_key, 2).ok());
}

TEST_F(ToolkitServiceTest, PatchAddsRemovesAndReorders) {
  CreatedToolkit made = MustCreate(kBody);
  Result<ResolvedToolkit> r = service_->Patch(made.toolkit.toolkit.id, made.edit_key, R"({
      "remove_items": ["r2"],
      "add_items": [{"resource_id": "r10", "note": "new", "section_id": "start", "position": 0}],
      "move_items": [{"resource_id": "r3", "to": 1}]})",
                                              std::nullopt);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::vector<std::string> ids;
  for (const auto& item : r->items) ids.push_back(item.item.resource_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"r10", "r3", "r1"}));
  EXPECT_EQ(r->items[0].resource.title, "Resource 10");
  EXPECT_EQ(r->toolkit.version, 2);
}

TEST_F(ToolkitServiceTest, DeleteRemovesTheToolkit) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  ASSERT_TRUE(service_->Delete(id, made.edit_key, std::nullopt).ok());
  EXPECT_EQ(service_->Get(id).status().code(), Code::kNotFound);
  EXPECT_EQ(service_->Delete(id, made.edit_key, std::nullopt).code(), Code::kNotFound);
}

TEST_F(ToolkitServiceTest, CopyForksWithANewIdAndKey) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  directory_.Remove("r3");  // a removed resource is copied too, still marked unavailable
  now_ = 1700000009000;
  Result<CreatedToolkit> copy = service_->Copy(id, "");
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  const Toolkit& c = copy->toolkit.toolkit;
  EXPECT_NE(c.id, id);
  EXPECT_NE(copy->edit_key, made.edit_key);
  EXPECT_EQ(c.copied_from, id);
  EXPECT_EQ(c.version, 1);
  EXPECT_EQ(c.created_at_ms, 1700000009000);
  EXPECT_EQ(c.content.title, "Gun violence");
  ASSERT_EQ(copy->toolkit.items.size(), 3u);
  EXPECT_FALSE(copy->toolkit.items[2].available);
  EXPECT_EQ(service_->Authorize(c.id, made.edit_key).code(), Code::kPermissionDenied);
  EXPECT_TRUE(service_->Authorize(c.id, copy->edit_key).ok());
  // Editing the copy leaves the original alone.
  ASSERT_TRUE(service_->Patch(c.id, copy->edit_key, R"({"title": "Mine"})", std::nullopt).ok());
  EXPECT_EQ(service_->Get(id)->toolkit.content.title, "Gun violence");
  Result<CreatedToolkit> named = service_->Copy(id, R"({"title": "Our copy"})");
  ASSERT_TRUE(named.ok());
  EXPECT_EQ(named->toolkit.toolkit.content.title, "Our copy");
  EXPECT_EQ(service_->Copy(id, R"({"title": ""})").status().field(), "title");
  EXPECT_EQ(service_->Copy("AAAAAAAAAAAA", "").status().code(), Code::kNotFound);
}

TEST_F(ToolkitServiceTest, FeaturedToolkitsAreReadableCopyableAndReadOnly) {
  Result<ResolvedToolkit> got = service_->Get("featured-one");
  ASSERT_TRUE(got.ok());
  EXPECT_TRUE(got->featured);
  EXPECT_EQ(got->items[0].resource.title, "Resource 1");
  EXPECT_EQ(service_->ListFeatured().size(), 1u);
  EXPECT_EQ(
      service_->Patch("featured-one", "any", R"({"title": "x"})", std::nullopt).status().code(),
      Code::kPermissionDenied);
  EXPECT_EQ(service_->Delete("featured-one", "any", std::nullopt).code(), Code::kPermissionDenied);
  Result<CreatedToolkit> copy = service_->Copy("featured-one", "");
  ASSERT_TRUE(copy.ok()) << copy.status().ToString();
  EXPECT_EQ(copy->toolkit.toolkit.copied_from, "featured-one");
  EXPECT_FALSE(copy->toolkit.featured);
  EXPECT_EQ(copy->toolkit.items[0].item.note, "curated note");
}

TEST_F(ToolkitServiceTest, BadInputIsReportedWithItsField) {
  struct Case {
    std::string body;
    Code code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"{\"title\": ", Code::kInvalidArgument, "body"},
      {"[]", Code::kInvalidArgument, "body"},
      {R"({"title": ""})", Code::kInvalidArgument, "title"},
      {R"({"title": ")" + std::string(201, 'x') + R"("})", Code::kInvalidArgument, "title"},
      {R"({"title": "t", "items": [{"resource_id": "r1", "note": ")" + std::string(2001, 'n') +
           R"("}]})",
       Code::kInvalidArgument, "items[0].note"},
      {R"({"title": "t", "items": [{"resource_id": "r1", "section_id": "nope"}]})",
       Code::kInvalidArgument, "items[0].section_id"},
      {R"({"title": "t", "items": [{"resource_id": "r1"}, {"resource_id": "r1"}]})",
       Code::kInvalidArgument, "items[1].resource_id"},
      {std::string(kMaxToolkitRequestBytes + 1, ' '), Code::kResourceExhausted, "body"},
  };
  for (const Case& c : cases) {
    Result<CreatedToolkit> made = service_->Create(c.body);
    EXPECT_EQ(made.status().code(), c.code) << c.body.substr(0, 80);
    EXPECT_EQ(made.status().field(), c.field)
        << c.body.substr(0, 80) << ": " << made.status().message();
  }
  std::string many = R"({"title": "t", "items": [)";
  for (int i = 0; i < 301; ++i)
    many += (i ? "," : "") + std::string(R"({"resource_id": "x)") + std::to_string(i) + "\"}";
  Result<CreatedToolkit> too_many = service_->Create(many + "]}");
  EXPECT_EQ(too_many.status().field(), "items");
  EXPECT_NE(too_many.status().message().find("300"), std::string::npos);
}

TEST_F(ToolkitServiceTest, UnknownToolkitsAreNotFound) {
  for (const char* id : {"AAAAAAAAAAAA", "../../etc/pw", "", "featured-two"}) {
    EXPECT_EQ(service_->Get(id).status().code(), Code::kNotFound) << id;
  }
}

TEST_F(ToolkitServiceTest, AnIndexThatIsDownIsUnavailableNotAnEmptyToolkit) {
  CreatedToolkit made = MustCreate(kBody);
  directory_.FailWith(Status::Unavailable("no index"));
  EXPECT_EQ(service_->Get(made.toolkit.toolkit.id).status().code(), Code::kUnavailable);
}

TEST_F(ToolkitServiceTest, ExportsInEveryFormat) {
  CreatedToolkit made = MustCreate(kBody);
  const std::string id = made.toolkit.toolkit.id;
  Result<ExportedFile> md = service_->Export(id, "md");
  ASSERT_TRUE(md.ok());
  EXPECT_EQ(md->content_type, "text/markdown; charset=utf-8");
  EXPECT_EQ(md->file_name, "gun-violence.md");
  EXPECT_EQ(service_->Export(id, "html")->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(service_->Export(id, "csv")->file_name, "gun-violence.csv");
  EXPECT_EQ(service_->Export(id, "json")->content_type, "application/json");
  EXPECT_EQ(service_->Export(id, "pdf").status().field(), "format");
  EXPECT_EQ(service_->Export("AAAAAAAAAAAA", "md").status().code(), Code::kNotFound);
}

TEST_F(ToolkitServiceTest, DraftsFromARequestBody) {
  Result<ResolvedToolkit> draft = service_->Draft(R"({"q": "resource", "size": 5})");
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_TRUE(draft->draft);
  EXPECT_EQ(draft->items.size(), 5u);
  EXPECT_EQ(service_->Draft(R"({"size": 31})").status().field(), "size");
  EXPECT_EQ(service_->Draft(R"({"size": 0})").status().field(), "size");
  // A draft can be saved as it is.
  Result<CreatedToolkit> saved = service_->Create(EncodeToolkit(*draft));
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->toolkit.items.size(), 5u);
}

// Several threads edit one toolkit: each reads the version, patches with it, and on
// FailedPrecondition reads again and retries. No edit may be lost.
TEST_F(ToolkitServiceTest, ConcurrentEditsWithVersionsLoseNothing) {
  CreatedToolkit made = MustCreate(R"({"title": "Shared", "items": []})");
  const std::string id = made.toolkit.toolkit.id;
  constexpr int kThreads = 6, kEdits = 8;
  std::atomic<int> failures{0}, retries{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int e = 0; e < kEdits; ++e) {
        const std::string rid = "r" + std::to_string(w * kEdits + e);
        while (true) {
          Result<ResolvedToolkit> current = service_->Get(id);
          if (!current.ok()) {
            ++failures;
            return;
          }
          Result<ResolvedToolkit> r = service_->Patch(
              id, made.edit_key, R"({"add_items": [{"resource_id": ")" + rid + R"("}]})",
              current->toolkit.version);
          if (r.ok()) break;
          if (r.status().code() != Code::kFailedPrecondition) {
            ++failures;
            return;
          }
          ++retries;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  Result<ResolvedToolkit> final_state = service_->Get(id);
  ASSERT_TRUE(final_state.ok());
  std::set<std::string> ids;
  for (const auto& item : final_state->items) ids.insert(item.item.resource_id);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEdits));
  EXPECT_EQ(final_state->toolkit.version, 1 + kThreads * kEdits);
}

// Without versions the service re-reads and re-applies a patch itself when it loses a race.
TEST_F(ToolkitServiceTest, ConcurrentPatchesWithoutVersionsAllLand) {
  ToolkitServiceOptions options;
  options.max_update_attempts = 1000;
  ToolkitService service(*store_, directory_, featured_, options);
  Result<CreatedToolkit> made = service.Create(R"({"title": "Shared"})");
  ASSERT_TRUE(made.ok());
  const std::string id = made->toolkit.toolkit.id;
  constexpr int kThreads = 5, kEdits = 6;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      for (int e = 0; e < kEdits; ++e) {
        const std::string rid = "r" + std::to_string(w * kEdits + e);
        Result<ResolvedToolkit> r =
            service.Patch(id, made->edit_key,
                          R"({"add_items": [{"resource_id": ")" + rid + R"("}]})", std::nullopt);
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(service.Get(id)->items.size(), static_cast<size_t>(kThreads * kEdits));
}

}  // namespace
}  // namespace ch
