#include "indexer/spelling_tally.h"

namespace ch {

void SpellingTally::Add(const Xapian::Document& doc) {
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
    Xapian::termcount occurrences = t.positionlist_count();
    if (occurrences > 0) counts_[term] += occurrences;
  }
}

void SpellingTally::WriteTo(Xapian::WritableDatabase& db) const {
  for (const auto& [word, count] : counts_) db.add_spelling(word, count);
}

}  // namespace ch
