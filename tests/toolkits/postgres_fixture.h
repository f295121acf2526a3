// postgres_fixture.h: the one PostgreSQL server of the toolkits_postgres_test binary.
//
// postgres_fixture.cc registers a GoogleTest environment that starts a TempPostgresServer
// (tests/support/postgres_server.h) before the first test and stops it after the last, so that
// initdb runs once per binary. Each test takes a fresh database:
//
//   Result<std::string> uri = FreshPostgresDatabase();  // postgresql://postgres@127.0.0.1:P/t_7
//   ASSERT_TRUE(uri.ok()) << uri.status().message();
//
// When the server could not start (PostgreSQL not installed, initdb failed), every call returns
// that error, so each test fails with the reason rather than being skipped.
#pragma once

#include <string>

#include "base/status.h"
#include "tests/support/postgres_server.h"

namespace ch::test {

// The running server, or the reason there is none.
Result<TempPostgresServer*> PostgresTestServer();

// Creates a new, empty database on the server (t_1, t_2, ...) and returns its URI.
Result<std::string> FreshPostgresDatabase();

// The name of the database in a URI made by FreshPostgresDatabase ("t_7").
std::string DatabaseNameOf(const std::string& uri);

}  // namespace ch::test
