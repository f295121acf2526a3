// word_model.h: the random word source of the corpus generator (ch-generate-corpus).
//
// Rng is a small xoshiro256** generator (seeded through splitmix64) with the few draws the
// generator needs; unlike the standard distributions its output is the same on every platform,
// so a seed always gives the same corpus. AliasTable draws from a fixed discrete distribution in
// O(1) (Walker/Vose). Vocabulary is a ranked word list with a Zipf sampler (ZipfShape); it counts
// the words it hands out.
//
// The word list: SampleWords ranks the body words of a real corpus by frequency, and
// AddSyntheticWords extends a list with pronounceable made-up words ("tralomex") up to a size,
// which gives the long tail of rare words (names, jargon, typos) that a real library has.
//
// Not thread-safe: one Rng and one Vocabulary per thread.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "indexer/taxonomy.h"

namespace ch::bench {

class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n < 2^32.
  size_t Below(size_t n) { return static_cast<size_t>((Next() >> 32) * n >> 32); }
  // Uniform in [lo, hi].
  int Between(int lo, int hi) {
    return lo + static_cast<int>(Below(static_cast<size_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  // Standard normal (Box-Muller).
  double Normal();
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

class AliasTable {
 public:
  explicit AliasTable(const std::vector<double>& weights);
  size_t Sample(Rng& rng) const {
    uint64_t r = rng.Next();
    size_t slot = static_cast<size_t>((r >> 32) * threshold_.size() >> 32);
    return static_cast<uint32_t>(r) < threshold_[slot] ? slot : alias_[slot];
  }

 private:
  void SetSlot(uint32_t i, double p, uint32_t alias);
  std::vector<uint32_t> threshold_;  // keep slot i when the low 32 random bits are below this
  std::vector<uint32_t> alias_;
};

// Word frequencies: rank k (1-based) has weight 1/k^exponent up to `knee`, and falls off with
// `tail_exponent` beyond it (weight knee^-exponent * (k/knee)^-tail_exponent). Real text follows
// such a two-regime Zipf law: an exponent near 1 for the common words, steeper for the rare ones.
// The steep tail makes the number of distinct words grow with the corpus (Heaps' law) instead of
// reaching the whole vocabulary after a few thousand documents.
struct ZipfShape {
  double exponent = 1.07;
  size_t knee = 10000;
  double tail_exponent = 2.5;
};

class Vocabulary {
 public:
  // Ranks below `function_ranks` are the function words that DrawContent mostly avoids.
  Vocabulary(std::vector<std::string> words, const ZipfShape& shape, size_t function_ranks = 40);
  size_t DrawRank(Rng& rng) const { return sampler_.Sample(rng); }
  // A rank in [lo, hi) drawn with the same frequencies (hi - lo must carry some weight).
  size_t DrawRankBetween(Rng& rng, size_t lo, size_t hi) const;
  const std::string& Use(size_t rank) {
    ++counts_[rank];
    return words_[rank];
  }
  const std::string& Draw(Rng& rng) { return Use(DrawRank(rng)); }
  // Mostly a content word (rank >= function_ranks): for titles, headings and keywords.
  const std::string& DrawContent(Rng& rng);
  size_t size() const { return words_.size(); }
  // How often each rank was handed out.
  const std::vector<uint64_t>& counts() const { return counts_; }

 private:
  std::vector<std::string> words_;
  AliasTable sampler_;
  std::vector<uint64_t> counts_;
  size_t function_ranks_;
};

std::string Lower(std::string s);
// Words of `text`: runs of letters and digits, joined by single inner hyphens or apostrophes.
std::vector<std::string> Tokenize(const std::string& text);
// The body words of the corpus in `sample_dir`, most frequent first (ties by spelling). A word is
// spelt in lowercase if it ever occurs so, else in its most frequent spelling ("NIBIN").
Result<std::vector<std::string>> SampleWords(const std::string& sample_dir,
                                             const Taxonomy& taxonomy);
// Appends pronounceable made-up words, none equal (ignoring case) to one already in `words`,
// until `words` holds `total`.
void AddSyntheticWords(size_t total, std::vector<std::string>& words, Rng& rng);
// Least-squares Zipf exponent (minus the slope of log count against log rank) over the `n` most
// frequent of `counts`.
double FitZipfExponent(std::vector<uint64_t> counts, size_t n);

}  // namespace ch::bench
