// RateLimiter (server/services/rate_limiter.h): failed attempts per address, the limit exactly at
// and one past, the window, the bound on tracked addresses, and exact counts under concurrency.
#include "server/services/rate_limiter.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace ch {
namespace {

TEST(RateLimiterTest, AnUnknownAddressNeverWaits) {
  RateLimiter limiter;
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 0);
}

TEST(RateLimiterTest, RefusesOnlyOnceTheFailuresReachTheLimit) {
  RateLimiter limiter({.max_failures = 3, .window = std::chrono::seconds(60)});
  limiter.RecordFailure("192.0.2.1");
  limiter.RecordFailure("192.0.2.1");
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 0) << "one failure below the limit";
  limiter.RecordFailure("192.0.2.1");
  const int wait = limiter.SecondsToWait("192.0.2.1");
  EXPECT_GT(wait, 0) << "at the limit";
  EXPECT_LE(wait, 60) << "never longer than the window";
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.2"), 0) << "other addresses are not affected";
}

TEST(RateLimiterTest, TheAddressMayTryAgainOnceTheWindowHasPassed) {
  RateLimiter limiter({.max_failures = 1, .window = std::chrono::seconds(1)});
  limiter.RecordFailure("192.0.2.1");
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1050));
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 0);
  limiter.RecordFailure("192.0.2.1");
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 1) << "a new window counts from zero again";
}

TEST(RateLimiterTest, ForgetsTheOldestAddressWhenTrackingMoreThanTheMaximum) {
  RateLimiter limiter({.max_failures = 1, .window = std::chrono::seconds(60), .max_addresses = 2});
  limiter.RecordFailure("192.0.2.1");
  limiter.RecordFailure("192.0.2.2");
  EXPECT_GT(limiter.SecondsToWait("192.0.2.1"), 0) << "two addresses: both are tracked";
  EXPECT_GT(limiter.SecondsToWait("192.0.2.2"), 0);
  limiter.RecordFailure("192.0.2.3");
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 0) << "the third pushes out the oldest";
  EXPECT_GT(limiter.SecondsToWait("192.0.2.2"), 0);
  EXPECT_GT(limiter.SecondsToWait("192.0.2.3"), 0);
}

TEST(RateLimiterTest, CountsEveryFailureRecordedFromManyThreads) {
  RateLimiter limiter({.max_failures = 800, .window = std::chrono::seconds(60)});
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&limiter, t] {
      for (int i = 0; i < (t == 0 ? 99 : 100); ++i) limiter.RecordFailure("192.0.2.1");
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(limiter.SecondsToWait("192.0.2.1"), 0) << "799 failures: none was counted twice";
  limiter.RecordFailure("192.0.2.1");
  EXPECT_GT(limiter.SecondsToWait("192.0.2.1"), 0) << "the 800th: none was lost";
}

}  // namespace
}  // namespace ch
