#include "server/services/language_split.h"

#include <algorithm>
#include <set>
#include <string>

#include "indexer/schema.h"
#include "server/services/word_pair_bonus.h"

namespace ch {
namespace {

using Q = Xapian::Query;

bool IsLanguageTerm(const Q& q) {
  if (q.get_type() != Q::LEAF_TERM) return false;
  const std::string term = *q.get_terms_begin();
  const std::string prefix = schema::kLanguagePrefix;
  // "L" followed by a lowercase code: other prefixes start with L and a capital ("LA...").
  return term.size() > prefix.size() && term.compare(0, prefix.size(), prefix) == 0 &&
         std::all_of(term.begin() + static_cast<ptrdiff_t>(prefix.size()), term.end(),
                     [](char c) { return c >= 'a' && c <= 'z'; });
}

// The language terms of `q` when it is one language term or an OR of them; empty otherwise.
std::vector<std::string> LanguageTerms(const Q& q) {
  if (IsLanguageTerm(q)) return {*q.get_terms_begin()};
  if (q.get_type() != Q::OP_OR) return {};
  std::vector<std::string> out;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
    if (!IsLanguageTerm(q.get_subquery(i))) return {};
    out.push_back(*q.get_subquery(i).get_terms_begin());
  }
  return out;
}

enum class Restriction { kNone, kOnly, kExcept };

// Whether `q` is `x FILTER L` (kOnly, `terms` = {L}) or `x AND_NOT (languages)` (kExcept).
Restriction RestrictionOf(const Q& q, std::vector<std::string>* terms) {
  if (q.get_num_subqueries() != 2) return Restriction::kNone;
  const Q::op type = q.get_type();
  if (type != Q::OP_FILTER && type != Q::OP_AND_NOT) return Restriction::kNone;
  *terms = LanguageTerms(q.get_subquery(1));
  if (terms->empty() || (type == Q::OP_FILTER && terms->size() != 1)) return Restriction::kNone;
  return type == Q::OP_FILTER ? Restriction::kOnly : Restriction::kExcept;
}

// Collects the languages `q` restricts to; false when a restriction sits where removing it could
// add matches, or below another restriction.
bool Collect(const Q& q, bool negative, std::set<std::string>* only, bool* except) {
  std::vector<std::string> terms;
  const Restriction r = RestrictionOf(q, &terms);
  if (r != Restriction::kNone) {
    if (negative) return false;
    if (r == Restriction::kOnly) only->insert(terms[0]);
    if (r == Restriction::kExcept) *except = true;
    return true;  // a restriction's inside is not restricted again by the service
  }
  const Q::op type = q.get_type();
  // Below an operator with parameters (a phrase's window, an elite set's size) or XOR, a
  // restriction cannot be removed: the node would be rebuilt without them, or match more.
  const bool plain = type == Q::OP_OR || type == Q::OP_AND || type == Q::OP_AND_MAYBE ||
                     type == Q::OP_AND_NOT || type == Q::OP_FILTER || type == Q::OP_MAX ||
                     type == Q::OP_SYNONYM || type == Q::OP_SCALE_WEIGHT;
  if (!plain) negative = true;
  if (type == Q::OP_SCALE_WEIGHT && QueryScaleFactor(q) < 0) return false;
  for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
    const bool right_of_not = type == Q::OP_AND_NOT && i > 0;
    if (!Collect(q.get_subquery(i), negative || right_of_not, only, except)) return false;
  }
  return true;
}

// `q` for the documents of `language` ("" for the default: those excluding every other);
// `changed` is set when anything was removed.
Q PartFor(const Q& q, const std::string& language, bool* changed) {
  std::vector<std::string> terms;
  const Restriction r = RestrictionOf(q, &terms);
  if (r != Restriction::kNone) {
    const bool kept = r == Restriction::kOnly ? terms[0] == language : language.empty();
    if (!kept) *changed = true;
    return kept ? q : Q::MatchNothing;
  }
  const size_t n = q.get_num_subqueries();
  if (n == 0) return q;
  bool below = false;
  std::vector<Q> parts;
  for (size_t i = 0; i < n; ++i) parts.push_back(PartFor(q.get_subquery(i), language, &below));
  if (!below) return q;
  *changed = true;
  if (q.get_type() == Q::OP_SCALE_WEIGHT) {
    return Q(Q::OP_SCALE_WEIGHT, parts[0], QueryScaleFactor(q));  // Collect checked it reads
  }
  return Q(q.get_type(), parts.begin(), parts.end());
}

}  // namespace

std::optional<std::vector<Xapian::Query>> SplitByLanguage(const Xapian::Query& query) {
  std::set<std::string> only;
  bool except = false;
  if (!Collect(query, false, &only, &except)) return std::nullopt;
  if (!except || only.size() != 1) return std::nullopt;
  bool changed = false;
  return std::vector<Xapian::Query>{PartFor(query, "", &changed),
                                    PartFor(query, *only.begin(), &changed)};
}

}  // namespace ch
