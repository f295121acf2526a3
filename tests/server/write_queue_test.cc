// WriteQueue (server/services/write_queue.h): jobs run one at a time, in submission order, on one
// thread that is not the caller's; results and exceptions come back through the future; jobs still
// queued at destruction run.
#include "server/services/write_queue.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ch {
namespace {

TEST(WriteQueueTest, RunsJobsOneAtATimeInSubmissionOrderOnItsOwnThread) {
  WriteQueue queue;
  std::atomic<int> running{0};
  std::atomic<int> most_at_once{0};
  std::vector<int> order;  // only the queue's thread touches it
  std::set<std::thread::id> threads;
  std::vector<std::future<int>> results;
  for (int i = 0; i < 50; ++i) {
    results.push_back(queue.Submit([&, i] {
      int now = ++running;
      if (now > most_at_once) most_at_once = now;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
      order.push_back(i);
      threads.insert(std::this_thread::get_id());
      --running;
      return i * i;
    }));
  }
  for (int i = 0; i < 50; ++i) EXPECT_EQ(results[i].get(), i * i);
  EXPECT_EQ(most_at_once.load(), 1);
  std::vector<int> expected(50);
  for (int i = 0; i < 50; ++i) expected[i] = i;
  EXPECT_EQ(order, expected);
  ASSERT_EQ(threads.size(), 1u);
  EXPECT_NE(*threads.begin(), std::this_thread::get_id());
}

TEST(WriteQueueTest, AnExceptionReachesTheCallerAndTheQueueGoesOn) {
  WriteQueue queue;
  std::future<int> failed = queue.Submit([]() -> int { throw std::runtime_error("disk full"); });
  try {
    failed.get();
    ADD_FAILURE() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "disk full");
  }
  EXPECT_EQ(queue.Submit([] { return std::string("next"); }).get(), "next");
}

TEST(WriteQueueTest, JobsStillQueuedAtDestructionRun) {
  std::atomic<int> done{0};
  {
    WriteQueue queue;
    queue.Submit([] { std::this_thread::sleep_for(std::chrono::milliseconds(50)); });
    for (int i = 0; i < 10; ++i) queue.Submit([&done] { ++done; });
  }  // the destructor waits for all eleven
  EXPECT_EQ(done.load(), 10);
}

TEST(WriteQueueTest, AcceptsJobsFromManyThreads) {
  WriteQueue queue;
  int total = 0;  // only the queue's thread touches it
  std::vector<std::thread> submitters;
  for (int t = 0; t < 4; ++t) {
    submitters.emplace_back([&] {
      for (int i = 0; i < 100; ++i) queue.Submit([&total] { ++total; }).get();
    });
  }
  for (auto& t : submitters) t.join();
  EXPECT_EQ(queue.Submit([&total] { return total; }).get(), 400);
}

}  // namespace
}  // namespace ch
