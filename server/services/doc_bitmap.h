// doc_bitmap.h: a set of document ids of one index generation, one bit per id, for evaluating
// match sets with word operations (match_set.h) and counting facets with popcounts
// (facet_column.h).
//
//   DocBitmap matched(db.get_lastdocid() + 1);
//   matched.Set(42);
//   matched.And(filter);                      // both sized for the same generation
//   uint64_t n = matched.Count();
//   matched.ForEach([](Xapian::docid id) { ... });   // ascending ids
//
// Dense on purpose: the sets it holds are the frequent terms' postings and the match sets of
// searches, which at 250,000 documents often hold a third of the index or more; a bit per id
// (31 KB there, 125 KB at a million) makes every operation a linear pass over machine words that
// compilers vectorise, with no branches per document. Sparse sets stay sorted id lists where
// they are kept (facet_column.h).
//
// Sizes: `limit` ids, 0 .. limit - 1 (id 0 is never a document). Set and Test ignore ids at or
// past the limit. The two-set operations need sets of the same limit (one generation): they
// check it and throw std::invalid_argument otherwise, a programming error.
// Thread-compatible: const members may be called concurrently; a set being changed belongs to one
// thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <xapian.h>

namespace ch {

class DocBitmap {
 public:
  DocBitmap() = default;
  explicit DocBitmap(Xapian::docid limit) : limit_(limit), words_((limit + 63) / 64, 0) {}

  Xapian::docid limit() const { return limit_; }
  void Set(Xapian::docid id) {
    if (id < limit_) words_[id >> 6] |= uint64_t{1} << (id & 63);
  }
  bool Test(Xapian::docid id) const {
    return id < limit_ && (words_[id >> 6] >> (id & 63) & 1) != 0;
  }

  void And(const DocBitmap& other);
  void Or(const DocBitmap& other);
  void AndNot(const DocBitmap& other);
  void Xor(const DocBitmap& other);

  uint64_t Count() const;
  // |this ∩ other|, without building the intersection.
  uint64_t CountAnd(const DocBitmap& other) const;

  // Calls f(id) for every id in the set, ascending.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t w = 0; w < words_.size(); ++w) {
      for (uint64_t bits = words_[w]; bits != 0; bits &= bits - 1) {
        f(static_cast<Xapian::docid>(w * 64 + static_cast<size_t>(__builtin_ctzll(bits))));
      }
    }
  }

  size_t memory_bytes() const { return sizeof(*this) + words_.capacity() * sizeof(uint64_t); }

 private:
  void CheckSameLimit(const DocBitmap& other) const;

  Xapian::docid limit_ = 0;
  std::vector<uint64_t> words_;
};

}  // namespace ch
