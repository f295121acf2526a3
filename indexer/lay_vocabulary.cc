#include "indexer/lay_vocabulary.h"

#include <algorithm>

#include <xapian.h>

#include "indexer/concepts.h"
#include "indexer/stopwords.h"

namespace ch {

LayVocabulary::LayVocabulary(const Taxonomy& taxonomy) {
  for (Vocabulary v : kAllVocabularies) {
    for (const auto& entry : taxonomy.entries(v)) {
      if (entry.lay_terms.empty()) continue;
      const size_t index = keys_.size();
      keys_.push_back(ConceptMatcher::EntryKey(v, entry.id));
      for (const auto& term : entry.lay_terms) {
        std::vector<Token> tokens = Tokens(term);
        Phrase phrase{{}, index};
        for (const auto& t : tokens) {
          if (!t.stop) phrase.stems.push_back(t.stem);
        }
        if (phrase.stems.size() < std::min<size_t>(2, tokens.size())) {
          phrase.stems.clear();
          for (const auto& t : tokens) phrase.stems.push_back(t.stem);
        }
        if (phrase.stems.empty()) continue;
        auto& list = by_first_stem_[phrase.stems.front()];
        list.push_back(std::move(phrase));
        ++phrase_count_;
      }
    }
  }
  for (auto& [first, list] : by_first_stem_) {
    std::stable_sort(list.begin(), list.end(), [](const Phrase& a, const Phrase& b) {
      return a.stems.size() > b.stems.size();
    });
  }
}

std::vector<LayVocabulary::Token> LayVocabulary::Tokens(std::string_view text) const {
  // LayPhraseKey folds accents and case and drops apostrophes ("don't" -> "dont").
  const std::string key = LayPhraseKey(text);
  const Xapian::Stem stemmer("english");
  const Xapian::Stopper& stopper = EnglishStopper();
  std::vector<Token> out;
  size_t i = 0;
  while (i < key.size()) {
    size_t end = key.find(' ', i);
    if (end == std::string::npos) end = key.size();
    std::string word = key.substr(i, end - i);
    Token token;
    token.stop = stopper(word);
    token.stem = stemmer(word);
    out.push_back(std::move(token));
    i = end + 1;
  }
  return out;
}

size_t LayVocabulary::MatchAt(const Phrase& phrase, const std::vector<Token>& tokens,
                              size_t start) {
  size_t at = start;
  for (size_t k = 0; k < phrase.stems.size(); ++k) {
    size_t skipped = 0;
    // The first word must match where we stand; later ones may follow a few stop words.
    while (k > 0 && at < tokens.size() && tokens[at].stem != phrase.stems[k] && tokens[at].stop &&
           skipped < kMaxSkippedStopWords) {
      ++at;
      ++skipped;
    }
    if (at >= tokens.size() || tokens[at].stem != phrase.stems[k]) return 0;
    ++at;
  }
  return at - start;
}

std::vector<std::string> LayVocabulary::ConceptsIn(std::string_view text) const {
  std::vector<std::string> out;
  if (by_first_stem_.empty()) return out;
  const std::vector<Token> tokens = Tokens(text);
  for (size_t i = 0; i < tokens.size();) {
    auto it = by_first_stem_.find(tokens[i].stem);
    size_t longest = 0;
    if (it != by_first_stem_.end()) {
      size_t best_words = 0;
      for (const Phrase& phrase : it->second) {
        if (phrase.stems.size() < best_words) break;  // sorted longest first
        size_t span = MatchAt(phrase, tokens, i);
        if (span == 0) continue;
        best_words = phrase.stems.size();
        longest = std::max(longest, span);
        const std::string& key = keys_[phrase.concept_index];
        if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(key);
      }
    }
    i += longest > 0 ? longest : 1;
  }
  return out;
}

}  // namespace ch
