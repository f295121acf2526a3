#include "tests/toolkits/postgres_fixture.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

namespace ch::test {
namespace {

// Starts the server in SetUp (before the first test) and stops it in TearDown (after the last;
// GoogleTest calls it also when tests failed). The server's watchdog covers a crash.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    Result<std::unique_ptr<TempPostgresServer>> started = TempPostgresServer::Start();
    if (started.ok()) {
      server_ = std::move(started).value();
    } else {
      error_ = started.status();
    }
  }
  void TearDown() override { server_.reset(); }

  Result<TempPostgresServer*> server() const {
    if (server_) return server_.get();
    if (!error_.ok()) {
      return Status(error_.code(), "the test PostgreSQL server did not start: " + error_.message());
    }
    return Status::Internal("the test PostgreSQL server is not running (outside the tests?)");
  }

 private:
  std::unique_ptr<TempPostgresServer> server_;
  Status error_;
};

// GoogleTest owns registered environments; this pointer only finds it again.
PostgresEnvironment* const environment =
    static_cast<PostgresEnvironment*>(::testing::AddGlobalTestEnvironment(new PostgresEnvironment));

}  // namespace

Result<TempPostgresServer*> PostgresTestServer() { return environment->server(); }

Result<std::string> FreshPostgresDatabase() {
  static std::atomic<int> counter{0};
  Result<TempPostgresServer*> server = PostgresTestServer();
  if (!server.ok()) return server.status();
  return (*server)->CreateDatabase("t_" + std::to_string(++counter));
}

std::string DatabaseNameOf(const std::string& uri) { return uri.substr(uri.rfind('/') + 1); }

}  // namespace ch::test
