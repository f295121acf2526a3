// AuditLog (server/services/audit_log.h): one JSON line per change, pages newest first with the
// last page and one past it, torn lines skipped, concurrent appends, and errors naming the file.
#include "server/services/audit_log.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"

namespace ch {
namespace {

AuditEntry Entry(const std::string& id) {
  return {"", "alice", "update", id, "hash-of-" + id, "ok", "192.0.2.1"};
}

std::vector<std::string> Ids(const AuditPage& page) {
  std::vector<std::string> out;
  for (const auto& e : page.entries) out.push_back(e.id);
  return out;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

TEST(AuditLogTest, AppendWritesOneJsonLineWithEveryFieldAndTheTime) {
  test::TempDir dir;
  AuditLog log(dir.path().string());
  EXPECT_EQ(log.path(), dir / "audit.log");
  ASSERT_TRUE(log.Append({"ignored", "alice", "create", "r1", "abc", "ok", "192.0.2.1"}).ok());
  std::vector<std::string> lines = Lines(test::ReadTextFile(log.path()));
  ASSERT_EQ(lines.size(), 1u);
  rapidjson::Document d;
  d.Parse(lines[0].c_str());
  ASSERT_TRUE(d.IsObject()) << lines[0];
  std::vector<std::string> keys;
  for (const auto& m : d.GetObject()) keys.push_back(m.name.GetString());
  EXPECT_EQ(keys, (std::vector<std::string>{"time", "key", "action", "id", "content_hash", "result",
                                            "remote"}));
  EXPECT_TRUE(std::regex_match(std::string(d["time"].GetString()),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")))
      << "Append sets the time: " << d["time"].GetString();
  EXPECT_STREQ(d["action"].GetString(), "create");
  EXPECT_STREQ(d["remote"].GetString(), "192.0.2.1");
}

TEST(AuditLogTest, ReadPagesNewestFirstUpToTheLastPage) {
  test::TempDir dir;
  AuditLog log(dir.path().string());
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(log.Append(Entry("r" + std::to_string(i))).ok());
  AuditPage first = log.Read(1, 2).value();
  EXPECT_EQ(first.total, 5u);
  EXPECT_EQ(Ids(first), (std::vector<std::string>{"r4", "r3"}));
  EXPECT_EQ(Ids(log.Read(2, 2).value()), (std::vector<std::string>{"r2", "r1"}));
  EXPECT_EQ(Ids(log.Read(3, 2).value()), std::vector<std::string>{"r0"}) << "the last page";
  AuditPage past = log.Read(4, 2).value();
  EXPECT_TRUE(past.entries.empty()) << "one page past the end";
  EXPECT_EQ(past.total, 5u);
  EXPECT_EQ(Ids(log.Read(1, 5).value()).size(), 5u) << "a page exactly the size of the log";
  const AuditEntry back = log.Read(1, 1).value().entries[0];
  EXPECT_EQ(back.key, "alice");
  EXPECT_EQ(back.content_hash, "hash-of-r4");
  EXPECT_EQ(back.result, "ok");
}

TEST(AuditLogTest, AMissingLogReadsAsEmpty) {
  test::TempDir dir;
  AuditLog log(dir / "never-written");
  Result<AuditPage> page = log.Read(1, 10);
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  EXPECT_EQ(page->total, 0u);
  EXPECT_TRUE(page->entries.empty());
}

TEST(AuditLogTest, LinesThatAreNotJsonAreSkipped) {
  test::TempDir dir;
  AuditLog log(dir.path().string());
  ASSERT_TRUE(log.Append(Entry("before")).ok());
  test::WriteTextFile(log.path(), test::ReadTextFile(log.path()) + "{\"time\":\"20\nnot json\n");
  ASSERT_TRUE(log.Append(Entry("after")).ok());
  AuditPage page = log.Read(1, 10).value();
  EXPECT_EQ(page.total, 2u);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"after", "before"}));
}

// Regression: the entry appended after a crash joined the torn line, and Read() dropped both.
TEST(AuditLogTest, AnEntryAfterALineTornByACrashIsKept) {
  test::TempDir dir;
  AuditLog log(dir.path().string());
  ASSERT_TRUE(log.Append(Entry("before")).ok());
  test::WriteTextFile(log.path(), test::ReadTextFile(log.path()) + "{\"time\":\"2026-");
  ASSERT_TRUE(log.Append(Entry("after")).ok());
  AuditPage page = log.Read(1, 10).value();
  EXPECT_EQ(page.total, 2u);
  EXPECT_EQ(Ids(page), (std::vector<std::string>{"after", "before"}));
}

TEST(AuditLogTest, EveryAppendFromManyThreadsIsAWholeLine) {
  test::TempDir dir;
  AuditLog log(dir.path().string());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&log, t] {
      for (int i = 0; i < 25; ++i) {
        EXPECT_TRUE(log.Append(Entry(std::to_string(t) + "-" + std::to_string(i))).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Lines(test::ReadTextFile(log.path())).size(), 100u);
  EXPECT_EQ(log.Read(1, 100).value().entries.size(), 100u) << "no line was torn";
}

TEST(AuditLogTest, AppendFailsWithTheFileNamedWhenItCannotBeOpened) {
  test::TempDir dir;
  test::WriteTextFile(dir.path() / "a-file", "not a folder");
  AuditLog log(dir / "a-file/data");
  Status s = log.Append(Entry("x"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_EQ(s.message(), "cannot open " + (dir / "a-file/data/audit.log") + ": Not a directory");
}

}  // namespace
}  // namespace ch
