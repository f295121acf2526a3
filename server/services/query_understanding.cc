#include "server/services/query_understanding.h"

#include <string_view>

#include "indexer/text_fold.h"

namespace ch {
namespace {

// Longest first where one phrase starts another, since the first match is taken.
constexpr std::string_view kScaffolding[] = {
    "what should i do if",
    "what should i do about",
    "what should i do",
    "what do i do if",
    "what do i do about",
    "what do i do",
    "what can i do about",
    "what can we do about",
    "what can i do",
    "what can we do",
    "where can i find",
    "where can i get",
    "where do i find",
    "where do i get",
    "where can we find",
    "where can i",
    "where do i",
    "how do i find",
    "how can i find",
    "how do we find",
    "how do i",
    "how do we",
    "how can i",
    "how can we",
    "how should i",
    "how should we",
    "how would i",
    "how to",
    "i need help with",
    "we need help with",
    "i need help",
    "we need help",
    "i need to know",
    "i want to know",
    "i would like to know",
    "i'd like to know",
    "i'm looking for",
    "im looking for",
    "i am looking for",
    "we are looking for",
    "looking for",
    "is there a",
    "is there an",
    "is there any",
    "is there",
    "are there any",
    "are there",
    "is it true that",
    "can you help me find",
    "can someone help me",
    "can anyone help me",
    "can you help me",
    "can anyone help",
    "can someone help",
    "can you tell me",
    "does anyone know",
    "anyone know",
    "who can help",
    "help me find",
    "help me understand",
    "help me",
    "tell me about",
    "please",
    "can i",
    "can we",
};
constexpr std::string_view kFiller[] = {"i'm", "im",     "i've",   "ive",
                                        "i'd", "please", "thanks", "pls"};

bool IsWordChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u >= 0x80 ||
         c == '\'';
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `text` at `at` starts with `phrase` (ASCII case-insensitive) ending at a word boundary.
bool StartsWithPhrase(std::string_view text, size_t at, std::string_view phrase) {
  if (text.size() - at < phrase.size()) return false;
  for (size_t i = 0; i < phrase.size(); ++i) {
    if (Lower(text[at + i]) != phrase[i]) return false;
  }
  return at + phrase.size() == text.size() || !IsWordChar(text[at + phrase.size()]);
}

bool HasWord(std::string_view text) {
  for (char c : text) {
    if (IsWordChar(c) && c != '\'') return true;
  }
  return false;
}

// Positions where a sentence starts: 0 and after . ? ! followed by spaces; with `clauses`, also
// after , and ; (where scaffolding may start, but a capital is likely a name).
bool AtSentenceStart(std::string_view text, size_t at, bool clauses) {
  size_t i = at;
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  if (i == 0) return true;
  const char c = text[i - 1];
  return c == '.' || c == '?' || c == '!' || (clauses && (c == ',' || c == ';'));
}

}  // namespace

std::string StripScaffolding(std::string_view text) {
  std::string out;
  bool in_quotes = false;
  bool dropped = false;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') in_quotes = !in_quotes;
    const bool word_start = IsWordChar(c) && (i == 0 || !IsWordChar(text[i - 1]));
    if (!in_quotes && word_start) {
      size_t skip = 0;
      if (AtSentenceStart(text, i, true)) {
        for (std::string_view phrase : kScaffolding) {
          if (StartsWithPhrase(text, i, phrase)) {
            skip = phrase.size();
            break;
          }
        }
      }
      for (std::string_view filler : kFiller) {
        if (skip == 0 && StartsWithPhrase(text, i, filler)) skip = filler.size();
      }
      if (skip > 0) {
        i += skip;
        while (i < text.size() && (text[i] == ' ' || text[i] == ',')) ++i;
        dropped = true;
        continue;
      }
    }
    out += c;
    ++i;
  }
  if (!dropped) return std::string(text);
  return HasWord(out) ? out : std::string(text);
}

std::string LowercaseSentenceStarts(std::string_view text, std::vector<std::string>* lowered) {
  std::string out(text);
  bool in_quotes = false;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '"') in_quotes = !in_quotes;
    if (in_quotes || out[i] < 'A' || out[i] > 'Z') continue;
    if (i > 0 && IsWordChar(out[i - 1])) continue;
    if (!AtSentenceStart(out, i, false)) continue;
    // Only a capital followed by lowercase letters: "Shooting", not "NIBIN", "CompStat" or "I".
    size_t end = i + 1;
    bool rest_lower = true;
    while (end < out.size() && IsWordChar(out[end])) {
      if (out[end] >= 'A' && out[end] <= 'Z') rest_lower = false;
      ++end;
    }
    if (rest_lower && end - i > 1) {
      out[i] = Lower(out[i]);
      if (lowered) lowered->push_back(out.substr(i, end - i));
    }
  }
  return out;
}

std::string CleanQueryText(std::string_view text, std::vector<std::string>* lowered) {
  return LowercaseSentenceStarts(StripScaffolding(FoldAccents(text)), lowered);
}

}  // namespace ch
