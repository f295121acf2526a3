#include "indexer/concepts.h"

#include <algorithm>

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

}  // namespace

std::string ConceptMatcher::GroupKey(const std::vector<std::string>& group) {
  std::vector<std::string> tokens = ConceptTokens(group.front());
  std::string key = "g";
  for (const auto& t : tokens) key += "-" + t;
  return key;
}

std::vector<std::string> ConceptTokens(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) {
      std::string token(text.substr(start, i - start));
      Normalise(token);
      out.push_back(std::move(token));
    }
  }
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
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : taxonomy.entries(v)) {
      std::vector<std::string> names = {entry.label};
      names.insert(names.end(), entry.synonyms.begin(), entry.synonyms.end());
      add_concept(EntryKey(v, entry.id), names);
    }
  }
  for (const auto& group : taxonomy.glossary()) add_concept(GroupKey(group), group);
}

void ConceptMatcher::AddName(const std::string& name, size_t concept_index) {
  Phrase phrase{ConceptTokens(name), concept_index};
  if (phrase.tokens.empty()) return;
  auto& list = by_first_token_[phrase.tokens.front()];
  // Longest first, so "license plate reader" wins over a shorter name starting the same way.
  list.push_back(std::move(phrase));
  std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
    return a.tokens.size() > b.tokens.size();
  });
}

std::vector<ConceptMatch> ConceptMatcher::Find(std::string_view text) const {
  std::vector<std::string> tokens = ConceptTokens(text);
  std::vector<ConceptMatch> out;
  std::vector<int> slot(keys_.size(), -1);
  auto count = [&](size_t concept_index) {
    int& s = slot[concept_index];
    if (s < 0) {
      s = static_cast<int>(out.size());
      out.push_back({keys_[concept_index], 0});
    }
    ++out[s].count;
  };
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
      matched = n;
      count(phrase.concept_index);
    }
    if (matched) i += matched - 1;
  }
  return out;
}

const std::vector<std::string>* ConceptMatcher::NamesOf(std::string_view key) const {
  auto it = key_index_.find(std::string(key));
  return it == key_index_.end() ? nullptr : &names_[it->second];
}

}  // namespace ch
