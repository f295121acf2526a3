// xapian_max_crash.cc: a reproduction, with Xapian alone, of the crash that made the
// clearinghouse stop combining its language branches with OP_MAX (benchmarks/RESULTS.md, issue
// 15, Run 9). Not part of the build or the tests: a report for Xapian's maintainers.
//
//   g++ -O1 benchmarks/repro/xapian_max_crash.cc -o /tmp/max_crash -lxapian
//   /tmp/max_crash 0   # OP_MAX branches, AND_MAYBE inside: segfault on Xapian 1.4.22
//   /tmp/max_crash 1   # the same with the second branch scaled by 0.8: segfault
//   /tmp/max_crash 4   # OP_MAX branches without AND_MAYBE: segfault
//   /tmp/max_crash 2   # the same trees with OP_OR: "ok"
//
// 1,500 in-memory documents with skewed words and a language term, 2,000 random query trees of
// the shape the search service built: (x AND_NOT Les) MAX (y FILTER Les), nested with OR,
// AND_MAYBE and SCALE_WEIGHT, ranked by BM25 with Xapian's pruning (check_at_least 0).
#include <xapian.h>
#include <iostream>
#include <random>
using Q = Xapian::Query;
int mode;
Q Word(std::mt19937& rng) { return Q("w" + std::to_string(rng() % 30)); }
Q Text(std::mt19937& rng, int depth) {
  if (depth == 0 || rng() % 3 == 0) return Word(rng);
  switch (rng() % 5) {
    case 0: {
      Q en(Q::OP_AND_NOT, Text(rng, depth - 1), Q("Les"));
      Q es(Q::OP_FILTER, Text(rng, depth - 1), Q("Les"));
      if (mode & 1) es = Q(Q::OP_SCALE_WEIGHT, es, 0.8);
      return Q((mode & 2) ? Q::OP_OR : Q::OP_MAX, en, es);
    }
    case 1: return Q(Q::OP_SCALE_WEIGHT, Text(rng, depth - 1), 2.0);
    case 2: return (mode & 4) ? Q(Q::OP_OR, Text(rng, depth - 1), Text(rng, depth - 1)) : Q(Q::OP_AND_MAYBE, Text(rng, depth - 1), Text(rng, depth - 1));
    default: return Q(Q::OP_OR, Text(rng, depth - 1), Text(rng, depth - 1));
  }
}
int main(int argc, char** argv) {
  mode = atoi(argv[1]);
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::mt19937 rng(5);
  for (int d = 0; d < 1500; ++d) {
    Xapian::Document doc;
    for (int i = 0, n = 3 + (int)(rng() % 30); i < n; ++i) {
      int k = (int)(rng() % 30);
      if (rng() % (unsigned)(k + 1) == 0) doc.add_term("w" + std::to_string(k), 1 + rng() % 3); else doc.add_term("filler" + std::to_string(rng() % 300));
    }
    doc.add_boolean_term(rng() % 4 == 0 ? "Les" : "Len");
    db.add_document(doc);
  }
  std::mt19937 q(11);
  for (int i = 0; i < 2000; ++i) {
    Q query(Q::OP_OR, Text(q, 3), Text(q, 3));
    Xapian::Enquire e(db); e.set_query(query); e.set_weighting_scheme(Xapian::BM25Weight(1.5, 0, 1, 0.9, 0.5));
    e.get_mset(0, 10 + (i % 3) * 10, Xapian::doccount(0));
  }
  std::cout << "ok\n";
}
