#include "server/services/facet_column_store.h"

namespace ch {

std::shared_ptr<const FacetColumn> FacetColumnStore::For(const Xapian::Database& db) {
  const FacetColumn::Key key = FacetColumn::KeyOf(db);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& c : columns_) {
      if (c->key() == key) return c;
    }
    if (loading_) return nullptr;
    loading_ = true;
  }
  std::shared_ptr<const FacetColumn> column;
  try {
    column = FacetColumn::Load(db);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    loading_ = false;
    throw;
  }
  std::lock_guard<std::mutex> lock(mutex_);
  loading_ = false;
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
  std::lock_guard<std::mutex> lock(mutex_);
  out.loads = loads_;
  for (const auto& c : columns_) out.column_bytes += c->memory_bytes();
  return out;
}

}  // namespace ch
