// Hashing (base/hash.h): SHA-256 against the FIPS 180-2 vectors, and the FNV hash pinned to the
// values that shard placement and stored ETags already depend on.
#include "base/hash.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace ch {
namespace {

// The form of a Content-Security-Policy hash source ('sha256-...').
TEST(Sha256Base64Test, MatchesTheStandardTestVectorsInBase64) {
  EXPECT_EQ(Sha256Base64(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  EXPECT_EQ(Sha256Base64("abc"), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
}

TEST(Sha256HexTest, MatchesTheStandardTestVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256HexTest, HashesEveryByteIncludingNul) {
  EXPECT_NE(Sha256Hex(std::string("a\0b", 3)), Sha256Hex("a"));
  EXPECT_EQ(Sha256Hex(std::string(1 << 20, 'x')).size(), 64u);
}

// These values must never change: IndexLayout::ShardFor places resources on shards by Fnv1a64,
// so a different value would look for existing documents on the wrong shard. (The offset basis
// is 1469598103934665603, not FNV-1a's 14695981039346656037: see hash.h.)
TEST(Fnv1a64Test, GivesTheSameValuesInEveryRelease) {
  EXPECT_EQ(Fnv1a64(""), 0x14650fb0739d0383ULL);
  EXPECT_EQ(Fnv1a64("a"), 0x44bd8ad473cd9906ULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x88fad7c0a8ff07f2ULL);
  EXPECT_NE(Fnv1a64(std::string("a\0", 2)), Fnv1a64("a")) << "every byte counts, NUL too";
}

TEST(Fnv1a64Test, HexIsSixteenLowercaseDigitsWithLeadingZeros) {
  EXPECT_EQ(Fnv1a64Hex("foobar"), "88fad7c0a8ff07f2");
  EXPECT_EQ(Fnv1a64Hex("daa"), "0cbacc5126437817");
}

}  // namespace
}  // namespace ch

namespace ch {
namespace {

TEST(RandomHexIdTest, IsThirtyTwoLowercaseHexDigitsAndNeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = RandomHexId();
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_TRUE(seen.insert(id).second) << "repeated: " << id;
  }
}

}  // namespace
}  // namespace ch
