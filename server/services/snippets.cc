#include "server/services/snippets.h"

#include <algorithm>
#include <utility>

namespace ch {
namespace {

// Xapian stems every word of a snippet's text (a whole body: 80% of a search's time, RESULTS.md),
// so only a window around the stretch mentioning the most query terms is handed to it. Background
// model and exhaustive scoring are not worth their cost for a 240-character excerpt.
constexpr unsigned kSnippetFlags = 0;
constexpr char kHighlightStart[] = "<mark>";
constexpr char kOmitted[] = "\xE2\x80\xA6";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Whether text[at...] starts with `key` (lower case), ASCII letters compared in either case.
bool StartsWithFolded(const std::string& text, size_t at, const std::string& key) {
  if (text.size() - at < key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = text[at + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != key[i]) return false;
  }
  return true;
}

// Byte offset of the stretch of `text`, `width` bytes long, that mentions the most different keys
// (then the most mentions), counting only words that start with a key (ASCII case-insensitive;
// at most the first 256 mentions of each key); npos when no key is mentioned. A key's candidates
// are the places of its first letter (memchr), checked for a word start before the rest is
// compared: most of a common letter's places are inside words.
size_t BestMention(const std::string& text, const std::vector<std::string>& keys, size_t width) {
  constexpr size_t kMaxMentionsPerKey = 256;
  std::vector<std::pair<size_t, size_t>> mentions;  // (offset, key index)
  for (size_t k = 0; k < keys.size(); ++k) {
    const std::string& key = keys[k];
    // The key's first letter in either case, in text order: no lower-case copy of the body (a
    // whole body per result: about 1% of a search's CPU at 250,000 documents, RESULTS.md).
    const char lower = key[0];
    const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 'a' + 'A') : lower;
    size_t next_lower = text.find(lower);
    size_t next_upper = upper == lower ? std::string::npos : text.find(upper);
    size_t found = 0;
    while (found < kMaxMentionsPerKey) {
      const size_t at = std::min(next_lower, next_upper);
      if (at == std::string::npos) break;
      if (at == next_lower) next_lower = text.find(lower, at + 1);
      if (at == next_upper) next_upper = text.find(upper, at + 1);
      if (at > 0 && IsWordByte(static_cast<unsigned char>(text[at - 1]))) continue;
      if (!StartsWithFolded(text, at, key)) continue;
      mentions.emplace_back(at, k);
      ++found;
    }
  }
  if (mentions.empty()) return std::string::npos;
  std::sort(mentions.begin(), mentions.end());
  std::vector<size_t> in_window(keys.size(), 0);
  size_t distinct = 0, best_distinct = 0, best_count = 0, best = mentions.front().first;
  for (size_t first = 0, last = 0; last < mentions.size(); ++last) {
    if (in_window[mentions[last].second]++ == 0) ++distinct;
    while (mentions[last].first - mentions[first].first > width) {
      if (--in_window[mentions[first].second] == 0) --distinct;
      ++first;
    }
    size_t count = last - first + 1;
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_distinct = distinct;
      best_count = count;
      best = mentions[first].first;
    }
  }
  return best;
}

// The snippet Xapian makes of text[start, start + window), widened to whole words.
std::string WindowSnippet(const Xapian::MSet& mset, const std::string& text, size_t start,
                          size_t window, size_t chars, const Xapian::Stem& stemmer) {
  while (start > 0 && !IsSpace(text[start - 1])) --start;  // whole words, whole characters
  size_t end = std::min(text.size(), start + window);
  while (end < text.size() && !IsSpace(text[end])) ++end;
  std::string snippet = mset.snippet(text.substr(start, end - start), chars, stemmer, kSnippetFlags,
                                     kHighlightStart, "</mark>", kOmitted);
  auto ends_with_omitted = [&] {
    return snippet.size() >= sizeof kOmitted - 1 &&
           snippet.compare(snippet.size() - (sizeof kOmitted - 1), sizeof kOmitted - 1, kOmitted) ==
               0;
  };
  if (start > 0 && snippet.compare(0, sizeof kOmitted - 1, kOmitted) != 0) {
    snippet.insert(0, kOmitted);
  }
  if (end < text.size() && !ends_with_omitted()) snippet += kOmitted;
  return snippet;
}

}  // namespace

std::vector<std::string> SnippetKeys(const Xapian::Query& query) {
  std::vector<std::string> keys;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    size_t begin = 0;
    while (begin < term.size() && term[begin] >= 'A' && term[begin] <= 'Z') ++begin;
    std::string key = term.substr(begin);
    if (key.size() > 3) key.pop_back();
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
    }
  }
  return keys;
}


std::string HighlightedSnippet(const Xapian::MSet& mset, const std::string& text, size_t chars,
                               const Xapian::Stem& stemmer, const std::vector<std::string>& keys) {
  // Browsing: the start of the body.
  if (keys.empty()) return WindowSnippet(mset, text, 0, chars, chars, stemmer);
  // The window starts chars / 4 before the best stretch, which is chars wide, so 1.5 x chars
  // holds it with a little after. Its cost grows with its width: 640 bytes for 240 characters cost
  // 2.4% more CPU per search at 250,000 documents (benchmarks/RESULTS.md, issue 15, Run 15).
  const size_t window = chars + chars / 2;
  size_t mention = BestMention(text, keys, chars);
  if (mention != std::string::npos && mention > chars / 2) {
    // Start a little before the mention so that it is read in context.
    std::string snippet = WindowSnippet(mset, text, mention - chars / 4, window, chars, stemmer);
    if (snippet.find(kHighlightStart) != std::string::npos) return snippet;
  }
  return WindowSnippet(mset, text, 0, window, chars, stemmer);
}

}  // namespace ch
