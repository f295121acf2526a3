// ApiKeyStore (server/services/api_keys.h): secrets shown once and stored as hashes, name rules at
// their limits, revocation, a key file changed by another process, and every error's message.
#include "server/services/api_keys.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "base/hash.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {
namespace fs = std::filesystem;

TEST(ApiKeyStoreTest, CreateShowsTheSecretOnceAndStoresOnlyItsHash) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  Result<std::string> secret = keys.Create("alice");
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_EQ(secret->rfind("chk_", 0), 0u);
  EXPECT_EQ(secret->size(), 4u + 43u) << "chk_ and 32 random bytes in base64url";
  EXPECT_EQ(secret->find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4),
            std::string::npos);
  EXPECT_NE(keys.Create("bob").value(), *secret) << "every secret is new";

  EXPECT_EQ(keys.path(), dir / "curator-keys.json");
  const std::string file = test::ReadTextFile(keys.path());
  EXPECT_EQ(file.find(*secret), std::string::npos) << "the secret itself is never written";
  EXPECT_NE(file.find(Sha256Hex(*secret)), std::string::npos);
  EXPECT_EQ(fs::status(keys.path()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST(ApiKeyStoreTest, AuthenticateNamesTheKeyAndRefusesOthers) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  Result<std::string> none = keys.Authenticate("chk_anything");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), Status::Code::kPermissionDenied);
  EXPECT_NE(none.status().message().find("clearinghouse-server keys create NAME --data DATA_DIR"),
            std::string::npos)
      << "with no keys at all, the message says how to create one";

  const std::string secret = keys.Create("alice").value();
  EXPECT_EQ(keys.Authenticate(secret).value(), "alice");
  for (const std::string& wrong : {std::string("chk_wrong"), secret + "x", secret.substr(1)}) {
    Result<std::string> refused = keys.Authenticate(wrong);
    ASSERT_FALSE(refused.ok()) << wrong;
    EXPECT_EQ(refused.status().code(), Status::Code::kUnauthenticated);
    EXPECT_EQ(refused.status().message(), "the key is unknown or has been revoked");
  }
  Result<std::string> empty = keys.Authenticate("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(empty.status().message(), "curator routes need 'Authorization: Bearer KEY'");
}

TEST(ApiKeyStoreTest, NamesAreOneToSixtyFourAllowedCharacters) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  EXPECT_TRUE(keys.Create("a").ok());
  EXPECT_TRUE(keys.Create(std::string(64, 'n')).ok());
  EXPECT_TRUE(keys.Create("Curator.2024_east-side").ok());
  for (const std::string& bad : {std::string(), std::string(65, 'n'), std::string("with space"),
                                 std::string("slash/no"), std::string("caf\xC3\xA9")}) {
    Result<std::string> created = keys.Create(bad);
    ASSERT_FALSE(created.ok()) << bad;
    EXPECT_EQ(created.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(created.status().field(), "name");
    EXPECT_EQ(created.status().message(),
              "a key name is 1-64 characters of letters, digits, '.', '_' and '-'");
  }
  EXPECT_EQ(keys.List().value().size(), 3u) << "refused names are not stored";
}

TEST(ApiKeyStoreTest, ANameIsNeverReusedEvenAfterRevocation) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  ASSERT_TRUE(keys.Create("alice").ok());
  Result<std::string> again = keys.Create("alice");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), Status::Code::kAlreadyExists);
  EXPECT_EQ(again.status().message(), "a key named 'alice' already exists");
  ASSERT_TRUE(keys.Revoke("alice").ok());
  again = keys.Create("alice");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(),
            "a key named 'alice' already exists (revoked); pick another name");
}

TEST(ApiKeyStoreTest, ARevokedKeyNoLongerAuthenticatesAndStaysListed) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  const std::string alice = keys.Create("alice").value();
  const std::string bob = keys.Create("bob").value();
  ASSERT_TRUE(keys.Revoke("alice").ok());
  EXPECT_EQ(keys.Authenticate(alice).status().code(), Status::Code::kUnauthenticated);
  EXPECT_EQ(keys.Authenticate(bob).value(), "bob");

  Status twice = keys.Revoke("alice");
  EXPECT_EQ(twice.code(), Status::Code::kFailedPrecondition);
  EXPECT_EQ(twice.message(), "key 'alice' is already revoked");
  Status unknown = keys.Revoke("carol");
  EXPECT_EQ(unknown.code(), Status::Code::kNotFound);
  EXPECT_EQ(unknown.message(), "no key named 'carol'");

  std::vector<ApiKeyInfo> list = keys.List().value();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].name, "alice");
  EXPECT_EQ(list[0].created.size(), std::string("2026-01-01T00:00:00Z").size());
  EXPECT_EQ(list[0].created.back(), 'Z');
  EXPECT_FALSE(list[0].revoked.empty());
  EXPECT_EQ(list[1].name, "bob");
  EXPECT_TRUE(list[1].revoked.empty());
}

// `clearinghouse-server keys create` and `keys revoke` run in another process: the server's store
// sees their changes to the file without a restart.
TEST(ApiKeyStoreTest, AnotherStoreOnTheSameFolderSeesChangesWithoutARestart) {
  test::TempDir dir;
  ApiKeyStore server(dir.path().string());
  ApiKeyStore command(dir.path().string());
  ASSERT_EQ(server.Authenticate("chk_x").status().code(), Status::Code::kPermissionDenied);
  const std::string secret = command.Create("alice").value();
  EXPECT_EQ(server.Authenticate(secret).value(), "alice");
  ASSERT_TRUE(command.Revoke("alice").ok());
  EXPECT_EQ(server.Authenticate(secret).status().code(), Status::Code::kUnauthenticated);
}

TEST(ApiKeyStoreTest, ADamagedKeyFileIsCorruptionNamingTheFile) {
  test::TempDir dir;
  ApiKeyStore keys(dir.path().string());
  test::WriteTextFile(keys.path(), "not json");
  Result<std::string> auth = keys.Authenticate("chk_x");
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.status().code(), Status::Code::kCorruption);
  EXPECT_EQ(auth.status().message(),
            keys.path() + " is not a key file written by clearinghouse-server");
  EXPECT_EQ(keys.Create("alice").status().code(), Status::Code::kCorruption)
      << "a damaged file is never overwritten";
  EXPECT_EQ(test::ReadTextFile(keys.path()), "not json");

  test::WriteTextFile(keys.path(), R"({"keys":[{"name":"alice"}]})");
  Result<std::vector<ApiKeyInfo>> list = keys.List();
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().message(), keys.path() + " has a key entry without name or sha256");
}

}  // namespace
}  // namespace ch
