#include "server/services/memo_stem.h"

#include <cstdint>
#include <utility>

#include "base/hash.h"

namespace ch {
namespace {

// A direct-mapped memo: a word has one slot (by its hash) and replaces whatever was there. Cheaper
// than an unordered_map, whose lookups cost as much as the stems they saved.
class MemoStem : public Xapian::StemImplementation {
 public:
  MemoStem(Xapian::Stem inner, MemoStemOptions options)
      : inner_(std::move(inner)), options_(options) {}

  std::string operator()(const std::string& word) override {
    if (word.size() > options_.max_word_bytes || options_.max_words == 0) return inner_(word);
    if (slots_.empty()) {  // on first use: most threads never stem a Spanish snippet
      size_t slots = 1;
      while (slots < options_.max_words) slots *= 2;
      slots_.resize(slots);
    }
    const uint64_t hash = Fnv1a64(word);
    Slot& slot = slots_[(hash ^ (hash >> 29)) & (slots_.size() - 1)];
    if (slot.used && slot.word == word) return slot.stem;
    slot.stem = inner_(word);
    slot.word = word;
    slot.used = true;
    return slot.stem;
  }

  std::string get_description() const override {
    return "ch:memo(" + inner_.get_description() + ")";
  }

 private:
  struct Slot {
    std::string word;
    std::string stem;
    bool used = false;
  };
  Xapian::Stem inner_;
  MemoStemOptions options_;
  std::vector<Slot> slots_;
};

}  // namespace

Xapian::Stem MemoizedStem(Xapian::Stem inner, MemoStemOptions options) {
  return Xapian::Stem(new MemoStem(std::move(inner), options));
}

MemoLanguageStemmers::MemoLanguageStemmers(MemoStemOptions options) {
  for (const auto& spec : AnalysedLanguages()) {
    stems_.push_back(MemoizedStem(MakeStemmer(spec), options));
  }
}

const Xapian::Stem& MemoLanguageStemmers::For(std::string_view code) const {
  const LanguageSpec& spec = LanguageFor(code);
  const auto& table = AnalysedLanguages();
  for (size_t i = 0; i < table.size(); ++i) {
    if (&table[i] == &spec) return stems_[i];
  }
  return stems_.front();
}

}  // namespace ch
