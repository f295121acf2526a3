// FifoGate (fifo_gate.h): never more holders than slots, callers let in in the order they came,
// and no limit at 0 slots.
#include "base/fifo_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "tests/support/test_util.h"

namespace ch {
namespace {

// Waits (at most 10 s) until `n` callers wait at the gate.
bool WaitersReach(const FifoGate& gate, size_t n) {
  return test::WaitUntil([&] { return gate.stats().waiting >= n; }, std::chrono::seconds(10),
                         std::chrono::milliseconds(1));
}

TEST(FifoGateTest, NeverMoreHoldersThanSlots) {
  FifoGate gate(2);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        FifoGate::Pass pass = gate.Enter();
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --inside;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_LE(most.load(), 2) << "more passes held at once than the gate's 2 slots";
  EXPECT_EQ(most.load(), 2) << "8 threads should fill both slots";
  const FifoGateStats stats = gate.stats();
  EXPECT_EQ(stats.entered, 400u);
  EXPECT_GT(stats.waited, 0u);
  EXPECT_EQ(stats.inside, 0u);
  EXPECT_EQ(stats.waiting, 0u);
}

TEST(FifoGateTest, CallersEnterInTheOrderTheyCame) {
  FifoGate gate(1);
  std::optional<FifoGate::Pass> first(gate.Enter());
  std::mutex order_mutex;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int caller = 0; caller < 5; ++caller) {
    threads.emplace_back([&, caller] {
      FifoGate::Pass pass = gate.Enter();
      std::lock_guard<std::mutex> lock(order_mutex);
      order.push_back(caller);
    });
    ASSERT_TRUE(WaitersReach(gate, static_cast<size_t>(caller) + 1)) << "caller " << caller;
  }
  first.reset();  // the first pass leaves: the others enter one by one
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4})) << "callers let in out of arrival order";
}

TEST(FifoGateTest, ZeroSlotsMeansNoLimit) {
  FifoGate gate(0);
  std::vector<FifoGate::Pass> passes;
  for (int i = 0; i < 5; ++i) passes.push_back(gate.Enter());  // would block past any limit
  EXPECT_EQ(gate.stats().entered, 5u);
  EXPECT_EQ(gate.stats().waited, 0u);
}

}  // namespace
}  // namespace ch
