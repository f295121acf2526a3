// The ToolkitStore behaviour suite (toolkit_store_suite.h), run against every backend.
#include "tests/toolkits/toolkit_store_suite.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include "toolkits/toolkit_keys.h"

namespace ch::test {

std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackendParam>& info) {
  return info.param.name;
}

void PrintTo(const StoreBackendParam& param, std::ostream* out) { *out << param.name; }

void ToolkitStoreSuite::SetUp() {
  Result<std::unique_ptr<StoreBackend>> backend = GetParam().make();
  ASSERT_TRUE(backend.ok()) << GetParam().name << " backend: " << backend.status().ToString();
  backend_ = std::move(backend).value();
}

std::unique_ptr<ToolkitStore> ToolkitStoreSuite::Open() {
  Result<std::unique_ptr<ToolkitStore>> store = backend_->Open();
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

std::string ToolkitStoreSuite::Query(const std::string& sql) {
  Result<std::string> value = backend_->Query(sql);
  EXPECT_TRUE(value.ok()) << sql << ": " << value.status().ToString();
  return value.ok() ? *value : "";
}

Toolkit SampleToolkit(const std::string& id) {
  Toolkit t;
  t.id = id;
  t.content.title = "Officer wellness";
  t.content.description = "Line one.\nLine two, with \"quotes\" and ünïcode.";
  t.content.sections = {{"start", "Start here"}, {"evidence", "Evidence"}};
  t.content.items = {{"officer-wellness-app-implementation-toolkit", "Begin here.", "start"},
                     {"officer-wellness-apps-research-brief", "", "evidence"},
                     {"police-fatigue-shift-length-podcast", "No section.", ""}};
  t.copied_from = "AAAAAAAAAAAA";
  t.created_at_ms = 1700000000123;
  t.updated_at_ms = 1700000000456;
  return t;
}

void ExpectVersion1ToolkitMigrated(ToolkitStore& store) {
  Result<Toolkit> old = store.Get("oldoldoldold");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->content.title, "From v1");
  EXPECT_EQ(old->version, 4);
  EXPECT_TRUE(old->content.sections.empty());
  ASSERT_EQ(old->content.items.size(), 2u);
  EXPECT_EQ(old->content.items[0].resource_id, "first-resource");
  EXPECT_EQ(old->content.items[0].note, "kept note");
  EXPECT_EQ(old->content.items[0].section_id, "");
  EXPECT_EQ(old->content.language, "en") << "toolkits made before languages are English";
  Toolkit t = *old;
  t.content.sections = {{"new", "New section"}};
  t.content.items[1].section_id = "new";
  Result<Toolkit> saved = store.Update(t, 4);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->content.items[1].section_id, "new");
  EXPECT_EQ(store.Get("oldoldoldold")->content.items[1].section_id, "new");
}

