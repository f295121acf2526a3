#include "server/services/american_spelling.h"

#include <algorithm>
#include <utility>

namespace ch {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

bool EndsWith(std::string_view word, std::string_view tail) {
  return word.size() >= tail.size() && word.substr(word.size() - tail.size()) == tail;
}

// How many runs of vowels `text` holds (about its syllables).
size_t VowelGroups(std::string_view text) {
  size_t groups = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsVowel(text[i]) && (i == 0 || !IsVowel(text[i - 1]))) ++groups;
  }
  return groups;
}

// A British ending and its American form; `min_base`: letters the word must keep before it.
struct Ending {
  std::string_view british;
  std::string_view american;
  size_t min_base;
};

// Longest first within a family, since the first ending that fits is taken.
constexpr Ending kEndings[] = {
    {"isations", "izations", 3}, {"isation", "ization", 3}, {"isable", "izable", 3},
    {"isers", "izers", 3},       {"iser", "izer", 3},       {"ising", "izing", 3},
    {"ised", "ized", 3},         {"ises", "izes", 3},       {"ise", "ize", 3},
    {"ysers", "yzers", 3},       {"yser", "yzer", 3},       {"ysing", "yzing", 3},
    {"ysed", "yzed", 3},         {"yses", "yzes", 3},       {"yse", "yze", 3},
    {"dgements", "dgments", 2},  {"dgement", "dgment", 2},  {"ogues", "ogs", 4},
    {"ogue", "og", 4},           {"mmes", "ms", 4},         {"mme", "m", 4},
    {"tres", "ters", 2},         {"tred", "tered", 2},      {"tre", "ter", 2},
    {"bres", "bers", 2},         {"bre", "ber", 2},         {"ences", "enses", 2},
    {"enced", "ensed", 2},       {"encing", "ensing", 2},   {"ence", "ense", 2}};

// Travelled, counselling, modellers: one l in American English after a word of two or more
// syllables ("filled", "killer" have one and keep theirs).
constexpr std::string_view kDoubleL[] = {"llers", "llors", "lling", "lled", "ller", "llor"};

std::string WithAmericanEnding(const std::string& word) {
  for (const Ending& e : kEndings) {
    if (EndsWith(word, e.british) && word.size() >= e.british.size() + e.min_base) {
      return word.substr(0, word.size() - e.british.size()) + std::string(e.american);
    }
  }
  for (std::string_view tail : kDoubleL) {
    if (!EndsWith(word, tail)) continue;
    const std::string base = word.substr(0, word.size() - tail.size());
    if (!base.empty() && IsVowel(base.back()) && VowelGroups(base) >= 2) {
      return base + std::string(tail.substr(1));
    }
    break;
  }
  // Enrolment, fulfilment, instalment: "llment".
  for (std::string_view tail : {std::string_view("lments"), std::string_view("lment")}) {
    if (EndsWith(word, tail) && word.size() > tail.size() + 1) {
      const char before = word[word.size() - tail.size() - 1];
      if (IsVowel(before))
        return word.substr(0, word.size() - tail.size()) + "l" + std::string(tail);
    }
  }
  return word;
}

// "our" -> "or" past the word's first two letters, in words of six letters or more ("labour",
// "behavioural", "favourite"; not "four", "hour", "your", "tour").
std::string WithAmericanOr(std::string word) {
  if (word.size() < 6) return word;
  const size_t at = word.rfind("our");
  if (at != std::string::npos && at >= 2) word.erase(at + 1, 1);
  return word;
}

// The word ending at `end` of `text` is followed by ':' (a field name such as "title:").
bool IsFieldName(std::string_view text, size_t end) {
  return end < text.size() && text[end] == ':';
}

}  // namespace

std::string AmericanForm(std::string_view word) {
  if (word.size() < 5 || !std::all_of(word.begin(), word.end(), IsLower)) return {};
  const std::string british(word);
  const std::string american = WithAmericanOr(WithAmericanEnding(british));
  return american == british ? std::string() : american;
}

std::string AmericanSpellings(const Xapian::Database& db, std::string_view text,
                              std::vector<SpellingSwap>* swaps) {
  std::string out;
  out.reserve(text.size());
  bool quoted = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (!IsLower(c) && !IsUpper(c)) {
      if (c == '"') quoted = !quoted;
      out += c;
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && (IsLower(text[end]) || IsUpper(text[end]))) ++end;
    const std::string_view word = text.substr(i, end - i);
    const bool capital = IsUpper(word[0]);
    std::string lower(word);
    lower[0] = static_cast<char>(capital ? lower[0] - 'A' + 'a' : lower[0]);
    const std::string american =
        quoted || IsFieldName(text, end) ? std::string() : AmericanForm(lower);
    const bool swap = !american.empty() && db.term_exists(american);
    if (swap) {
      swaps->push_back(SpellingSwap{lower, american});
      out += capital ? static_cast<char>(american[0] - 'a' + 'A') + american.substr(1) : american;
    } else {
      out += word;
    }
    i = end;
  }
  return out;
}

}  // namespace ch
