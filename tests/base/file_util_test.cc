// File helpers (base/file_util.h): whole-file reads with a size limit, atomic replacement, and
// errors that name the path and the system's reason.
#include "base/file_util.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(dir)) out.push_back(entry.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(FileUtilTest, WriteThenReadRoundTripsEveryByte) {
  test::TempDir dir;
  const std::string path = dir / "data.bin";
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  ASSERT_TRUE(WriteFileAtomic(path, bytes).ok());
  Result<std::string> read = ReadFile(path);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, bytes);

  ASSERT_TRUE(WriteFileAtomic(path, "").ok());
  EXPECT_EQ(ReadFile(path).value(), "") << "an empty file is a valid file";
}

TEST(FileUtilTest, WriteReplacesTheWholeFileAndLeavesNoTemporaryFile) {
  test::TempDir dir;
  const std::string path = dir / "note.md";
  ASSERT_TRUE(WriteFileAtomic(path, std::string(10000, 'x')).ok());
  ASSERT_TRUE(WriteFileAtomic(path, "short").ok());
  EXPECT_EQ(ReadFile(path).value(), "short");
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"note.md"});
}

TEST(FileUtilTest, ReadAcceptsAFileExactlyAtTheLimitAndRefusesOneBytePast) {
  test::TempDir dir;
  const std::string path = dir / "ten.txt";
  ASSERT_TRUE(WriteFileAtomic(path, "0123456789").ok());
  EXPECT_EQ(ReadFile(path, 10).value(), "0123456789");
  Result<std::string> over = ReadFile(path, 9);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), Status::Code::kResourceExhausted);
  EXPECT_EQ(over.status().message(), "file is 10 bytes, over the limit of 9");
}

TEST(FileUtilTest, ReadErrorsNameThePathAndTheReason) {
  test::TempDir dir;
  Result<std::string> missing = ReadFile(dir / "absent.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kIOError);
  EXPECT_EQ(missing.status().message(),
            "cannot open " + (dir / "absent.txt") + ": No such file or directory");

  Result<std::string> folder = ReadFile(dir.path().string());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().code(), Status::Code::kIOError);
  EXPECT_EQ(folder.status().message(), "not a regular file: " + dir.path().string());
}

TEST(FileUtilTest, WriteIntoAMissingFolderFailsAndCreatesNothing) {
  test::TempDir dir;
  Status s = WriteFileAtomic(dir / "no-such-folder/file.txt", "x");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("cannot create " + (dir / "no-such-folder/.file.txt.tmp-")),
            std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("No such file or directory"), std::string::npos) << s.message();
  EXPECT_TRUE(Names(dir.path()).empty());
}

TEST(FileUtilTest, WriteOverAFolderFailsAndRemovesItsTemporaryFile) {
  test::TempDir dir;
  test::WriteTextFile(dir.path() / "taken/inside.txt", "keep me");
  Status s = WriteFileAtomic(dir / "taken", "new");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_EQ(s.message().rfind("cannot rename into " + (dir / "taken") + ": ", 0), 0u)
      << s.message();
  EXPECT_EQ(Names(dir.path()), std::vector<std::string>{"taken"});
  EXPECT_EQ(test::ReadTextFile(dir.path() / "taken/inside.txt"), "keep me");
}

TEST(FileUtilTest, SyncDirectoryNamesAMissingFolder) {
  test::TempDir dir;
  EXPECT_TRUE(SyncDirectory(dir.path().string()).ok());
  Status s = SyncDirectory(dir / "gone");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(), "cannot open folder " + (dir / "gone") + ": No such file or directory");
}

}  // namespace
}  // namespace ch
