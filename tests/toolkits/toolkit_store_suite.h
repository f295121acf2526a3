// toolkit_store_suite.h: the behaviour every ToolkitStore must show, as one value-parameterised
// GoogleTest suite run against each backend.
//
// A backend gives each test a fresh, empty database and can open any number of stores on it
// (a second store is what a second server replica would have). Instantiate the suite once per
// backend, in the test binary that can run it:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, ToolkitStoreSuite,
//                            ::testing::Values(StoreBackendParam{"Sqlite", MakeSqliteBackend}),
//                            StoreBackendName);
//
// The tests themselves are in toolkit_store_suite.cc: round trips of every field and of any
// text, order, versions and conflicts, NotFound and AlreadyExists, deletes that take every
// row along, several stores on one database, and concurrent writers that lose no update.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "base/status.h"
#include "toolkits/toolkit_store.h"

namespace ch::test {

// One test's database on one backend.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // Opens a store on this test's database; every call opens another store on the same one.
  virtual Result<std::unique_ptr<ToolkitStore>> Open() = 0;
  // Runs `sql` directly on the database (as another program would) and returns the first
  // column of the first row as text ("" when no row). SQL common to SQLite and PostgreSQL only.
  virtual Result<std::string> Query(const std::string& sql) = 0;
};

struct StoreBackendParam {
  std::string name;  // "Sqlite", "Postgres": the test name's suffix
  // Makes a backend with a fresh database, or says why it cannot (no server, ...).
  std::function<Result<std::unique_ptr<StoreBackend>>()> make;
};

std::string StoreBackendName(const ::testing::TestParamInfo<StoreBackendParam>& info);
// Prints the backend's name (GoogleTest and ctest show it instead of the object's bytes).
void PrintTo(const StoreBackendParam& param, std::ostream* out);

class ToolkitStoreSuite : public ::testing::TestWithParam<StoreBackendParam> {
 protected:
  void SetUp() override;
  // A store on this test's database, or nullptr after recording a failure.
  std::unique_ptr<ToolkitStore> Open();
  // `sql`'s first value; records a failure and returns "" when the query fails.
  std::string Query(const std::string& sql);

  std::unique_ptr<StoreBackend> backend_;
};

// A toolkit with every field set: two sections, three items (one without a section), text
// with quotes, a newline and non-ASCII letters.
Toolkit SampleToolkit(const std::string& id);

// After a store opened a database that a version-1 release wrote with the one toolkit
// 'oldoldoldold' (title "From v1", version 4, items first-resource "kept note" and
// second-resource): checks the migrated toolkit, then that the new schema (sections) works on it.
void ExpectVersion1ToolkitMigrated(ToolkitStore& store);

}  // namespace ch::test
