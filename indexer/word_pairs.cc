#include "indexer/word_pairs.h"

#include <algorithm>

#include "indexer/schema.h"

namespace ch {
namespace {

bool IsWordByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80;
}

// Punctuation that ends a phrase: no pair spans it.
bool EndsPhrase(char c) {
  switch (c) {
    case '.':
    case ',':
    case ';':
    case ':':
    case '!':
    case '?':
    case '(':
    case ')':
    case '[':
    case ']':
    case '|':
    case '/':
    case '"':
      return true;
    default:
      return false;
  }
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<std::string> WordPairTerms(std::string_view text, const Xapian::Stem& stemmer,
                                       const Xapian::Stopper& stop_words) {
  std::vector<std::string> pairs;
  std::string previous;  // the stem of the last content word of the current phrase
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!IsWordByte(c)) {
      // An apostrophe inside a word ("officer's") belongs to it; elsewhere it is a space.
      if (EndsPhrase(c)) previous.clear();
      ++i;
      continue;
    }
    size_t end = i;
    std::string word;
    while (end < text.size() && (IsWordByte(text[end]) ||
                                 (text[end] == '\'' && end + 1 < text.size() &&
                                  IsWordByte(text[end + 1]) && end > i))) {
      word += Lower(text[end]);
      ++end;
    }
    i = end;
    if (stop_words(word)) continue;
    std::string stem = stemmer(word);
    if (stem.empty()) continue;
    if (!previous.empty() && previous != stem) {
      const bool in_order = previous < stem;
      std::string term = std::string(schema::kWordPairPrefix) + (in_order ? previous : stem) +
                         "_" + (in_order ? stem : previous);
      if (std::find(pairs.begin(), pairs.end(), term) == pairs.end()) {
        pairs.push_back(std::move(term));
      }
    }
    previous = std::move(stem);
  }
  return pairs;
}

}  // namespace ch
