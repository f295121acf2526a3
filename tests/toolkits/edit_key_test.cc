// The edit key guards every change to a saved toolkit, whether or not the caller also sends the
// version it read (If-Match). A right version is no substitute for the key: Delete, Patch and
// Replace (both the JSON and the parsed forms) refuse a missing, wrong or other toolkit's key,
// and leave the toolkit exactly as it was.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/test_util.h"
#include "tests/toolkits/fake_directory.h"
#include "toolkits/sqlite_toolkit_store.h"
#include "toolkits/toolkit_json.h"
#include "toolkits/toolkit_service.h"

namespace ch {
namespace {

using Code = Status::Code;

class EditKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<SqliteToolkitStore>> store =
        SqliteToolkitStore::Open(dir_ / "toolkits.sqlite");
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    directory_.AddNumbered(5);
    Toolkit featured;
    featured.id = "featured-one";
    featured.content.title = "A featured toolkit";
    featured.content.items = {{"r1", "", ""}};
    featured_ = FeaturedToolkits({featured});
    service_ = std::make_unique<ToolkitService>(*store_, directory_, featured_);
    Result<CreatedToolkit> mine = service_->Create(kBody);
    ASSERT_TRUE(mine.ok()) << mine.status().ToString();
    id_ = mine->toolkit.toolkit.id;
    key_ = mine->edit_key;
    Result<CreatedToolkit> other = service_->Create(kBody);
    ASSERT_TRUE(other.ok()) << other.status().ToString();
    other_key_ = other->edit_key;
    ASSERT_NE(key_, other_key_);
  }

  // Every kind of change, each with the toolkit's current version (1) as If-Match.
  struct Change {
    const char* name;
    std::function<Status(const std::string& id, const std::string& key)> run;
  };
  std::vector<Change> ChangesWithVersion() {
    const std::optional<int64_t> v1 = 1;
    ToolkitContent content;
    content.title = "Taken over";
    content.items = {{"r4", "", ""}};
    ToolkitPatch patch;
    patch.title = "Taken over";
    return {
        {"Delete", [=, this](auto& id, auto& key) { return service_->Delete(id, key, v1); }},
        {"Patch (JSON)",
         [=, this](auto& id, auto& key) {
           return service_->Patch(id, key, R"({"title": "Taken over"})", v1).status();
         }},
        {"Patch (parsed)",
         [=, this](auto& id, auto& key) { return service_->Patch(id, key, patch, v1).status(); }},
        {"Replace (JSON)",
         [=, this](auto& id, auto& key) {
           return service_->Replace(id, key, R"({"title": "Taken over"})", v1).status();
         }},
        {"Replace (parsed)",
         [=, this](auto& id, auto& key) {
           return service_->Replace(id, key, content, v1).status();
         }},
        {"Patch (version in the body only)",
         [=, this](auto& id, auto& key) {
           return service_->Patch(id, key, R"({"title": "Taken over", "version": 1})", std::nullopt)
               .status();
         }},
        {"Replace (version in the body only)",
         [=, this](auto& id, auto& key) {
           return service_
               ->Replace(id, key, R"({"title": "Taken over", "version": 1})", std::nullopt)
               .status();
         }},
    };
  }

  // The toolkit is still there, at version 1, with its title and items.
  void ExpectUnchanged(const std::string& after) {
    Result<Toolkit> stored = store_->Get(id_);
    ASSERT_TRUE(stored.ok()) << "after " << after << ": " << stored.status().ToString();
    EXPECT_EQ(stored->version, 1) << "after " << after;
    EXPECT_EQ(stored->content.title, "Mine") << "after " << after;
    EXPECT_EQ(stored->content.items.size(), 2u) << "after " << after;
  }

  const std::string kBody = R"({"title": "Mine", "items": [{"resource_id": "r1"},
                                                           {"resource_id": "r2"}]})";
  test::TempDir dir_;
  std::unique_ptr<SqliteToolkitStore> store_;
  test::FakeDirectory directory_;
  FeaturedToolkits featured_;
  std::unique_ptr<ToolkitService> service_;
  std::string id_, key_, other_key_;
};

TEST_F(EditKeyTest, ARightVersionWithoutAKeyIsRefused) {
  for (const Change& change : ChangesWithVersion()) {
    Status s = change.run(id_, "");
    EXPECT_EQ(s.code(), Code::kUnauthenticated) << change.name << ": " << s.ToString();
    ExpectUnchanged(change.name);
  }
}

TEST_F(EditKeyTest, ARightVersionWithAWrongKeyIsRefused) {
  for (const Change& change : ChangesWithVersion()) {
    for (const std::string& key :
         {std::string("not-the-key"), other_key_, key_.substr(0, key_.size() - 1) + "x"}) {
      if (key == key_) continue;
      Status s = change.run(id_, key);
      EXPECT_EQ(s.code(), Code::kPermissionDenied) << change.name << ": " << s.ToString();
      ExpectUnchanged(change.name);
    }
  }
}

TEST_F(EditKeyTest, FeaturedToolkitsRefuseEveryChangeEvenWithAVersion) {
  for (const Change& change : ChangesWithVersion()) {
    Status s = change.run("featured-one", other_key_);
    EXPECT_EQ(s.code(), Code::kPermissionDenied) << change.name << ": " << s.ToString();
    Result<ResolvedToolkit> featured = service_->Get("featured-one");
    ASSERT_TRUE(featured.ok()) << featured.status().ToString();
    EXPECT_EQ(featured->toolkit.content.title, "A featured toolkit");
  }
}

TEST_F(EditKeyTest, TheRightKeyAndVersionAreAccepted) {
  Result<ResolvedToolkit> patched =
      service_->Patch(id_, key_, R"({"title": "Renamed"})", std::optional<int64_t>(1));
  ASSERT_TRUE(patched.ok()) << patched.status().ToString();
  EXPECT_EQ(patched->toolkit.version, 2);
  Status stale = service_->Delete(id_, key_, std::optional<int64_t>(1));
  EXPECT_EQ(stale.code(), Code::kFailedPrecondition) << stale.ToString();
  ASSERT_TRUE(service_->Delete(id_, key_, std::optional<int64_t>(2)).ok());
  EXPECT_EQ(store_->Get(id_).status().code(), Code::kNotFound);
}

}  // namespace
}  // namespace ch