namespace {

void ExpectSameContent(const Toolkit& got, const Toolkit& want) {
  EXPECT_EQ(got.id, want.id);
  EXPECT_EQ(got.content.title, want.content.title);
  EXPECT_EQ(got.content.description, want.content.description);
  ASSERT_EQ(got.content.sections.size(), want.content.sections.size());
  for (size_t i = 0; i < want.content.sections.size(); ++i) {
    EXPECT_EQ(got.content.sections[i].id, want.content.sections[i].id) << i;
    EXPECT_EQ(got.content.sections[i].title, want.content.sections[i].title) << i;
  }
  ASSERT_EQ(got.content.items.size(), want.content.items.size());
  for (size_t i = 0; i < want.content.items.size(); ++i) {
    EXPECT_EQ(got.content.items[i].resource_id, want.content.items[i].resource_id) << i;
    EXPECT_EQ(got.content.items[i].note, want.content.items[i].note) << i;
    EXPECT_EQ(got.content.items[i].section_id, want.content.items[i].section_id) << i;
  }
  EXPECT_EQ(got.copied_from, want.copied_from);
}

TEST_P(ToolkitStoreSuite, RoundTripsEveryField) {
  auto store = Open();
  ASSERT_TRUE(store);
  Toolkit t = SampleToolkit("abcdefghijkl");
  ASSERT_TRUE(store->Create(t, HashEditKey("key")).ok());
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameContent(*got, t);
  EXPECT_EQ(got->created_at_ms, 1700000000123);
  EXPECT_EQ(got->updated_at_ms, 1700000000456);
  EXPECT_EQ(got->version, 1);
  Result<std::string> hash = store->GetEditKeyHash("abcdefghijkl");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(*hash, HashEditKey("key"));
}

TEST_P(ToolkitStoreSuite, RoundTripsEmptyFields) {
  auto store = Open();
  ASSERT_TRUE(store);
  Toolkit t;
  t.id = "emptyemptyem";
  t.content.title = "Only a title";
  t.version = 7;  // ignored: a new toolkit is version 1
  ASSERT_TRUE(store->Create(t, "h").ok());
  Result<Toolkit> got = store->Get(t.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameContent(*got, t);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(Query("SELECT count(*) FROM toolkits WHERE copied_from IS NULL"), "1");
}

TEST_P(ToolkitStoreSuite, KeepsTheOrderOfItemsAndSections) {
  auto store = Open();
  ASSERT_TRUE(store);
  Toolkit t = SampleToolkit("orderorderor");
  t.content.sections = {{"z-last", "Z"}, {"a-first", "A"}, {"m-middle", "M"}};
  t.content.items.clear();
  for (int i = 0; i < 40; ++i) {  // ids that sort the other way round
    t.content.items.push_back({"resource-" + std::to_string(100 - i), "", i % 2 ? "m-middle" : ""});
  }
  ASSERT_TRUE(store->Create(t, "h").ok());
  Result<Toolkit> got = store->Get(t.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameContent(*got, t);
}

// Text is data, never SQL: quotes, backslashes, braces and commas (array syntax), "NULL",
// statement separators, tabs, newlines and four-byte UTF-8 all come back as given.
TEST_P(ToolkitStoreSuite, StoresAnyTextAsGiven) {
  auto store = Open();
  ASSERT_TRUE(store);
  const std::vector<std::string> texts = {"Robert'); DROP TABLE toolkits;--",
                                          "\"quoted\" and \\backslash\\",
                                          "{a,b},{\"c\"}",
                                          "NULL",
                                          "null",
                                          "",
                                          " spaced ",
                                          "tab\there\nnew line",
                                          "emoji 🚓 and ünïcode",
                                          "$1 $2 ?1",
                                          "x' OR '1'='1"};
  Toolkit t;
  t.id = "textstextste";
  t.content.title = texts[0];
  t.content.description = texts[1];
  for (size_t i = 0; i < texts.size(); ++i) {
    t.content.sections.push_back({"s" + std::to_string(i), texts[i].empty() ? "x" : texts[i]});
    t.content.items.push_back({"r" + std::to_string(i), texts[i], "s" + std::to_string(i)});
  }
  t.copied_from = texts[2];
  ASSERT_TRUE(store->Create(t, texts[3]).ok());
  Result<Toolkit> got = store->Get(t.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ExpectSameContent(*got, t);
  EXPECT_EQ(*store->GetEditKeyHash(t.id), "NULL");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkits"), "1");
}

TEST_P(ToolkitStoreSuite, SurvivesReopening) {
  {
    auto store = Open();
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  }
  auto store = Open();
  ASSERT_TRUE(store);
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->content.items.size(), 3u);
  EXPECT_EQ(Query("SELECT max(version) FROM schema_migrations"), "5");
}

TEST_P(ToolkitStoreSuite, KeepsTheToolkitsLanguage) {
  auto store = Open();
  ASSERT_TRUE(store);
  Toolkit t = SampleToolkit("espanolespan");
  t.content.language = "es";
  ASSERT_TRUE(store->Create(t, "h").ok());
  Result<Toolkit> got = store->Get("espanolespan");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->content.language, "es");
  Toolkit changed = *got;
  changed.content.language = "en";
  Result<Toolkit> saved = store->Update(changed, got->version);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(store->Get("espanolespan")->content.language, "en");
}

TEST_P(ToolkitStoreSuite, UpdateBumpsTheVersionAndReplacesChildren) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  Toolkit t = *store->Get("abcdefghijkl");
  t.content.title = "Renamed";
  t.content.sections = {{"only", "Only"}};
  t.content.items = {{"a", "note a", "only"}};
  t.copied_from = "";
  t.created_at_ms = 1;  // ignored
  t.updated_at_ms = 1800000000000;
  Result<Toolkit> saved = store->Update(t, 1);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->content.title, "Renamed");
  EXPECT_EQ(saved->created_at_ms, 1700000000123);
  EXPECT_EQ(saved->updated_at_ms, 1800000000000);
  Result<Toolkit> got = store->Get("abcdefghijkl");
  ASSERT_TRUE(got.ok());
  ExpectSameContent(*got, *saved);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->created_at_ms, 1700000000123);
  EXPECT_EQ(got->updated_at_ms, 1800000000000);
  EXPECT_EQ(*store->GetEditKeyHash("abcdefghijkl"), "h");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_items"), "1");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_sections"), "1");
}

