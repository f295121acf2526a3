#include "server/services/query_expansion.h"

#include <algorithm>
#include <cmath>

#include "indexer/schema.h"
#include "indexer/stopwords.h"

namespace ch {
namespace {

using Q = Xapian::Query;

bool IsConcept(const std::string& term) { return term.rfind(schema::kConceptPrefix, 0) == 0; }

// Accepts stemmed free-text terms (Z + lowercase letters) that are not in the query.
class FeedbackDecider : public Xapian::ExpandDecider {
 public:
  explicit FeedbackDecider(const Q& query) {
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
      query_terms_.push_back(*it);
    }
    std::sort(query_terms_.begin(), query_terms_.end());
  }
  bool operator()(const std::string& term) const override {
    if (term.size() < 4 || term[0] != 'Z') return false;
    for (size_t i = 1; i < term.size(); ++i) {
      if (term[i] < 'a' || term[i] > 'z') return false;
    }
    return !std::binary_search(query_terms_.begin(), query_terms_.end(), term);
  }

 private:
  std::vector<std::string> query_terms_;
};

// `q` with each leaf term named in `stems` replaced by (stem at `stem_share`) OR (the exact term at
// `exact_weight`). Only the plain combining operators are entered; phrases, NEAR and scaled
// subqueries are kept as they are.
Q ReplaceStems(const Q& q, const std::vector<std::pair<std::string, std::string>>& stems,
               double exact_weight, double stem_share) {
  const Q::op type = q.get_type();
  if (type == Q::LEAF_TERM) {
    const std::string term = *q.get_terms_begin();
    for (const auto& [stem, exact] : stems) {
      if (term != stem) continue;
      std::vector<Q> parts;
      if (stem_share > 0)
        parts.push_back(stem_share == 1.0 ? q : Q(Q::OP_SCALE_WEIGHT, q, stem_share));
      if (exact_weight > 0) parts.push_back(Q(Q::OP_SCALE_WEIGHT, Q(exact), exact_weight));
      return Q(Q::OP_OR, parts.begin(), parts.end());
    }
    return q;
  }
  if (type != Q::OP_AND && type != Q::OP_OR && type != Q::OP_AND_NOT && type != Q::OP_AND_MAYBE &&
      type != Q::OP_FILTER && type != Q::OP_MAX) {
    return q;
  }
  std::vector<Q> parts;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
    parts.push_back(ReplaceStems(q.get_subquery(i), stems, exact_weight, stem_share));
  }
  return Q(type, parts.begin(), parts.end());
}

}  // namespace

Q WithExactForms(const Q& query, const std::vector<std::string>& words, double exact_weight,
                 double stem_share) {
  if (words.empty() || query.empty() || (exact_weight <= 0 && stem_share == 1.0)) return query;
  const Xapian::Stem stemmer("english");
  std::vector<std::pair<std::string, std::string>> stems;  // Z term -> exact term
  for (const auto& word : words) {
    if (!EnglishStopper()(word)) stems.emplace_back("Z" + stemmer(word), word);
  }
  if (stems.empty()) return query;
  return ReplaceStems(query, stems, exact_weight, stem_share);
}

std::vector<std::string> ConceptTermsOf(const Q& query) {
  std::vector<std::string> out;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    if (IsConcept(*it)) out.push_back(*it);
  }
  return out;
}

Q WithAllConceptsBonus(const Q& query, const std::vector<std::string>& concept_terms,
                       double bonus) {
  if (bonus <= 0 || concept_terms.size() < 2 || query.empty()) return query;
  std::vector<Q> all(concept_terms.begin(), concept_terms.end());
  return Q(Q::OP_AND_MAYBE, query,
           Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_AND, all.begin(), all.end()), bonus));
}

std::vector<std::vector<std::string>> ConceptGroups(const Q& parsed) {
  std::vector<std::vector<std::string>> all, concepts;
  // OP_MAX: the language branches (language_query.h), read as the OR they stand for.
  if (parsed.get_type() != Q::OP_OR && parsed.get_type() != Q::OP_MAX) return all;
  for (size_t i = 0; i < parsed.get_num_subqueries(); ++i) {
    const Q sub = parsed.get_subquery(i);
    std::vector<std::string> terms(sub.get_unique_terms_begin(), sub.get_unique_terms_end());
    if (terms.empty()) continue;
    if (std::any_of(terms.begin(), terms.end(), IsConcept)) concepts.push_back(terms);
    all.push_back(std::move(terms));
  }
  return concepts.empty() ? all : concepts;
}

double Coverage(const Xapian::Document& doc, const std::vector<std::vector<std::string>>& groups) {
  if (groups.empty()) return 1;
  // One forward pass over the document's (sorted) termlist for every term of every group.
  std::vector<std::string> wanted;
  for (const auto& group : groups) wanted.insert(wanted.end(), group.begin(), group.end());
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  std::vector<std::string> present;
  Xapian::TermIterator t = doc.termlist_begin();
  for (const auto& term : wanted) {
    t.skip_to(term);
    if (t == doc.termlist_end()) break;
    if (*t == term) present.push_back(term);
  }
  size_t covered = 0;
  for (const auto& group : groups) {
    covered += std::any_of(group.begin(), group.end(), [&](const std::string& term) {
      return std::binary_search(present.begin(), present.end(), term);
    });
  }
  return static_cast<double>(covered) / static_cast<double>(groups.size());
}

size_t WordCount(const Q& query) {
  size_t n = 0;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    if (!IsConcept(*it)) ++n;
  }
  return n;
}

Q FeedbackTerms(Xapian::Enquire& enquire, const Q& query, const RankingOptions& ranking) {
  if (ranking.feedback_terms == 0 || ranking.feedback_docs == 0) return Q();
  Xapian::MSet first = enquire.get_mset(0, ranking.feedback_docs);
  if (first.empty()) return Q();
  Xapian::RSet rset;
  for (auto it = first.begin(); it != first.end(); ++it) rset.add_document(*it);
  FeedbackDecider decider(query);
  Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, rset, &decider);
  if (eset.empty()) return Q();
  const double best = eset.begin().get_weight();
  std::vector<Q> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const double scale = best > 0 ? ranking.feedback_weight * it.get_weight() / best : 0;
    if (scale > 0) terms.emplace_back(Q::OP_SCALE_WEIGHT, Q(*it), scale);
  }
  if (terms.empty()) return Q();
  return Q(Q::OP_OR, terms.begin(), terms.end());
}

Xapian::Query FixedTermBonus(const Xapian::Database& db, const std::string& term, double scale) {
  const double n = db.get_termfreq(term);
  if (n == 0) return Q();
  const double n_docs = db.get_doccount();
  const double idf = std::log(1.0 + (n_docs - n + 0.5) / (n + 0.5));
  Xapian::PostingSource* fixed = (new Xapian::FixedWeightPostingSource(scale * idf))->release();
  return Q(Q::OP_FILTER, Q(fixed), Q(term));
}

}  // namespace ch
