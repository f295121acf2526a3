#include "base/lru_cache.h"

#include <gtest/gtest.h>

namespace ch {
namespace {

// Put's cost is the value's bytes plus twice the key and 128 of bookkeeping; keys here are one
// character, so an entry of 870 bytes costs 1000.
constexpr size_t kEntry = 870;

TEST(LruCacheTest, ReturnsWhatWasPutAndCountsHitsAndMisses) {
  LruCache<int> cache(10'000);
  EXPECT_EQ(cache.Get("a"), nullptr);
  cache.Put("a", std::make_shared<const int>(7), kEntry);
  ASSERT_NE(cache.Get("a"), nullptr);
  EXPECT_EQ(*cache.Get("a"), 7);
  EXPECT_EQ(cache.stats().hits, 2u);
  EXPECT_EQ(cache.stats().misses, 1u);
  EXPECT_EQ(cache.stats().entries, 1u);
  EXPECT_EQ(cache.stats().bytes, 1000u);
}

TEST(LruCacheTest, LeastRecentlyUsedGoesFirstOnceOverBudget) {
  LruCache<int> cache(3000);
  cache.Put("a", std::make_shared<const int>(1), kEntry);
  cache.Put("b", std::make_shared<const int>(2), kEntry);
  cache.Put("c", std::make_shared<const int>(3), kEntry);
  ASSERT_NE(cache.Get("a"), nullptr);  // now b is the least recently used
  cache.Put("d", std::make_shared<const int>(4), kEntry);
  EXPECT_EQ(cache.Get("b"), nullptr) << "the least recently used entry is evicted";
  EXPECT_NE(cache.Get("a"), nullptr);
  EXPECT_NE(cache.Get("c"), nullptr);
  EXPECT_NE(cache.Get("d"), nullptr);
  EXPECT_LE(cache.stats().bytes, 3000u) << "never over the budget";
  EXPECT_EQ(cache.stats().evictions, 1u);
}

TEST(LruCacheTest, KeepsNothingLargerThanTheBudgetNorAnythingWithABudgetOfZero) {
  LruCache<int> small(1500);
  small.Put("a", std::make_shared<const int>(1), kEntry);
  small.Put("b", std::make_shared<const int>(2), 2 * kEntry);
  EXPECT_EQ(small.Get("b"), nullptr);
  EXPECT_NE(small.Get("a"), nullptr) << "an entry that can never fit evicts nothing";
  EXPECT_EQ(small.stats().bytes, 1000u);
  LruCache<int> none(0);
  none.Put("a", std::make_shared<const int>(1), 0);
  EXPECT_EQ(none.Get("a"), nullptr);
  EXPECT_EQ(none.stats().entries, 0u);
}

TEST(LruCacheTest, KeepsTheFirstValueOfAKeyAndValuesOutliveEviction) {
  LruCache<int> cache(1000);
  cache.Put("a", std::make_shared<const int>(1), kEntry);
  cache.Put("a", std::make_shared<const int>(2), kEntry);
  std::shared_ptr<const int> held = cache.Get("a");
  ASSERT_NE(held, nullptr);
  EXPECT_EQ(*held, 1);
  cache.Put("b", std::make_shared<const int>(3), kEntry);  // evicts a
  EXPECT_EQ(cache.Get("a"), nullptr);
  EXPECT_EQ(*held, 1) << "a value handed out stays valid after eviction";
}

}  // namespace
}  // namespace ch