TEST_P(ToolkitStoreSuite, StaleVersionIsFailedPrecondition) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  Toolkit t = *store->Get("abcdefghijkl");
  ASSERT_TRUE(store->Update(t, 1).ok());
  t.content.title = "Lost update";
  Result<Toolkit> stale = store->Update(t, 1);
  EXPECT_EQ(stale.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(stale.status().field(), "version");
  EXPECT_NE(stale.status().message().find("version 2"), std::string::npos)
      << stale.status().message();
  EXPECT_EQ(store->Get("abcdefghijkl")->content.title, "Officer wellness");
  EXPECT_EQ(store->Delete("abcdefghijkl", 1).code(), Status::Code::kFailedPrecondition);
  EXPECT_TRUE(store->Get("abcdefghijkl").ok());
  EXPECT_TRUE(store->Delete("abcdefghijkl", 2).ok());
}

TEST_P(ToolkitStoreSuite, UnknownIdsAreNotFound) {
  auto store = Open();
  ASSERT_TRUE(store);
  EXPECT_EQ(store->Get("nope").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->GetEditKeyHash("nope").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Update(SampleToolkit("nope"), 1).status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Delete("nope", std::nullopt).code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Delete("nope", 1).code(), Status::Code::kNotFound);
}

TEST_P(ToolkitStoreSuite, DuplicateIdIsAlreadyExists) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  Toolkit other = SampleToolkit("abcdefghijkl");
  other.content.title = "Someone else's";
  Status again = store->Create(other, "h2");
  EXPECT_EQ(again.code(), Status::Code::kAlreadyExists) << again.ToString();
  EXPECT_EQ(store->Get("abcdefghijkl")->content.title, "Officer wellness");
  EXPECT_EQ(*store->GetEditKeyHash("abcdefghijkl"), "h");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_items"), "3");
}

TEST_P(ToolkitStoreSuite, DeleteRemovesItemsAndSectionsToo) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  ASSERT_TRUE(store->Create(SampleToolkit("mnopqrstuvwx"), "h").ok());
  ASSERT_TRUE(store->Delete("abcdefghijkl", 1).ok());
  EXPECT_EQ(store->Get("abcdefghijkl").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_items WHERE toolkit_id = 'abcdefghijkl'"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_sections WHERE toolkit_id = 'abcdefghijkl'"), "0");
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_items"), "3");
  EXPECT_TRUE(store->Get("mnopqrstuvwx").ok());
}

TEST_P(ToolkitStoreSuite, DeleteWithoutAVersionDeletesAnyVersion) {
  auto store = Open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  ASSERT_TRUE(store->Update(*store->Get("abcdefghijkl"), 1).ok());
  EXPECT_TRUE(store->Delete("abcdefghijkl", std::nullopt).ok());
  EXPECT_EQ(store->Get("abcdefghijkl").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(store->Delete("abcdefghijkl", std::nullopt).code(), Status::Code::kNotFound);
}

// Two stores on one database are two server replicas: each sees what the other committed, and
// versions guard their edits against each other.
TEST_P(ToolkitStoreSuite, StoresOnOneDatabaseSeeEachOthersWrites) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->Create(SampleToolkit("abcdefghijkl"), "h").ok());
  Result<Toolkit> seen = second->Get("abcdefghijkl");
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  EXPECT_EQ(seen->version, 1);
  EXPECT_EQ(*second->GetEditKeyHash("abcdefghijkl"), "h");
  Toolkit edit = *seen;
  edit.content.title = "Edited on the second";
  ASSERT_TRUE(second->Update(edit, 1).ok());
  EXPECT_EQ(first->Get("abcdefghijkl")->content.title, "Edited on the second");
  edit.content.title = "Stale edit on the first";
  EXPECT_EQ(first->Update(edit, 1).status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(second->Create(SampleToolkit("abcdefghijkl"), "h").code(),
            Status::Code::kAlreadyExists);
  ASSERT_TRUE(first->Delete("abcdefghijkl", 2).ok());
  EXPECT_EQ(second->Get("abcdefghijkl").status().code(), Status::Code::kNotFound);
}

