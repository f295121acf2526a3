// The compact per-file state of a streamed build: CompactIdSet finds every id it was given (and
// only those) however much it grew, and ManifestStream writes the manifest CorpusManifest::Save
// writes for the same entries, or nothing at all.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "indexer/compact_id_set.h"
#include "indexer/corpus_manifest.h"
#include "indexer/manifest_stream.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

std::string IdNumber(int i) { return "resource-" + std::to_string(i * 7919 % 100003); }

TEST(CompactIdSetTest, FindsEveryIdItWasGivenAfterGrowingAndNoOther) {
  CompactIdSet ids;  // no Reserve: it grows from its smallest table
  for (int i = 0; i < 20000; ++i) {
    ASSERT_FALSE(ids.Insert(IdNumber(i), static_cast<uint32_t>(i), static_cast<uint16_t>(i % 3)));
  }
  EXPECT_EQ(ids.size(), 20000u);
  for (int i = 0; i < 20000; ++i) {
    const CompactIdSet::Record* r = ids.Find(IdNumber(i));
    ASSERT_NE(r, nullptr) << IdNumber(i);
    EXPECT_EQ(r->file, static_cast<uint32_t>(i));
    EXPECT_EQ(r->tag, i % 3);
  }
  EXPECT_FALSE(ids.Contains("resource-"));
  EXPECT_FALSE(ids.Contains(IdNumber(20000)));
  EXPECT_FALSE(ids.Contains(IdNumber(5) + "x"));
  EXPECT_FALSE(ids.Contains(""));
  EXPECT_LT(ids.memory_bytes(), 20000u * 64) << "about 30 bytes per id plus its length";
}

TEST(CompactIdSetTest, ADuplicateNamesTheFirstFileAndKeepsItsRecord) {
  CompactIdSet ids;
  ids.Reserve(4);
  EXPECT_FALSE(ids.Insert("nibin-guide", 3, 1));
  std::optional<uint32_t> first = ids.Insert("nibin-guide", 9, 2);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(*first, 3u);
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids.Find("nibin-guide")->file, 3u);
  EXPECT_EQ(ids.Find("nibin-guide")->tag, 1);
}

class ManifestStreamTest : public ::testing::Test {
 protected:
  test::TempDir dir_;
};

TEST_F(ManifestStreamTest, WritesTheManifestSaveWritesForTheSameEntries) {
  CorpusManifest saved;
  ManifestStream stream(dir_ / ".body");
  for (int i = 0; i < 50; ++i) {
    // A path with characters the format escapes, and one file not indexed (hash only).
    const std::string path = i == 7 ? "odd\tname%.md" : "r/doc-" + std::to_string(i) + ".md";
    const FileStat stat{100 + i, 1000000000LL * i, 1000000000LL * i + 5};
    const std::string hash(64, static_cast<char>('a' + i % 6));
    const std::string id = i == 9 ? "" : "doc-" + std::to_string(i);
    saved.SetFile(path, stat, hash);
    if (!id.empty()) saved.SetIndexed(path, id, hash);
    stream.Add(path, ManifestEntry{stat, hash, id, id.empty() ? "" : hash});
  }
  saved.set_recorded_at_ns(123456789);
  saved.Stamp(4, 17);
  ASSERT_TRUE(saved.Save(dir_ / "saved").ok());
  ASSERT_TRUE(stream.Finish(dir_ / "streamed", 4, 17, 123456789).ok());
  EXPECT_FALSE(fs::exists(dir_ / ".body"));

  Result<CorpusManifest> a = CorpusManifest::Load(dir_ / "saved");
  Result<CorpusManifest> b = CorpusManifest::Load(dir_ / "streamed");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(b->Describes(4, 17));
  EXPECT_EQ(b->recorded_at_ns(), 123456789);
  ASSERT_EQ(b->entries().size(), 50u);
  for (const auto& [path, e] : a->entries()) {
    const ManifestEntry* s = b->Find(path);
    ASSERT_NE(s, nullptr) << path;
    EXPECT_EQ(s->stat, e.stat) << path;
    EXPECT_EQ(s->file_hash, e.file_hash) << path;
    EXPECT_EQ(s->id, e.id) << path;
    EXPECT_EQ(s->indexed_hash, e.indexed_hash) << path;
  }
  // The same bytes, line for line (Save's order is its map's).
  auto lines = [](const std::string& text) {
    std::multiset<std::string> out;
    size_t start = 0;
    for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      out.insert(text.substr(start, end - start));
    }
    return out;
  };
  EXPECT_EQ(lines(test::ReadTextFile(dir_ / "streamed")),
            lines(test::ReadTextFile(dir_ / "saved")));
}

TEST_F(ManifestStreamTest, ABodyThatCannotBeWrittenLeavesTheOldManifestAlone) {
  test::WriteTextFile(dir_ / "manifest", "the old one");
  ManifestStream stream(dir_ / "no-such-folder/.body");
  stream.Add("a.md", ManifestEntry{FileStat{1, 2, 3}, std::string(64, 'a'), "a", ""});
  Status s = stream.Finish(dir_ / "manifest", 1, 1, 1);
  EXPECT_EQ(s.code(), Status::Code::kIOError) << s.ToString();
  EXPECT_EQ(test::ReadTextFile(dir_ / "manifest"), "the old one");
}

}  // namespace
}  // namespace ch
