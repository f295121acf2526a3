// compact_id_set.h: the ids seen so far in a streamed corpus, with the file each came from, in
// little memory: the ids' bytes in one arena plus about 40 bytes per id of index (a node-based
// set of std::string costs about 100). A build of 1,000,000 resources holds ~70 MB here instead
// of every parsed file.
//
//   CompactIdSet ids;
//   if (std::optional<uint32_t> first = ids.Insert("nibin-guide", 12)) ...  // a duplicate
//   if (ids.Contains("nibin-guide")) ...
//
// Exact: a hash finds candidates, the stored bytes decide. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ch {

class CompactIdSet {
 public:
  // Adds `id` from file `file`; when `id` is already there, returns the file it came from first
  // (and keeps that one).
  std::optional<uint32_t> Insert(std::string_view id, uint32_t file);
  bool Contains(std::string_view id) const { return Find(id) != nullptr; }
  size_t size() const { return entries_.size(); }
  size_t memory_bytes() const;

 private:
  struct Entry {
    uint64_t offset;  // into arena_
    uint32_t length;
    uint32_t file;
  };
  const Entry* Find(std::string_view id) const;

  std::string arena_;
  std::vector<Entry> entries_;
  std::unordered_multimap<uint64_t, uint32_t> by_hash_;  // hash -> index into entries_
};

}  // namespace ch
