#include "indexer/synonyms.h"

#include <map>
#include <set>

#include "indexer/concepts.h"
#include "indexer/schema.h"

namespace ch {
namespace {

// The words of `name` as the query parser sees them: lowercase runs of letters and digits.
std::vector<std::string> Words(const std::string& name) {
  std::vector<std::string> out;
  std::string word;
  for (unsigned char c : name) {
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<unsigned char>(c - 'A' + 'a');
      keep = true;
    }
    if (keep) {
      word += static_cast<char>(c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

}  // namespace

void WriteSynonyms(Xapian::WritableDatabase& db, const Taxonomy& taxonomy) {
  ConceptMatcher concepts(taxonomy);
  std::map<std::string, std::set<std::string>> table;
  for (const auto& key : concepts.keys()) {
    const std::vector<std::string>& names = *concepts.NamesOf(key);
    // A glossary group of one name (a narrower subject reached through its lay terms) has no
    // other name to find: its concept term would only count the query's words twice.
    if (names.size() == 1 && key.rfind("g-", 0) == 0) continue;
    for (const auto& name : names) {
      // An acronym that is also an ordinary word ("COPS") is found only in capitals, which the
      // synonym table cannot tell apart: the search adds its concept itself (concepts.h).
      if (ConceptMatcher::IsCapitalsOnlyName(name)) continue;
      std::vector<std::string> words = Words(name);
      if (words.empty()) continue;
      std::string term = schema::kConceptPrefix + key;
      table[Join(words)].insert(term);
      std::string& last = words.back();
      if (last.size() > 3 && last.back() == 's' && last[last.size() - 2] != 's') {
        last.pop_back();
      } else {
        last += 's';
      }
      table[Join(words)].insert(term);
    }
  }
  std::vector<std::string> old_keys;
  for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) old_keys.push_back(*k);
  for (const auto& k : old_keys) db.clear_synonyms(k);
  for (const auto& [key, terms] : table) {
    for (const auto& term : terms) db.add_synonym(key, term);
  }
}

}  // namespace ch
