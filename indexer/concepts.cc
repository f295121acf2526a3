#include "indexer/concepts.h"

#include <algorithm>
#include <set>

#include "indexer/lay_vocabulary.h"
#include "indexer/stopwords.h"

namespace ch {
namespace {

bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

void Normalise(std::string& token) {
  for (char& c : token) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (token.size() > 3 && token.back() == 's' && token[token.size() - 2] != 's') token.pop_back();
}

// The words of `text` as written (`raw`) and normalised.
void Tokenise(std::string_view text, std::vector<std::string>* raw, std::vector<std::string>* out) {
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) {
      std::string token(text.substr(start, i - start));
      if (raw) raw->push_back(token);
      Normalise(token);
      out->push_back(std::move(token));
    }
  }
}

// Two or more characters, every one a capital letter or a digit, at least two letters: "COPS".
bool IsCapitals(std::string_view word) {
  size_t letters = 0;
  for (char c : word) {
    if (c >= 'A' && c <= 'Z') {
      ++letters;
    } else if (c < '0' || c > '9') {
      return false;
    }
  }
  return letters >= 2;
}

}  // namespace

bool ConceptMatcher::IsCapitalsOnlyName(std::string_view name) {
  std::vector<std::string> raw, tokens;
  Tokenise(name, &raw, &tokens);
  if (raw.size() != 1 || !IsCapitals(raw[0])) return false;
  std::string lower = raw[0];
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return EnglishStopper()(lower) || IsEverydayWord(lower);
}

std::string ConceptMatcher::GroupKey(const std::vector<std::string>& group) {
  std::vector<std::string> tokens = ConceptTokens(group.front());
  std::string key = "g";
  for (const auto& t : tokens) key += "-" + t;
  return key;
}

std::vector<std::string> ConceptTokens(std::string_view text) {
  std::vector<std::string> out;
  Tokenise(text, nullptr, &out);
  return out;
}

std::string ConceptMatcher::EntryKey(Vocabulary v, std::string_view id) {
  static constexpr const char* kNames[] = {"focus", "topic", "type", "audience"};
  return std::string(kNames[static_cast<int>(v)]) + "-" + std::string(id);
}

ConceptMatcher::ConceptMatcher(const Taxonomy& taxonomy) {
  auto add_concept = [&](const std::string& key, const std::vector<std::string>& names) {
    auto [it, inserted] = key_index_.emplace(key, keys_.size());
    if (inserted) {
      keys_.push_back(key);
      names_.emplace_back();
    }
    for (const auto& name : names) {
      names_[it->second].push_back(name);
      AddName(name, it->second);
    }
  };
  // Every name the taxonomy gives (labels, synonyms, glossary), so that an id adds only new ones.
  std::set<std::vector<std::string>> claimed;
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : taxonomy.entries(v)) {
      claimed.insert(ConceptTokens(entry.label));
      for (const auto& s : entry.synonyms) claimed.insert(ConceptTokens(s));
    }
  }
  for (const auto& group : taxonomy.glossary()) {
    for (const auto& name : group) claimed.insert(ConceptTokens(name));
  }
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : taxonomy.entries(v)) {
      std::vector<std::string> names = {entry.label};
      names.insert(names.end(), entry.synonyms.begin(), entry.synonyms.end());
      const std::string id_name = IdName(entry.id);
      if (!id_name.empty() && !claimed.count(ConceptTokens(id_name))) names.push_back(id_name);
      add_concept(EntryKey(v, entry.id), names);
    }
  }
  for (const auto& group : taxonomy.glossary()) add_concept(GroupKey(group), group);
}

std::string ConceptMatcher::IdName(std::string_view id) {
  if (id.find('-') == std::string_view::npos) return "";
  std::string name(id);
  std::replace(name.begin(), name.end(), '-', ' ');
  return name;
}

void ConceptMatcher::AddName(const std::string& name, size_t concept_index) {
  Phrase phrase{ConceptTokens(name), concept_index, IsCapitalsOnlyName(name)};
  if (phrase.tokens.empty()) return;
  auto& list = by_first_token_[phrase.tokens.front()];
  // Longest first, so "license plate reader" wins over a shorter name starting the same way.
  list.push_back(std::move(phrase));
  std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
    return a.tokens.size() > b.tokens.size();
  });
}

template <typename F>
void ConceptMatcher::Scan(std::string_view text, F found) const {
  std::vector<std::string> raw, tokens;
  Tokenise(text, &raw, &tokens);
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto it = by_first_token_.find(tokens[i]);
    if (it == by_first_token_.end()) continue;
    // Phrases are sorted longest first: take the longest length that matches, and every concept
    // with a name of that length here (two concepts may share a name, such as CPTED).
    size_t matched = 0;
    for (const Phrase& phrase : it->second) {
      size_t n = phrase.tokens.size();
      if (matched && n < matched) break;
      if (i + n > tokens.size()) continue;
      if (!std::equal(phrase.tokens.begin() + 1, phrase.tokens.end(), tokens.begin() + i + 1)) {
        continue;
      }
      if (phrase.capitals_only && !IsCapitals(raw[i])) continue;  // "cops" is not "COPS"
      matched = n;
      found(phrase);
    }
    if (matched) i += matched - 1;
  }
}

std::vector<ConceptMatch> ConceptMatcher::Find(std::string_view text) const {
  std::vector<ConceptMatch> out;
  std::vector<int> slot(keys_.size(), -1);
  Scan(text, [&](const Phrase& phrase) {
    int& s = slot[phrase.concept_index];
    if (s < 0) {
      s = static_cast<int>(out.size());
      out.push_back({keys_[phrase.concept_index], 0});
    }
    ++out[s].count;
  });
  return out;
}

std::vector<std::string> ConceptMatcher::CapitalsOnlyConceptsIn(std::string_view text) const {
  std::vector<std::string> out;
  Scan(text, [&](const Phrase& phrase) {
    const std::string& key = keys_[phrase.concept_index];
    if (phrase.capitals_only && std::find(out.begin(), out.end(), key) == out.end()) {
      out.push_back(key);
    }
  });
  return out;
}

const std::vector<std::string>* ConceptMatcher::NamesOf(std::string_view key) const {
  auto it = key_index_.find(std::string(key));
  return it == key_index_.end() ? nullptr : &names_[it->second];
}

}  // namespace ch
