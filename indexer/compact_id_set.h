// compact_id_set.h: the ids seen so far in a streamed corpus, with the file each came from and a
// small tag (a full build keeps the resource's language there), in little memory: the ids' bytes
// in one arena, 12 bytes of record per id and an open-addressing table of 4-byte slots, at most
// half full: about 30 bytes per id plus its length (a node-based set of std::string costs about
// 100). A build of 1,000,000 resources holds ~40 MB here instead of every parsed file.
//
//   CompactIdSet ids;
//   ids.Reserve(paths.size());
//   if (std::optional<uint32_t> first = ids.Insert("nibin-guide", 12)) ...  // a duplicate
//   if (const CompactIdSet::Record* r = ids.Find("nibin-guide")) ... r->file, r->tag
//
// Exact: a hash finds the slot, the stored bytes decide. Limits: ids up to 65,535 bytes, 4 GiB of
// id bytes in all and 2^31 ids (std::length_error beyond). Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ch {

class CompactIdSet {
 public:
  struct Record {
    uint32_t offset;  // into the arena
    uint32_t file;    // the file the id came from first
    uint16_t length;
    uint16_t tag;  // as given to Insert by that file
  };

  // Room for `ids` ids without growing (an estimate; more still fit).
  void Reserve(size_t ids);
  // Adds `id` from file `file` with `tag`; when `id` is already there, returns the file it came
  // from first (and keeps that one's record).
  std::optional<uint32_t> Insert(std::string_view id, uint32_t file, uint16_t tag = 0);
  // The record of `id`, or nullptr; valid until the next Insert.
  const Record* Find(std::string_view id) const;
  bool Contains(std::string_view id) const { return Find(id) != nullptr; }
  size_t size() const { return records_.size(); }
  size_t memory_bytes() const;

 private:
  std::string_view Id(const Record& r) const {
    return std::string_view(arena_).substr(r.offset, r.length);
  }
  // The slot holding `id`, or the empty slot where it would go.
  size_t SlotFor(std::string_view id) const;
  void Grow(size_t slots);

  std::string arena_;
  std::vector<Record> records_;
  std::vector<uint32_t> slots_;  // record index + 1; 0 = empty; a power of two in size
};

}  // namespace ch
