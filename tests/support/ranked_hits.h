// ranked_hits.h: a ranked page as (document, weight) pairs that tests compare with each other.
//
// Xapian sums a document's weight in an order that depends on how its matcher pruned or arranged
// the query tree, so the same document's weight may differ in the last bits between two matches
// of one query: weights are equal to a relative 1e-12. Header-only, for the tests.
#pragma once

#include <algorithm>
#include <cmath>
#include <ostream>
#include <vector>

#include <xapian.h>

namespace ch::test {

struct Hit {
  Xapian::docid id;
  double weight;
  bool operator==(const Hit& o) const {
    return id == o.id && std::abs(weight - o.weight) <= 1e-12 * std::max(1.0, std::abs(weight));
  }
};

inline std::ostream& operator<<(std::ostream& out, const Hit& h) {
  return out << h.id << "@" << h.weight;
}

inline std::vector<Hit> Hits(const Xapian::MSet& mset) {
  std::vector<Hit> out;
  for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back({*it, it.get_weight()});
  return out;
}

}  // namespace ch::test
