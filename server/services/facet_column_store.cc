#include "server/services/facet_column_store.h"

namespace ch {

std::shared_ptr<const FacetColumn> FacetColumnStore::For(const Xapian::Database& db) {
  const FacetColumn::Key key = FacetColumn::KeyOf(db);
  {
    std::unique_lock<std::mutex> lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + options_.load_wait;
    bool waited = false;
    while (true) {
      for (const auto& c : columns_) {
        if (c->key() == key) return c;
      }
      if (!loading_) break;  // load it here (another generation's load may have just ended)
      if (!waited) ++waits_;
      waited = true;
      if (loaded_.wait_until(lock, deadline) == std::cv_status::timeout && loading_) {
        ++fallbacks_;
        return nullptr;
      }
    }
    loading_ = true;
  }
  std::shared_ptr<const FacetColumn> column;
  try {
    column = options_.load ? options_.load(db) : FacetColumn::Load(db);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    loading_ = false;
    loaded_.notify_all();
    throw;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  loading_ = false;
  loaded_.notify_all();
  ++loads_;
  // The database may have moved on while loading: the column describes what it read.
  if (column->key() != key) return nullptr;
  columns_.push_back(column);
  if (columns_.size() > std::max<size_t>(options_.columns, 1)) columns_.erase(columns_.begin());
  return column;
}

std::shared_ptr<const FacetTally> FacetColumnStore::Cached(const std::string& key) {
  return tallies_.Get(key);
}

void FacetColumnStore::Remember(const std::string& key, std::shared_ptr<const FacetTally> tally) {
  size_t bytes = sizeof(FacetTally);
  for (const auto& counts : tally->counts) bytes += counts.size() * sizeof(uint32_t);
  tallies_.Put(key, std::move(tally), bytes);
}

FacetColumnStoreStats FacetColumnStore::stats() const {
  const LruCacheStats cached = tallies_.stats();
  FacetColumnStoreStats out;
  out.hits = cached.hits;
  out.misses = cached.misses;
  out.cached_entries = cached.entries;
  out.cached_bytes = cached.bytes;
  const LruCacheStats sets = match_sets_.stats();
  out.match_set_hits = sets.hits;
  out.match_set_misses = sets.misses;
  out.match_set_entries = sets.entries;
  out.match_set_bytes = sets.bytes;
  const LruCacheStats tiers = impact_tiers_.stats();
  out.impact_tier_hits = tiers.hits;
  out.impact_tier_misses = tiers.misses;
  out.impact_tier_entries = tiers.entries;
  out.impact_tier_bytes = tiers.bytes;
  std::lock_guard<std::mutex> lock(mutex_);
  out.loads = loads_;
  out.waits = waits_;
  out.fallbacks = fallbacks_;
  for (const auto& c : columns_) out.column_bytes += c->memory_bytes();
  return out;
}

}  // namespace ch
