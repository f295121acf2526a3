// word_model.cc: random numbers, the Zipf word sampler and the word lists of the corpus
// generator (see word_model.h).
#include "benchmarks/word_model.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "indexer/corpus.h"

namespace ch::bench {
namespace {

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::vector<double> ZipfWeights(size_t n, const ZipfShape& shape) {
  std::vector<double> w(n);
  const double knee = static_cast<double>(std::max<size_t>(1, shape.knee));
  const double at_knee = std::pow(knee, -shape.exponent);
  for (size_t r = 0; r < n; ++r) {
    double k = static_cast<double>(r + 1);
    w[r] = k <= knee ? std::pow(k, -shape.exponent)
                     : at_knee * std::pow(k / knee, -shape.tail_exponent);
  }
  return w;
}

}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) {  // splitmix64
    seed += 0x9e3779b97f4a7c15ULL;
    uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    s = z ^ (z >> 31);
  }
}

double Rng::Normal() {
  double u = 1.0 - Unit(), v = Unit();
  return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * M_PI * v);
}

AliasTable::AliasTable(const std::vector<double>& weights)
    : threshold_(weights.size()), alias_(weights.size()) {
  const size_t n = weights.size();
  double total = 0;
  for (double w : weights) total += w;
  std::vector<double> scaled(n);
  std::vector<uint32_t> small, large;
  for (size_t i = 0; i < n; ++i) {
    scaled[i] = weights[i] * static_cast<double>(n) / total;
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    uint32_t s = small.back(), l = large.back();
    small.pop_back();
    SetSlot(s, scaled[s], l);
    scaled[l] -= 1.0 - scaled[s];
    if (scaled[l] < 1.0) {
      large.pop_back();
      small.push_back(l);
    }
  }
  for (uint32_t i : small) SetSlot(i, 1.0, i);  // rounding leftovers: keep themselves
  for (uint32_t i : large) SetSlot(i, 1.0, i);
}

void AliasTable::SetSlot(uint32_t i, double p, uint32_t alias) {
  threshold_[i] = p >= 1.0 ? UINT32_MAX : static_cast<uint32_t>(p * 4294967296.0);
  alias_[i] = alias;
}

Vocabulary::Vocabulary(std::vector<std::string> words, const ZipfShape& shape,
                       size_t function_ranks)
    : words_(std::move(words)),
      sampler_(ZipfWeights(words_.size(), shape)),
      counts_(words_.size()),
      function_ranks_(function_ranks) {}

size_t Vocabulary::DrawRankBetween(Rng& rng, size_t lo, size_t hi) const {
  hi = std::min(hi, words_.size());
  for (;;) {
    size_t rank = DrawRank(rng);
    if (rank >= lo && rank < hi) return rank;
  }
}

const std::string& Vocabulary::DrawContent(Rng& rng) {
  size_t rank = DrawRank(rng);
  while (rank < function_ranks_ && rng.Chance(0.85)) rank = DrawRank(rng);
  return Use(rank);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Tokenize(const std::string& text) {
  std::vector<std::string> out;
  auto joiner = [&](size_t i) {
    return (text[i] == '-' || text[i] == '\'') && i + 1 < text.size() && IsWordChar(text[i + 1]);
  };
  size_t i = 0;
  while (i < text.size()) {
    if (!IsWordChar(text[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && (IsWordChar(text[i]) || joiner(i))) ++i;
    out.push_back(text.substr(start, i - start));
  }
  return out;
}

Result<std::vector<std::string>> SampleWords(const std::string& sample_dir,
                                             const Taxonomy& taxonomy) {
  auto files = ListCorpusFiles(sample_dir);
  if (!files.ok()) return files.status();
  std::unordered_map<std::string, std::map<std::string, size_t>> spellings;
  for (const auto& path : *files) {
    ParsedResource parsed = ReadResourceFile(sample_dir, path, taxonomy);
    for (auto& word : Tokenize(parsed.resource.body_text)) spellings[Lower(word)][word]++;
  }
  if (spellings.empty()) return Status::InvalidArgument("no words in the bodies of " + sample_dir);
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& [key, forms] : spellings) {
    size_t total = 0, best = 0;
    std::string spelling = key;
    const bool has_lowercase = forms.count(key) > 0;
    for (const auto& [form, n] : forms) {
      total += n;
      if (!has_lowercase && n > best) {
        best = n;
        spelling = form;
      }
    }
    ranked.emplace_back(total, spelling);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> words;
  for (auto& entry : ranked) words.push_back(std::move(entry.second));
  return words;
}

void AddSyntheticWords(size_t total, std::vector<std::string>& words, Rng& rng) {
  static constexpr const char* kOnsets[] = {
      "b", "c", "d", "f",  "g",  "h",  "j",  "k",  "l",  "m",  "n",  "p",  "r",  "s",  "t",
      "v", "w", "z", "br", "cr", "dr", "st", "tr", "pl", "ch", "sh", "th", "gr", "fl", "sk"};
  static constexpr const char* kVowels[] = {"a", "e", "i",  "o",  "u",  "a", "e",
                                            "i", "o", "ai", "ea", "ou", "y"};
  static constexpr const char* kCodas[] = {"",  "",  "",   "n",  "r", "s", "l",
                                           "t", "x", "nd", "st", "m", "ck"};
  std::unordered_set<std::string> taken;
  for (const auto& w : words) taken.insert(Lower(w));
  while (words.size() < total) {
    std::string w;
    double shape = rng.Unit();
    int syllables = shape < 0.15 ? 1 : shape < 0.7 ? 2 : 3;
    for (int i = 0; i < syllables; ++i) {
      w += rng.Pick(kOnsets);
      w += rng.Pick(kVowels);
      if (i + 1 == syllables || rng.Chance(0.3)) w += rng.Pick(kCodas);
    }
    if (taken.insert(w).second) words.push_back(std::move(w));
  }
}

double FitZipfExponent(std::vector<uint64_t> counts, size_t n) {
  std::sort(counts.rbegin(), counts.rend());
  while (!counts.empty() && counts.back() == 0) counts.pop_back();
  n = std::min(n, counts.size());
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t r = 0; r < n; ++r) {
    double x = std::log(static_cast<double>(r + 1)), y = std::log(static_cast<double>(counts[r]));
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double d = static_cast<double>(n) * sxx - sx * sx;
  return d > 0 ? -(static_cast<double>(n) * sxy - sx * sy) / d : 0;
}

}  // namespace ch::bench
