#include "indexer/compounds.h"

#include <algorithm>

namespace ch {
namespace {

// The length in bytes of the character at `i` when the TermGenerator counts it as part of a word
// (Xapian::Unicode::is_wordchar: letters, digits, marks), else 0. Decoded with the TermGenerator's
// own Utf8Iterator, so that a byte that is not valid UTF-8 is read as it reads it.
size_t WordCharAt(std::string_view text, size_t i) {
  if (i >= text.size()) return 0;
  Xapian::Utf8Iterator it(text.data() + i, text.size() - i);
  if (!Xapian::Unicode::is_wordchar(*it)) return 0;
  ++it;
  return static_cast<size_t>(it.raw() - (text.data() + i));
}

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }

constexpr size_t kMaxTermBytes = 64;  // the TermGenerator's limit on a word's length

// The compound made of `parts` (as written), or false when it is not one (fewer than two parts,
// or digits only).
bool MakeCompound(const std::vector<std::string_view>& parts, HyphenCompound* out) {
  if (parts.size() < 2) return false;
  bool letter = false;
  for (std::string_view p : parts) {
    for (unsigned char c : p) letter = letter || !IsDigit(c);
  }
  if (!letter) return false;
  auto capital = [](std::string_view p) { return p[0] >= 'A' && p[0] <= 'Z'; };
  out->capitalised = capital(parts[0]);
  for (std::string_view p : parts) {
    out->capitalised_parts.push_back(capital(p));
    std::string lower = Xapian::Unicode::tolower(std::string(p));
    out->joined += lower;
    out->parts.push_back(std::move(lower));
  }
  return true;
}

}  // namespace

std::vector<HyphenCompound> HyphenCompounds(std::string_view text) {
  std::vector<HyphenCompound> out;
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < text.size()) {
    if (WordCharAt(text, i) == 0) {
      ++i;
      continue;
    }
    // A word; a compound goes on while a single hyphen joins it to the next word.
    parts.clear();
    for (;;) {
      size_t start = i;
      while (size_t len = WordCharAt(text, i)) i += len;
      parts.push_back(text.substr(start, i - start));
      const bool joined = i + 1 < text.size() && text[i] == '-' && WordCharAt(text, i + 1) > 0;
      if (!joined) break;
      ++i;
    }
    HyphenCompound compound;
    if (MakeCompound(parts, &compound)) out.push_back(std::move(compound));
  }
  return out;
}

std::string JoinedCompoundTerm(const HyphenCompound& compound, const Xapian::Stem& stemmer,
                               bool stem_it) {
  const unsigned char first = static_cast<unsigned char>(compound.joined[0]);
  if (stem_it && !IsDigit(first)) return "Z" + stemmer(compound.joined);
  return compound.joined;
}

std::vector<std::string> CompoundPartTerms(const HyphenCompound& compound,
                                           const Xapian::Stem& stemmer, bool stem_words,
                                           const Xapian::Stopper* stop_words) {
  std::vector<std::string> out;
  for (size_t i = 0; i < compound.parts.size(); ++i) {
    const std::string& part = compound.parts[i];
    const bool letter = std::any_of(part.begin(), part.end(),
                                    [](unsigned char c) { return !IsDigit(c); });
    if (!letter || (stop_words && (*stop_words)(part))) continue;
    const bool stem_it = stem_words && !compound.capitalised_parts[i] &&
                         !IsDigit(static_cast<unsigned char>(part[0]));
    std::string term = stem_it ? "Z" + stemmer(part) : part;
    if (std::find(out.begin(), out.end(), term) == out.end()) out.push_back(std::move(term));
  }
  return out;
}

void IndexJoinedCompounds(std::string_view text, Xapian::termcount wdf,
                          const Xapian::Stem& stemmer, Xapian::Document* doc) {
  if (wdf == 0) return;
  for (const HyphenCompound& c : HyphenCompounds(text)) {
    if (c.joined.size() > kMaxTermBytes) continue;
    doc->add_term(c.joined, wdf);
    const std::string stemmed = JoinedCompoundTerm(c, stemmer, true);
    if (stemmed != c.joined) doc->add_term(stemmed, wdf);
  }
}

}  // namespace ch
