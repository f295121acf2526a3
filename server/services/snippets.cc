#include "server/services/snippets.h"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

#include "base/html_escape.h"

namespace ch {
namespace {

constexpr char kHighlightStart[] = "<mark>";
constexpr char kHighlightEnd[] = "</mark>";
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

// The stretch of `text`, at most `width` bytes long, that mentions the most different keys (then
// the most mentions), counting only words that start with a key (ASCII case-insensitive; at most
// the first 256 mentions of each key): its first mention's offset and its last mention's end;
// npos when no key is mentioned. A key's candidates are the places of its first letter (memchr),
// checked for a word start before the rest is compared: most of a common letter's places are
// inside words.
std::pair<size_t, size_t> BestMention(const std::string& text, const std::vector<std::string>& keys,
                                      size_t width) {
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
  if (mentions.empty()) return {std::string::npos, std::string::npos};
  std::sort(mentions.begin(), mentions.end());
  std::vector<size_t> in_window(keys.size(), 0);
  size_t distinct = 0, best_distinct = 0, best_count = 0;
  std::pair<size_t, size_t> best;
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
      best = {mentions[first].first, mentions[last].first + keys[mentions[last].second].size()};
    }
  }
  return best;
}

// UTF-8 byte length of the character starting with `lead`.
size_t CharBytes(unsigned char lead) {
  return lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

// Whether the character at text[at] is a word character (Xapian's Unicode rules; ASCII letters,
// digits and '_' without decoding), and its length in bytes.
bool WordCharAt(std::string_view text, size_t at, size_t* bytes) {
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80) {
    *bytes = 1;
    return (lead >= 'a' && lead <= 'z') || (lead >= 'A' && lead <= 'Z') ||
           (lead >= '0' && lead <= '9') || lead == '_';
  }
  *bytes = std::min(CharBytes(lead), text.size() - at);
  return Xapian::Unicode::is_wordchar(*Xapian::Utf8Iterator(text.data() + at, text.size() - at));
}

// The end of the word of `text` at `at` (a word character), past apostrophes inside it as
// Xapian's term generator reads them ("officer's").
size_t WordEnd(std::string_view text, size_t at) {
  size_t end = at, bytes = 0;
  while (end < text.size()) {
    if (WordCharAt(text, end, &bytes)) {
      end += bytes;
      continue;
    }
    const bool apostrophe = text[end] == '\'' || text.compare(end, 3, "\xE2\x80\x99") == 0;
    size_t next = 0;
    if (!apostrophe || end + bytes >= text.size() || !WordCharAt(text, end + bytes, &next)) break;
    end += bytes;
  }
  return end;
}

// `word` in lower case, in `*buffer` (reused from word to word).
const std::string& Lower(std::string_view word, std::string* buffer) {
  buffer->assign(word);
  bool ascii = true;
  for (char& c : *buffer) {
    if (static_cast<unsigned char>(c) >= 0x80) ascii = false;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (!ascii) *buffer = Xapian::Unicode::tolower(*buffer);
  return *buffer;
}

bool Highlighted(std::string_view word, const Xapian::Stem& stemmer, const SnippetTerms& terms,
                 std::string* buffer) {
  const std::string& term = Lower(word, buffer);
  if (terms.words.count(term) > 0) return true;
  return !terms.stems.empty() && terms.stems.count(stemmer(term)) > 0;
}

// text from `start` (moved back to a word's start), at most `chars` bytes cut at a word's end,
// with the query's words (as typed or by their stem) in <mark>, the rest escaped, and "…" where
// text was left out.
std::string WindowSnippet(const std::string& text, size_t start, size_t chars,
                          const Xapian::Stem& stemmer, const SnippetTerms& terms) {
  while (start > 0 && !IsSpace(text[start - 1])) --start;  // whole words, whole characters
  size_t end = std::min(text.size(), start + chars);
  if (end < text.size() && !IsSpace(text[end])) {
    size_t cut = end;
    while (cut > start && !IsSpace(text[cut - 1])) --cut;
    end = cut > start ? cut : std::min(text.size(), start + chars);
    // A word longer than the snippet is cut between characters, never inside one.
    while (end > start && end < text.size() && (text[end] & 0xC0) == 0x80) --end;
  }
  while (end > start && IsSpace(text[end - 1])) --end;
  std::string_view part(text.data() + start, end - start);
  std::string out;
  out.reserve(part.size() + 64);
  if (start > 0) out += kOmitted;
  size_t plain = 0;     // start of the text not yet written
  bool marked = false;  // the last word was highlighted
  std::string buffer;
  for (size_t at = 0, bytes = 0; at < part.size();) {
    if (!WordCharAt(part, at, &bytes)) {
      at += bytes;
      continue;
    }
    const size_t word_end = WordEnd(part, at);
    if (Highlighted(part.substr(at, word_end - at), stemmer, terms, &buffer)) {
      // Both parts of a hyphenated word ("real-time") make one highlight, as a term generator
      // that joins compounds reads them.
      const bool joined = marked && at == plain + 1 && part[plain] == '-';
      if (joined) {
        out.resize(out.size() - (sizeof kHighlightEnd - 1));
      } else {
        AppendEscapedHtml(part.substr(plain, at - plain), &out);
        out += kHighlightStart;
      }
      AppendEscapedHtml(part.substr(joined ? plain : at, word_end - (joined ? plain : at)), &out);
      out += kHighlightEnd;
      plain = word_end;
      marked = true;
    } else {
      marked = false;
    }
    at = word_end;
  }
  AppendEscapedHtml(part.substr(plain), &out);
  if (end < text.size()) out += kOmitted;
  return out;
}

}  // namespace

SnippetTerms SnippetTermsOf(const Xapian::Query& query,
                            const std::function<bool(std::string_view)>& is_stop_word) {
  SnippetTerms out;
  bool skipped = false;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    size_t begin = 0;
    while (begin < term.size() && term[begin] >= 'A' && term[begin] <= 'Z') ++begin;
    if (begin == term.size()) continue;
    std::string key = term.substr(begin);
    if (is_stop_word && is_stop_word(key)) {
      skipped = true;
      continue;
    }
    if (begin == 0) out.words.insert(term);
    if (begin == 1 && term[0] == 'Z') out.stems.insert(term.substr(1));
    if (key.size() > 3) key.pop_back();
    if (std::find(out.keys.begin(), out.keys.end(), key) == out.keys.end()) {
      out.keys.push_back(std::move(key));
    }
  }
  // A search of stop words alone still shows where they are.
  if (out.keys.empty() && skipped) return SnippetTermsOf(query, {});
  return out;
}

std::string HighlightedSnippet(const std::string& text, size_t chars, const Xapian::Stem& stemmer,
                               const SnippetTerms& terms) {
  // Browsing: the start of the body.
  if (terms.keys.empty()) return WindowSnippet(text, 0, chars, stemmer, terms);
  const auto [first, last_end] = BestMention(text, terms.keys, chars);
  if (first != std::string::npos && first > chars / 2) {
    // A little of what comes before the stretch, so that it is read in context: half of the room
    // the stretch leaves, at most a quarter of the snippet.
    const size_t room = chars - std::min(chars, last_end - first);
    std::string snippet =
        WindowSnippet(text, first - std::min(room / 2, chars / 4), chars, stemmer, terms);
    if (snippet.find(kHighlightStart) != std::string::npos) return snippet;
  }
  return WindowSnippet(text, 0, chars, stemmer, terms);
}

}  // namespace ch
