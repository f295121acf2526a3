#include "server/services/wildcard_expansion.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "server/services/word_pair_bonus.h"

namespace ch {
namespace {

using Q = Xapian::Query;

// What an OP_WILDCARD node holds. Xapian 1.4 has no getters for it; its serialisation is
// 0x0b, the limit and the pattern's length as encode_length writes them (net/length.h: below 255
// one byte, else 0xff then 7-bit groups, the last with its high bit set), the limit type and the
// combiner as one byte each, then the pattern.
struct Wildcard {
  Xapian::termcount max_expansion = 0;
  int max_type = 0;
  Q::op combiner = Q::OP_SYNONYM;
  std::string pattern;
};

bool ReadLength(const std::string& s, size_t* at, size_t* out) {
  if (*at >= s.size()) return false;
  const auto first = static_cast<unsigned char>(s[(*at)++]);
  if (first != 0xff) {
    *out = first;
    return true;
  }
  size_t value = 0;
  for (int shift = 0; shift < 64 && *at < s.size(); shift += 7) {
    const auto b = static_cast<unsigned char>(s[(*at)++]);
    value |= static_cast<size_t>(b & 0x7f) << shift;
    if (b & 0x80) {
      *out = value + 255;
      return true;
    }
  }
  return false;
}

std::optional<Wildcard> ReadWildcard(const Q& query) {
  if (query.get_type() != Q::OP_WILDCARD) return std::nullopt;
  const std::string s = query.serialise();
  size_t at = 1;
  size_t limit = 0;
  size_t length = 0;
  if (s.empty() || s[0] != 0x0b || !ReadLength(s, &at, &limit) || at + 2 > s.size()) {
    return std::nullopt;
  }
  Wildcard w;
  w.max_expansion = static_cast<Xapian::termcount>(limit);
  w.max_type = static_cast<unsigned char>(s[at++]);
  w.combiner = static_cast<Q::op>(static_cast<unsigned char>(s[at++]));
  if (!ReadLength(s, &at, &length) || s.size() - at != length) return std::nullopt;
  w.pattern = s.substr(at);
  return w;
}

// The terms Xapian searches for `w`, in term order; empty when they are not certain.
std::vector<std::string> Terms(const Xapian::Database& db, const Wildcard& w) {
  std::vector<std::string> terms;
  for (auto t = db.allterms_begin(w.pattern); t != db.allterms_end(w.pattern); ++t) {
    terms.push_back(*t);
  }
  const size_t limit = w.max_expansion;
  const bool most_frequent = w.max_type == Q::WILDCARD_LIMIT_MOST_FREQUENT;
  if ((limit == 0 && !most_frequent) || terms.size() <= limit) return terms;
  // Past the limit Xapian keeps the first terms under FIRST, the most frequent under
  // MOST_FREQUENT (where 0 counts as a limit), and rejects the search under ERROR.
  if (w.max_type == Q::WILDCARD_LIMIT_FIRST) {
    terms.resize(limit);
    return terms;
  }
  if (!most_frequent || limit == 0) return {};
  std::vector<std::pair<Xapian::doccount, size_t>> by_frequency;  // (frequency, index)
  by_frequency.reserve(terms.size());
  for (size_t i = 0; i < terms.size(); ++i) by_frequency.emplace_back(db.get_termfreq(terms[i]), i);
  std::sort(by_frequency.begin(), by_frequency.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  if (by_frequency[limit - 1].first == by_frequency[limit].first) return {};
  std::vector<size_t> kept;
  for (size_t i = 0; i < limit; ++i) kept.push_back(by_frequency[i].second);
  std::sort(kept.begin(), kept.end());
  std::vector<std::string> out;
  out.reserve(limit);
  for (size_t i : kept) out.push_back(std::move(terms[i]));
  return out;
}

}  // namespace

std::optional<Xapian::Query> ExpandedWildcard(const Xapian::Database& db,
                                              const Xapian::Query& wildcard) {
  const std::optional<Wildcard> w = ReadWildcard(wildcard);
  if (!w || w->combiner != Q::OP_SYNONYM) return std::nullopt;
  const std::vector<std::string> terms = Terms(db, *w);
  if (terms.empty()) return std::nullopt;
  return Q(Q::OP_SYNONYM, terms.begin(), terms.end());
}

namespace {

// Whether `query` holds a wildcard ExpandedWildcard spells out (where WithExpandedWildcards walks);
// if so, `out` is `query` with it spelled out.
bool Expand(const Xapian::Database& db, const Q& query, Q* out, std::vector<Q>* spelled_out) {
  const Q::op type = query.get_type();
  if (type == Q::OP_WILDCARD) {
    std::optional<Q> synonym = ExpandedWildcard(db, query);
    if (!synonym) return false;
    if (spelled_out != nullptr) spelled_out->push_back(*synonym);
    *out = *std::move(synonym);
    return true;
  }
  const bool walked = type == Q::OP_OR || type == Q::OP_AND || type == Q::OP_AND_NOT ||
                      type == Q::OP_AND_MAYBE || type == Q::OP_FILTER || type == Q::OP_XOR ||
                      type == Q::OP_SCALE_WEIGHT;
  if (!walked) return false;
  const double scale = type == Q::OP_SCALE_WEIGHT ? QueryScaleFactor(query) : 0;
  if (scale < 0) return false;
  std::vector<Q> parts;
  bool changed = false;
  for (size_t i = 0; i < query.get_num_subqueries(); ++i) {
    Q expanded;
    const Q part = query.get_subquery(i);
    const bool spelled = Expand(db, part, &expanded, spelled_out);
    parts.push_back(spelled ? expanded : part);
    changed = changed || spelled;
  }
  if (!changed) return false;
  *out =
      type == Q::OP_SCALE_WEIGHT ? Q(type, parts[0], scale) : Q(type, parts.begin(), parts.end());
  return true;
}

}  // namespace

Xapian::Query WithExpandedWildcards(const Xapian::Database& db, const Xapian::Query& query,
                                    std::vector<Xapian::Query>* spelled_out) {
  Q out;
  return Expand(db, query, &out, spelled_out) ? out : query;
}

}  // namespace ch
