#include "indexer/compact_id_set.h"

#include <functional>
#include <limits>
#include <stdexcept>

namespace ch {
namespace {

size_t HashOf(std::string_view id) { return std::hash<std::string_view>{}(id); }

size_t PowerOfTwoAtLeast(size_t n) {
  size_t p = 16;
  while (p < n) p *= 2;
  return p;
}

}  // namespace

void CompactIdSet::Reserve(size_t ids) {
  records_.reserve(ids);
  if (slots_.size() < 2 * ids) Grow(PowerOfTwoAtLeast(2 * ids));
}

size_t CompactIdSet::SlotFor(std::string_view id) const {
  const size_t mask = slots_.size() - 1;
  for (size_t slot = HashOf(id) & mask;; slot = (slot + 1) & mask) {
    const uint32_t s = slots_[slot];
    if (s == 0 || Id(records_[s - 1]) == id) return slot;
  }
}

void CompactIdSet::Grow(size_t slots) {
  slots_.assign(slots, 0);
  const size_t mask = slots - 1;
  for (size_t i = 0; i < records_.size(); ++i) {
    size_t slot = HashOf(Id(records_[i])) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = static_cast<uint32_t>(i + 1);
  }
}

const CompactIdSet::Record* CompactIdSet::Find(std::string_view id) const {
  if (slots_.empty()) return nullptr;
  const uint32_t s = slots_[SlotFor(id)];
  return s == 0 ? nullptr : &records_[s - 1];
}

std::optional<uint32_t> CompactIdSet::Insert(std::string_view id, uint32_t file, uint16_t tag) {
  if (const Record* r = Find(id)) return r->file;
  if (id.size() > std::numeric_limits<uint16_t>::max() ||
      arena_.size() + id.size() > std::numeric_limits<uint32_t>::max() ||
      records_.size() >= (size_t{1} << 31)) {
    throw std::length_error("too many ids for CompactIdSet");
  }
  if (2 * (records_.size() + 1) > slots_.size()) Grow(PowerOfTwoAtLeast(2 * (records_.size() + 1)));
  slots_[SlotFor(id)] = static_cast<uint32_t>(records_.size() + 1);
  records_.push_back(
      Record{static_cast<uint32_t>(arena_.size()), file, static_cast<uint16_t>(id.size()), tag});
  arena_.append(id);
  return std::nullopt;
}

size_t CompactIdSet::memory_bytes() const {
  return arena_.capacity() + records_.capacity() * sizeof(Record) +
         slots_.capacity() * sizeof(uint32_t);
}

}  // namespace ch
