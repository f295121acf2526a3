// LoadFormSecret (server/services/form_secret.h): the data folder's secret is made once, private
// (0600) and kept; an operator's file must exist and be long enough; each error names the file.
#include "server/services/form_secret.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

TEST(FormSecretTest, TheDataFolderSecretIsMadeOncePrivateAndKept) {
  test::TempDir dir;
  const std::string path = (fs::path(dir / "data") / kFormSecretFileName).string();
  Result<std::string> made = LoadFormSecret(path, FormSecretSource::kDataFolder);
  ASSERT_TRUE(made.ok()) << made.status().ToString();
  EXPECT_EQ(made->size(), 64u) << "32 random bytes as hex";
  EXPECT_EQ(made->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(test::ReadTextFile(path), *made + "\n");
  // A restart reads the same secret; a fresh folder gets a new one.
  EXPECT_EQ(LoadFormSecret(path, FormSecretSource::kDataFolder).value(), *made);
  test::TempDir other;
  EXPECT_NE(LoadFormSecret(other / kFormSecretFileName, FormSecretSource::kDataFolder).value(),
            *made);
  // No temporary file is left behind.
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir / "data")) ++files;
  EXPECT_EQ(files, 1u);
}

TEST(FormSecretTest, AnOperatorFileIsReadTrimmedAndNeverMade) {
  test::TempDir dir;
  const std::string path = dir / "shared-secret";
  Result<std::string> missing = LoadFormSecret(path, FormSecretSource::kOperator);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound);
  EXPECT_NE(missing.status().message().find(path), std::string::npos);
  EXPECT_FALSE(fs::exists(path)) << "an operator's file is never invented";

  const std::string secret(40, 's');
  test::WriteTextFile(path, "  " + secret + "\n\n");
  EXPECT_EQ(LoadFormSecret(path, FormSecretSource::kOperator).value(), secret);
}

TEST(FormSecretTest, RefusesAShortSecretOrAFolder) {
  test::TempDir dir;
  const std::string path = dir / "short";
  test::WriteTextFile(path, std::string(kMinFormSecretLength - 1, 'x') + "\n");
  for (FormSecretSource source : {FormSecretSource::kOperator, FormSecretSource::kDataFolder}) {
    Result<std::string> short_secret = LoadFormSecret(path, source);
    ASSERT_FALSE(short_secret.ok());
    EXPECT_EQ(short_secret.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(short_secret.status().message().find("holds 31 characters; at least 32"),
              std::string::npos)
        << short_secret.status().message();
  }
  test::WriteTextFile(path, std::string(kMinFormSecretLength, 'x'));
  EXPECT_TRUE(LoadFormSecret(path, FormSecretSource::kOperator).ok()) << "exactly 32 is enough";
  Result<std::string> folder = LoadFormSecret(dir.path().string(), FormSecretSource::kOperator);
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace ch
