#include "indexer/compact_id_set.h"

#include <functional>

namespace ch {

const CompactIdSet::Entry* CompactIdSet::Find(std::string_view id) const {
  auto [begin, end] = by_hash_.equal_range(std::hash<std::string_view>{}(id));
  for (auto it = begin; it != end; ++it) {
    const Entry& e = entries_[it->second];
    if (std::string_view(arena_).substr(e.offset, e.length) == id) return &e;
  }
  return nullptr;
}

std::optional<uint32_t> CompactIdSet::Insert(std::string_view id, uint32_t file) {
  if (const Entry* e = Find(id)) return e->file;
  by_hash_.emplace(std::hash<std::string_view>{}(id), static_cast<uint32_t>(entries_.size()));
  entries_.push_back(Entry{arena_.size(), static_cast<uint32_t>(id.size()), file});
  arena_.append(id);
  return std::nullopt;
}

size_t CompactIdSet::memory_bytes() const {
  // A multimap node holds the pair and a next pointer (and a cached hash); plus one bucket.
  constexpr size_t kNode = sizeof(std::pair<const uint64_t, uint32_t>) + 2 * sizeof(void*);
  return arena_.capacity() + entries_.capacity() * sizeof(Entry) + by_hash_.size() * kNode +
         by_hash_.bucket_count() * sizeof(void*);
}

}  // namespace ch
