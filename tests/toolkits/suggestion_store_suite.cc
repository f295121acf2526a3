#include "tests/toolkits/suggestion_store_suite.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ch::test {
namespace {

PublicSuggestion Sample(const std::string& id, int64_t created) {
  PublicSuggestion s;
  s.id = id;
  s.token_hash = "hash-of-" + id;
  s.title = "Sample guide \xC3\xA9 \"quoted\" " + id;
  s.url = "https://example.org/" + id;
  s.why = "Sample data for tests.\nSecond line.";
  s.email = "someone@example.org";
  s.created_at_ms = s.updated_at_ms = created;
  return s;
}

}  // namespace

void CheckSuggestionStoreKeepsEveryField(const SuggestionStoreFactory& open) {
  auto store = open();
  ASSERT_TRUE(store);
  PublicSuggestion s = Sample("aaaaaaaaaaaa", 1000);
  ASSERT_TRUE(store->Create(s).ok());
  EXPECT_EQ(store->Create(s).code(), Status::Code::kAlreadyExists);
  Result<PublicSuggestion> got = store->Get(s.id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->title, s.title);
  EXPECT_EQ(got->url, s.url);
  EXPECT_EQ(got->why, s.why);
  EXPECT_EQ(got->email, s.email);
  EXPECT_EQ(got->token_hash, s.token_hash);
  EXPECT_EQ(got->status, "new");
  EXPECT_EQ(got->created_at_ms, 1000);
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(store->Get("nonexistent00").status().code(), Status::Code::kNotFound);
}

void CheckSuggestionStoreListsNewestFirstByStatus(const SuggestionStoreFactory& open) {
  auto store = open();
  ASSERT_TRUE(store);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store->Create(Sample("sugg" + std::to_string(i) + "0000000", 1000 + i)).ok());
  }
  PublicSuggestion declined = *store->Get("sugg20000000");
  declined.status = "declined";
  declined.reason = "Out of scope";
  ASSERT_TRUE(store->Update(declined, 1).ok());
  Result<SuggestionPage> all = store->List("", 0, 2);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 5);
  ASSERT_EQ(all->suggestions.size(), 2u);
  EXPECT_EQ(all->suggestions[0].id, "sugg40000000");
  EXPECT_EQ(all->suggestions[1].id, "sugg30000000");
  Result<SuggestionPage> fresh = store->List("new", 2, 10);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->total, 4);
  ASSERT_EQ(fresh->suggestions.size(), 2u);
  EXPECT_EQ(fresh->suggestions[0].id, "sugg10000000");
  EXPECT_EQ(*store->Count("new"), 4);
  EXPECT_EQ(*store->Count("declined"), 1);
}

void CheckSuggestionStoreListsOneMillisecondByInsertOrder(const SuggestionStoreFactory& open) {
  auto store = open();
  ASSERT_TRUE(store);
  // Ids in neither ascending nor descending order, all made in the same millisecond.
  const std::vector<std::string> inserted = {"mmmmmmmmmmmm", "zzzzzzzzzzzz", "aaaaaaaaaaaa",
                                             "tttttttttttt", "bbbbbbbbbbbb"};
  for (const std::string& id : inserted) ASSERT_TRUE(store->Create(Sample(id, 4242)).ok());
  Result<SuggestionPage> page = store->List("", 0, 10);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  std::vector<std::string> listed;
  for (const PublicSuggestion& s : page->suggestions) listed.push_back(s.id);
  const std::vector<std::string> newest_first(inserted.rbegin(), inserted.rend());
  EXPECT_EQ(listed, newest_first) << "suggestions of one millisecond must list the later insert "
                                     "first, whatever their ids";
}

void CheckSuggestionStoreRefusesAStaleVersion(const SuggestionStoreFactory& open) {
  auto store = open();
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Create(Sample("bbbbbbbbbbbb", 5)).ok());
  PublicSuggestion s = *store->Get("bbbbbbbbbbbb");
  s.status = "accepted";
  s.decided_by = "alice";
  s.updated_at_ms = 9;
  Result<PublicSuggestion> saved = store->Update(s, 1);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(saved->decided_by, "alice");
  EXPECT_EQ(saved->updated_at_ms, 9);
  s.status = "declined";
  Result<PublicSuggestion> stale = store->Update(s, 1);
  EXPECT_EQ(stale.status().code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(store->Get("bbbbbbbbbbbb")->status, "accepted");
  s.id = "nonexistent00";
  EXPECT_EQ(store->Update(s, 1).status().code(), Status::Code::kNotFound);
}

}  // namespace ch::test
