#include "server/services/joined_names.h"

#include <algorithm>
#include <vector>

#include "indexer/schema.h"

namespace ch {
namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Joined forms shorter than this are left alone ("coop" is not "co-op" to everyone).
constexpr size_t kMinJoined = 5;

}  // namespace

JoinedNames::JoinedNames(const Taxonomy& taxonomy) {
  for (int v = 0; v < kVocabularyCount; ++v) {
    for (const TaxonomyEntry& e : taxonomy.entries(static_cast<Vocabulary>(v))) {
      Add(e.label);
      for (const std::string& s : e.synonyms) Add(s);
      for (const std::string& s : e.lay_terms) Add(s);
    }
  }
  for (const auto& group : taxonomy.glossary()) {
    for (const std::string& name : group) Add(name);
  }
  for (const auto& group : taxonomy.glossary_lay_terms()) {
    for (const std::string& phrase : group) Add(phrase);
  }
}

void JoinedNames::Add(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    if (!IsLetter(text[i])) {
      ++i;
      continue;
    }
    // A run of letters and single hyphens between letters: "real-time", "ex-cons".
    std::string word, joined;
    bool hyphen = false;
    while (i < text.size()) {
      if (IsLetter(text[i])) {
        word += Lower(text[i]);
        joined += Lower(text[i]);
        ++i;
      } else if (text[i] == '-' && i + 1 < text.size() && IsLetter(text[i + 1]) && !word.empty()) {
        word += '-';
        hyphen = true;
        ++i;
      } else {
        break;
      }
    }
    if (hyphen && joined.size() >= kMinJoined) hyphenated_.emplace(joined, word);
  }
}

std::string JoinedNames::Hyphenated(std::string_view text) const {
  std::string out;
  out.reserve(text.size() + 4);
  bool quoted = false;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsLetter(text[i])) {
      if (text[i] == '"') quoted = !quoted;
      out += text[i++];
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsLetter(text[end])) ++end;
    const std::string_view word = text.substr(i, end - i);
    const bool joined_to_other = (i > 0 && (text[i - 1] == '-' || IsLetter(text[i - 1]))) ||
                                 (end < text.size() && (text[end] == '-' || text[end] == ':' ||
                                                        (text[end] >= '0' && text[end] <= '9')));
    std::string lower;
    for (char c : word) lower += Lower(c);
    auto found = quoted || joined_to_other ? hyphenated_.end() : hyphenated_.find(lower);
    if (found == hyphenated_.end()) {
      out += word;
    } else {
      std::string form = found->second;
      if (word[0] >= 'A' && word[0] <= 'Z') form[0] = static_cast<char>(form[0] - 'a' + 'A');
      out += form;
    }
    i = end;
  }
  return out;
}

Xapian::Query HyphenatedNameConcepts(const ConceptMatcher& concepts, std::string_view cleaned,
                                     std::vector<std::string>* concept_terms) {
  using Q = Xapian::Query;
  bool hyphenated = false;
  for (size_t i = 1; i + 1 < cleaned.size() && !hyphenated; ++i) {
    hyphenated = cleaned[i] == '-' && IsLetter(cleaned[i - 1]) && IsLetter(cleaned[i + 1]);
  }
  if (!hyphenated) return Q();
  std::vector<Q> parts;
  for (const ConceptMatch& m : concepts.Find(cleaned)) {
    const std::string term = schema::kConceptPrefix + m.key;
    if (std::find(concept_terms->begin(), concept_terms->end(), term) != concept_terms->end()) {
      continue;
    }
    concept_terms->push_back(term);
    parts.emplace_back(term);
  }
  return parts.empty() ? Q() : Q(Q::OP_OR, parts.begin(), parts.end());
}

}  // namespace ch
