// FacetColumnStore's loads: one load per generation, and requests that arrive during it wait for
// it (at most load_wait) rather than count with Xapian's spy.
#include "server/services/facet_column_store.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <thread>

#include "tests/support/test_util.h"

namespace ch {
namespace {

using namespace std::chrono_literals;

// A one-document database, and a loader that holds each load until the test releases it.
class FacetColumnStoreTest : public ::testing::Test {
 protected:
  FacetColumnStoreTest() {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    doc.add_term("Qsample");
    w.add_document(doc);
    w.commit();
  }

  FacetColumnStoreOptions Paced(std::chrono::milliseconds wait) {
    FacetColumnStoreOptions options;
    options.load_wait = wait;
    options.load = [this](const Xapian::Database& db) {
      started_.set_value();
      release_.wait();
      return FacetColumn::Load(db);
    };
    return options;
  }

  test::TempDir dir_;
  std::promise<void> started_;
  std::promise<void> release_promise_;
  std::shared_future<void> release_ = release_promise_.get_future().share();
};

TEST_F(FacetColumnStoreTest, ARequestDuringALoadWaitsForItsColumn) {
  FacetColumnStore store(Paced(10s));
  Xapian::Database db(dir_.path().string());
  auto loader = std::async(std::launch::async, [&] { return store.For(db); });
  started_.get_future().wait();
  std::atomic<bool> returned{false};
  auto waiter = std::async(std::launch::async, [&] {
    std::shared_ptr<const FacetColumn> column = store.For(Xapian::Database(dir_.path().string()));
    returned = true;
    return column;
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(returned) << "the second request must wait for the load, not count with the spy";
  release_promise_.set_value();
  std::shared_ptr<const FacetColumn> loaded = loader.get();
  std::shared_ptr<const FacetColumn> waited = waiter.get();
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(waited, loaded) << "the waiting request gets the column just loaded";
  const FacetColumnStoreStats stats = store.stats();
  EXPECT_EQ(stats.loads, 1u);
  EXPECT_EQ(stats.waits, 1u);
  EXPECT_EQ(stats.fallbacks, 0u);
}

TEST_F(FacetColumnStoreTest, ALoadPastTheWaitLeavesTheRequestToTheSpy) {
  FacetColumnStore store(Paced(50ms));
  Xapian::Database db(dir_.path().string());
  auto loader = std::async(std::launch::async, [&] { return store.For(db); });
  started_.get_future().wait();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(store.For(Xapian::Database(dir_.path().string())), nullptr);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 50ms) << "it waited load_wait first";
  release_promise_.set_value();
  EXPECT_NE(loader.get(), nullptr);
  EXPECT_EQ(store.stats().fallbacks, 1u);
  EXPECT_NE(store.For(db), nullptr) << "once loaded, the column is served to everyone";
  EXPECT_EQ(store.stats().loads, 1u);
}

}  // namespace
}  // namespace ch
