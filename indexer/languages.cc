#include "indexer/languages.h"

#include "indexer/stopwords.h"
#include "indexer/text_fold.h"

namespace ch {
namespace {

// The analysed languages. Add a row (and its stop words in stopwords.cc) to add one.
const std::vector<LanguageSpec>& Table() {
  static const std::vector<LanguageSpec> table = {
      {"en", "English", "english", &EnglishStopper, nullptr},
      {"es", "Espa\xC3\xB1ol", "spanish", &SpanishStopper, &SpanishPluralFold},
  };
  return table;
}

std::string Lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Folds accents, normalises, then stems with Snowball. Owns its Snowball stemmer, so it is as
// thread-compatible as Xapian::Stem.
class NormalisingStem : public Xapian::StemImplementation {
 public:
  explicit NormalisingStem(const LanguageSpec& spec) : spec_(spec), snowball_(spec.snowball) {}
  std::string operator()(const std::string& word) override {
    return snowball_(spec_.normalise(Lower(FoldAccents(word))));
  }
  std::string get_description() const override {
    return std::string("ch:") + spec_.snowball + "+normalise";
  }

 private:
  const LanguageSpec& spec_;
  Xapian::Stem snowball_;
};

}  // namespace

const std::vector<LanguageSpec>& AnalysedLanguages() { return Table(); }

const LanguageSpec* FindAnalysedLanguage(std::string_view code) {
  for (const auto& spec : Table()) {
    if (code == spec.code) return &spec;
  }
  return nullptr;
}

const LanguageSpec& DefaultLanguage() { return Table().front(); }

const LanguageSpec& LanguageFor(std::string_view code) {
  const LanguageSpec* spec = FindAnalysedLanguage(code);
  return spec ? *spec : DefaultLanguage();
}

std::string SpanishPluralFold(std::string_view word) {
  std::string w(word);
  const size_t n = w.size();
  if (n < 5) return w;
  auto at = [&](size_t from_end) { return w[n - from_end]; };
  switch (at(1)) {
    case 'o':
    case 'a':
    case 'e':
      return w.substr(0, n - 1);
    case 's':
      if (at(2) == 'e' && at(3) == 's' && at(4) == 'e') return w.substr(0, n - 2);
      if (at(2) == 'e' && at(3) == 'c') return w.substr(0, n - 3) + "z";
      if (at(2) == 'o' || at(2) == 'a' || at(2) == 'e') return w.substr(0, n - 2);
      return w;
  }
  return w;
}

Xapian::Stem MakeStemmer(const LanguageSpec& spec) {
  if (!spec.normalise) return Xapian::Stem(spec.snowball);
  return Xapian::Stem(new NormalisingStem(spec));
}

LanguageStemmers::LanguageStemmers() {
  for (const auto& spec : Table()) stems_.push_back(MakeStemmer(spec));
}

const Xapian::Stem& LanguageStemmers::For(const LanguageSpec& spec) const {
  for (size_t i = 0; i < stems_.size(); ++i) {
    if (&Table()[i] == &spec) return stems_[i];
  }
  return stems_.front();
}

}  // namespace ch
