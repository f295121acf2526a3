// lru_cache.h: a bounded map from string keys to immutable shared values, least recently used
// out first once the values' bytes pass a budget.
//
//   LruCache<FacetTally> cache(32 << 20);
//   if (std::shared_ptr<const FacetTally> hit = cache.Get(key)) return hit;
//   cache.Put(key, std::make_shared<const FacetTally>(...), bytes);
//
// Bytes: what the caller says an entry costs (Put's `bytes`), plus the key and the bookkeeping.
// An entry larger than the whole budget is not kept; a budget of 0 keeps nothing. A key is
// stored once: Put of a key already present keeps the first value (callers key by content, so
// both are equal).
//
// Values are shared: a value handed out by Get stays valid however long its holder keeps it,
// even after eviction. Thread-safe: every member may be called from any thread (one mutex, held
// only for the map update, never while a caller computes a value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ch {

struct LruCacheStats {
  uint64_t hits = 0, misses = 0, evictions = 0;
  size_t entries = 0, bytes = 0;
};

template <typename V>
class LruCache {
 public:
  explicit LruCache(size_t max_bytes) : max_bytes_(max_bytes) {}
  LruCache(const LruCache&) = delete;
  LruCache& operator=(const LruCache&) = delete;

  // The value stored under `key`, now the most recently used; nullptr when there is none.
  std::shared_ptr<const V> Get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) {
      ++stats_.misses;
      return nullptr;
    }
    ++stats_.hits;
    lru_.splice(lru_.begin(), lru_, found->second);
    return found->second->value;
  }

  void Put(const std::string& key, std::shared_ptr<const V> value, size_t bytes) {
    const size_t cost = bytes + 2 * key.size() + kOverhead;
    std::lock_guard<std::mutex> lock(mutex_);
    if (cost > max_bytes_ || index_.count(key)) return;
    lru_.push_front(Entry{key, std::move(value), cost});
    index_[key] = lru_.begin();
    bytes_ += cost;
    while (bytes_ > max_bytes_) {
      bytes_ -= lru_.back().cost;
      index_.erase(lru_.back().key);
      lru_.pop_back();
      ++stats_.evictions;
    }
  }

  size_t max_bytes() const { return max_bytes_; }
  // Every key held, most recently used first (a copy: the cache may change meanwhile).
  std::vector<std::string> Keys() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    out.reserve(lru_.size());
    for (const Entry& e : lru_) out.push_back(e.key);
    return out;
  }

  LruCacheStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    LruCacheStats out = stats_;
    out.entries = lru_.size();
    out.bytes = bytes_;
    return out;
  }

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const V> value;
    size_t cost;
  };
  // The list node, the hash node and the shared_ptr's control block, roughly.
  static constexpr size_t kOverhead = 128;

  const size_t max_bytes_;
  mutable std::mutex mutex_;  // guards everything below
  std::list<Entry> lru_;      // most recently used first
  std::unordered_map<std::string, typename std::list<Entry>::iterator> index_;
  size_t bytes_ = 0;
  LruCacheStats stats_;
};

}  // namespace ch
