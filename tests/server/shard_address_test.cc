// ParseShardAddress (server/services/remote_shards.h): host:port and [v6]:port, the port range
// exactly at and one past its limits, and a message for every kind of mistake.
#include <gtest/gtest.h>

#include <string>

#include "server/services/remote_shards.h"

namespace ch {
namespace {

TEST(ParseShardAddressTest, ParsesHostAndPort) {
  const struct {
    const char* text;
    const char* host;
    int port;
  } cases[] = {
      {"10.0.0.5:7001", "10.0.0.5", 7001},     {"shard-a.internal:1", "shard-a.internal", 1},
      {"localhost:65535", "localhost", 65535}, {"[::1]:7001", "::1", 7001},
      {"[2001:db8::5]:80", "2001:db8::5", 80},
  };
  for (const auto& c : cases) {
    Result<ShardAddress> a = ParseShardAddress(c.text);
    ASSERT_TRUE(a.ok()) << c.text << ": " << a.status().ToString();
    EXPECT_EQ(a->host, c.host) << c.text;
    EXPECT_EQ(a->port, c.port) << c.text;
  }
  EXPECT_EQ(ParseShardAddress("10.0.0.5:7001")->name(), "10.0.0.5:7001");
}

TEST(ParseShardAddressTest, RejectsTextThatIsNotHostColonPort) {
  for (const char* text : {"", "10.0.0.5", ":7001", "10.0.0.5:"}) {
    Result<ShardAddress> a = ParseShardAddress(text);
    ASSERT_FALSE(a.ok()) << text;
    EXPECT_EQ(a.status().code(), Status::Code::kInvalidArgument);
    EXPECT_EQ(a.status().message(),
              "shard '" + std::string(text) + "' is not host:port (for example 10.0.0.5:7001)");
  }
}

TEST(ParseShardAddressTest, RejectsPortsOutsideOneTo65535) {
  for (const char* port : {"0", "65536", "99999"}) {
    Result<ShardAddress> a = ParseShardAddress(std::string("h:") + port);
    ASSERT_FALSE(a.ok()) << port;
    EXPECT_EQ(a.status().message(),
              "shard 'h:" + std::string(port) + "': port " + port + " is not from 1 to 65535");
  }
  for (const char* port : {"123456", "-1", "70a", "+80", " 80"}) {
    Result<ShardAddress> a = ParseShardAddress(std::string("h:") + port);
    ASSERT_FALSE(a.ok()) << port;
    EXPECT_EQ(a.status().message(), "shard 'h:" + std::string(port) + "': port '" + port +
                                        "' is not a number from 1 to 65535");
  }
}

}  // namespace
}  // namespace ch
