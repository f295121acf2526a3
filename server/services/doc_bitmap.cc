#include "server/services/doc_bitmap.h"

#include <stdexcept>
#include <string>

// Counting is most of a facet count's work on a large match set: let the CPU's popcount
// instruction do it where it has one (GCC picks the clone at load time; Debian's baseline x86-64
// has none). Not under a sanitizer: the clones' resolvers run before its runtime is set up
// (ThreadSanitizer crashes at start-up).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && \
    !defined(__SANITIZE_ADDRESS__)
#define CH_POPCOUNT_CLONES __attribute__((target_clones("popcnt", "default")))
#else
#define CH_POPCOUNT_CLONES
#endif

namespace ch {

void DocBitmap::CheckSameLimit(const DocBitmap& other) const {
  if (other.limit_ != limit_) {
    throw std::invalid_argument("DocBitmap: sets of " + std::to_string(limit_) + " and " +
                                std::to_string(other.limit_) + " ids combined");
  }
}

void DocBitmap::And(const DocBitmap& other) {
  CheckSameLimit(other);
  for (size_t w = 0; w < words_.size(); ++w) words_[w] &= other.words_[w];
}

void DocBitmap::Or(const DocBitmap& other) {
  CheckSameLimit(other);
  for (size_t w = 0; w < words_.size(); ++w) words_[w] |= other.words_[w];
}

void DocBitmap::AndNot(const DocBitmap& other) {
  CheckSameLimit(other);
  for (size_t w = 0; w < words_.size(); ++w) words_[w] &= ~other.words_[w];
}

void DocBitmap::Xor(const DocBitmap& other) {
  CheckSameLimit(other);
  for (size_t w = 0; w < words_.size(); ++w) words_[w] ^= other.words_[w];
}

CH_POPCOUNT_CLONES uint64_t DocBitmap::Count() const {
  uint64_t n = 0;
  for (uint64_t word : words_) n += static_cast<uint64_t>(__builtin_popcountll(word));
  return n;
}

CH_POPCOUNT_CLONES uint64_t DocBitmap::CountAnd(const DocBitmap& other) const {
  CheckSameLimit(other);
  uint64_t n = 0;
  for (size_t w = 0; w < words_.size(); ++w) {
    n += static_cast<uint64_t>(__builtin_popcountll(words_[w] & other.words_[w]));
  }
  return n;
}

}  // namespace ch
