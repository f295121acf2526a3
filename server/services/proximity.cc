#include "server/services/proximity.h"

#include <algorithm>

namespace ch {
namespace {

using Q = Xapian::Query;

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

}  // namespace

std::vector<std::string> ContentWords(std::string_view text, const Xapian::Stopper* stop) {
  std::vector<std::string> words;
  bool quoted = false;
  bool field_value = false;  // the word after "title:" is searched in that field, not as text
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"') {
      quoted = !quoted;
      ++i;
      continue;
    }
    if (!IsWordChar(c)) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsWordChar(text[end])) ++end;
    std::string word(text.substr(i, end - i));
    const bool field = end < text.size() && text[end] == ':';
    const bool skip = field || field_value;
    field_value = field;
    i = end;
    while (!word.empty() && word.back() == '\'') word.pop_back();
    while (!word.empty() && word.front() == '\'') word.erase(0, 1);
    if (quoted || skip || word.empty()) continue;
    if (word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" || word == "XOR") continue;
    word = Lower(std::move(word));
    if (stop && (*stop)(word)) continue;
    words.push_back(std::move(word));
  }
  return words;
}

std::vector<std::string> IndexedForms(const Xapian::Database& db, const Xapian::Stem& stemmer,
                                      const std::string& word, const ProximityOptions& options) {
  std::vector<std::string> forms;
  if (word.empty() || options.max_forms == 0) return forms;
  if (db.term_exists(word)) forms.push_back(word);
  const std::string stem = stemmer(word);
  // A stem of one or two letters would scan a large slice of the vocabulary for little gain.
  if (stem.size() < 3) return forms;
  size_t scanned = 0;
  for (auto t = db.allterms_begin(stem); t != db.allterms_end(stem); ++t) {
    if (++scanned > options.max_scan || forms.size() >= options.max_forms) break;
    const std::string& term = *t;
    if (term != word && stemmer(term) == stem) forms.push_back(term);
  }
  return forms;
}

Q ProximityQuery(const Xapian::Database& db, const Xapian::Stem& stemmer,
                 const std::vector<std::string>& words, const ProximityOptions& options) {
  const size_t n = words.size();
  if (n < 2 || n > options.max_words || options.window < 2) return Q();
  std::vector<std::string> stems;
  std::vector<bool> rare;
  std::vector<Q> forms;
  const double docs = std::max<double>(1, db.get_doccount());
  for (size_t i = 0; i < n; ++i) {
    stems.push_back(stemmer(words[i]));
    rare.push_back(db.get_termfreq("Z" + stems.back()) <= options.max_share * docs);
    std::vector<std::string> f = IndexedForms(db, stemmer, words[i], options);
    forms.push_back(f.empty() ? Q() : Q(Q::OP_OR, f.begin(), f.end()));
  }
  std::vector<Q> pairs;
  for (size_t i = 0; i + 1 < n; ++i) {
    if (forms[i].empty() || forms[i + 1].empty() || stems[i] == stems[i + 1]) continue;
    if (!rare[i] && !rare[i + 1]) continue;
    const Q pair[] = {forms[i], forms[i + 1]};
    pairs.emplace_back(Q::OP_NEAR, std::begin(pair), std::end(pair), options.window);
  }
  if (pairs.empty()) return Q();
  return Q(Q::OP_OR, pairs.begin(), pairs.end());
}

}  // namespace ch
