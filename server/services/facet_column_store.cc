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
  ++stats_.loads;
  // The database may have moved on while loading: the column describes what it read.
  if (column->key() != key) return nullptr;
  columns_.push_back(column);
  if (columns_.size() > std::max<size_t>(options_.columns, 1)) columns_.erase(columns_.begin());
  return column;
}

size_t FacetColumnStore::BytesOf(const Entry& e) {
  size_t bytes = e.first.size() + sizeof(Entry) + sizeof(FacetTally);
  for (const auto& counts : e.second->counts) bytes += counts.size() * sizeof(uint32_t);
  return bytes;
}

std::shared_ptr<const FacetTally> FacetColumnStore::Cached(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = index_.find(key);
  if (found == index_.end()) {
    ++stats_.misses;
    return nullptr;
  }
  ++stats_.hits;
  lru_.splice(lru_.begin(), lru_, found->second);
  return found->second->second;
}

void FacetColumnStore::Remember(const std::string& key, std::shared_ptr<const FacetTally> tally) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (options_.cache_bytes == 0 || index_.count(key)) return;
  lru_.emplace_front(key, std::move(tally));
  const size_t bytes = BytesOf(lru_.front());
  if (bytes > options_.cache_bytes) {
    lru_.pop_front();
    return;
  }
  index_[key] = lru_.begin();
  cached_bytes_ += bytes;
  while (cached_bytes_ > options_.cache_bytes) {
    cached_bytes_ -= BytesOf(lru_.back());
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

FacetColumnStoreStats FacetColumnStore::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  FacetColumnStoreStats out = stats_;
  out.cached_entries = lru_.size();
  out.cached_bytes = cached_bytes_;
  for (const auto& c : columns_) out.column_bytes += c->memory_bytes();
  return out;
}

}  // namespace ch
