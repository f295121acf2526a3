// RunOrderedPipeline: results arrive in order, memory stays bounded, and an error on either side
// stops both threads and reaches the caller.
#include "indexer/ordered_pipeline.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ch {
namespace {

TEST(OrderedPipelineTest, ConsumesEveryItemInOrderOnTheCallersThread) {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<bool> produced_elsewhere{true};
  std::vector<std::string> seen;
  RunOrderedPipeline<std::unique_ptr<std::string>>(
      1000, 8,
      [&](size_t i) {
        if (std::this_thread::get_id() == caller) produced_elsewhere = false;
        return std::make_unique<std::string>("item-" + std::to_string(i));
      },
      [&](size_t i, std::unique_ptr<std::string> item) {
        EXPECT_EQ(std::this_thread::get_id(), caller);
        EXPECT_EQ(*item, "item-" + std::to_string(i));
        seen.push_back(*item);
      });
  ASSERT_EQ(seen.size(), 1000u);
  EXPECT_EQ(seen.back(), "item-999");
  EXPECT_TRUE(produced_elsewhere);
}

TEST(OrderedPipelineTest, ProducerRunsAtMostDepthItemsAhead) {
  std::atomic<size_t> produced{0};
  size_t most_ahead = 0;
  RunOrderedPipeline<size_t>(
      200, 4,
      [&](size_t i) {
        produced = i + 1;
        return i;
      },
      [&](size_t i, size_t) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        // Produced but not consumed: the queue (4) plus the one item in the worker's hands.
        most_ahead = std::max(most_ahead, produced.load() - i);
      });
  EXPECT_LE(most_ahead, 4u + 1u + 1u);
  EXPECT_GE(most_ahead, 2u);  // it did run ahead
}

TEST(OrderedPipelineTest, ProducerErrorArrivesAfterTheItemsBeforeIt) {
  std::vector<size_t> consumed;
  try {
    RunOrderedPipeline<size_t>(
        100, 8,
        [](size_t i) -> size_t {
          if (i == 37) throw std::runtime_error("document 37 is bad");
          return i;
        },
        [&](size_t, size_t item) { consumed.push_back(item); });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "document 37 is bad");
  }
  ASSERT_EQ(consumed.size(), 37u);
  EXPECT_EQ(consumed.back(), 36u);
}

TEST(OrderedPipelineTest, ConsumerErrorStopsTheProducer) {
  std::atomic<size_t> produced{0};
  EXPECT_THROW(RunOrderedPipeline<size_t>(
                   1000000, 4,
                   [&](size_t i) {
                     ++produced;
                     return i;
                   },
                   [](size_t i, size_t) {
                     if (i == 10) throw std::runtime_error("disk full");
                   }),
               std::runtime_error);
  // The worker has been joined and stopped within the queue's depth of the failure.
  EXPECT_LE(produced.load(), 10u + 4u + 2u);
}

TEST(OrderedPipelineTest, NothingToDo) {
  bool called = false;
  RunOrderedPipeline<int>(
      0, 4,
      [&](size_t) {
        called = true;
        return 0;
      },
      [&](size_t, int) { called = true; });
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace ch