// Writers on two stores and several threads each: every writer reads, changes and writes with
// the version it read, retrying when it lost the race. Every change must survive, and the
// versions each writer saw saved must all differ.
TEST_P(ToolkitStoreSuite, ConcurrentWritersLoseNoUpdate) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  Toolkit t = SampleToolkit("abcdefghijkl");
  t.content.items.clear();
  ASSERT_TRUE(first->Create(t, "h").ok());
  constexpr int kThreads = 6, kEdits = 10;
  std::atomic<int> failures{0};
  std::vector<std::vector<int64_t>> saved_versions(kThreads);
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      ToolkitStore& store = w % 2 ? *second : *first;
      for (int e = 0; e < kEdits; ++e) {
        while (true) {
          Result<Toolkit> current = store.Get("abcdefghijkl");
          if (!current.ok()) {
            errors[w] = current.status().ToString();
            ++failures;
            return;
          }
          Toolkit next = *current;
          next.content.items.push_back(
              {"w" + std::to_string(w) + "-e" + std::to_string(e), "", ""});
          Result<Toolkit> saved = store.Update(next, current->version);
          if (saved.ok()) {
            saved_versions[w].push_back(saved->version);
            break;
          }
          if (saved.status().code() != Status::Code::kFailedPrecondition) {
            errors[w] = saved.status().ToString();
            ++failures;
            return;
          }
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0) << errors[0] << errors[1] << errors[2];
  Result<Toolkit> final_state = first->Get("abcdefghijkl");
  ASSERT_TRUE(final_state.ok());
  EXPECT_EQ(final_state->content.items.size(), static_cast<size_t>(kThreads * kEdits));
  EXPECT_EQ(final_state->version, 1 + kThreads * kEdits);
  std::set<std::string> ids;
  for (const auto& item : final_state->content.items) ids.insert(item.resource_id);
  EXPECT_EQ(ids.size(), static_cast<size_t>(kThreads * kEdits));
  std::set<int64_t> versions;
  for (const auto& per_writer : saved_versions)
    versions.insert(per_writer.begin(), per_writer.end());
  EXPECT_EQ(versions.size(), static_cast<size_t>(kThreads * kEdits));
  EXPECT_EQ(*versions.begin(), 2);
  EXPECT_EQ(*versions.rbegin(), 1 + kThreads * kEdits);
}

TEST_P(ToolkitStoreSuite, ConcurrentCreatesOfOneIdLetExactlyOneWin) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first && second);
  constexpr int kThreads = 6;
  std::atomic<int> created{0}, exists{0}, other{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kThreads; ++w) {
    threads.emplace_back([&, w] {
      Toolkit t = SampleToolkit("raceraceracE");
      t.content.title = "Writer " + std::to_string(w);
      Status s = (w % 2 ? *second : *first).Create(t, "h" + std::to_string(w));
      if (s.ok()) {
        ++created;
      } else if (s.code() == Status::Code::kAlreadyExists) {
        ++exists;
      } else {
        ++other;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(exists.load(), kThreads - 1);
  EXPECT_EQ(other.load(), 0);
  Result<Toolkit> winner = first->Get("raceraceracE");
  ASSERT_TRUE(winner.ok());
  EXPECT_EQ(winner->content.items.size(), 3u);
  EXPECT_EQ(Query("SELECT count(*) FROM toolkit_items"), "3");
}

}  // namespace
}  // namespace ch::test
