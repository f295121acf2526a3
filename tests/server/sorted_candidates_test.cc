// A query restricted to candidates (SortedCandidatesQuery, sort_ranks.h) ranks exactly those of
// its matches, as Xapian's whole match ranks them, with phrases anywhere in the query: under
// AND_NOT (a language branch), scaled, in an OR. Its phrases are filtered by the candidates where
// they stand, so that Xapian checks their positions at candidates only.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "server/services/sort_ranks.h"
#include "tests/support/ranked_hits.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

using Q = Xapian::Query;

using test::Hit;

std::vector<Hit> Ranked(const Xapian::Database& db, const Q& q) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BM25Weight(1.5, 0, 1, 0.9, 0.5));
  return test::Hits(enquire.get_mset(0, db.get_doccount(), db.get_doccount()));
}

// 1,500 documents with positions: twelve words of skewed frequency among fillers, and a language
// term (wdf 0) as the index's.
class SortedCandidatesTest : public ::testing::Test {
 protected:
  SortedCandidatesTest() {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_CREATE_OR_OPEN);
    std::mt19937 rng(29);
    for (int d = 0; d < 1500; ++d) {
      Xapian::Document doc;
      const int words = 6 + static_cast<int>(rng() % 50);
      for (Xapian::termpos pos = 1; pos <= static_cast<Xapian::termpos>(words); ++pos) {
        const unsigned k = rng() % 12;
        doc.add_posting(
            rng() % (k + 1) == 0 ? "w" + std::to_string(k) : "filler" + std::to_string(rng() % 300),
            pos);
      }
      doc.add_boolean_term(rng() % 4 == 0 ? "Les" : "Len");
      w.add_document(doc);
    }
    w.commit();
  }

  static Q Word(std::mt19937& rng) { return Q("w" + std::to_string(rng() % 12)); }

  // Trees as SearchService builds them around phrases: language branches (AND_NOT), scaled
  // parts, ORs with words, filters.
  static Q Random(std::mt19937& rng, int depth) {
    if (depth == 0 || rng() % 3 == 0) {
      switch (rng() % 4) {
        case 0:
          return Q(Q::OP_PHRASE, Word(rng), Word(rng));
        case 1: {
          const std::vector<Q> words = {Word(rng), Word(rng)};
          return Q(Q::OP_NEAR, words.begin(), words.end(), 3);
        }
        default:
          return Word(rng);
      }
    }
    switch (rng() % 4) {
      case 0:
        return Q(Q::OP_AND_NOT, Random(rng, depth - 1), Q("Les"));
      case 1:
        return Q(Q::OP_SCALE_WEIGHT, Random(rng, depth - 1), 0.8);
      case 2:
        return Q(Q::OP_FILTER, Random(rng, depth - 1), Q("Len"));
      default:
        return Q(Q::OP_OR, Random(rng, depth - 1), Random(rng, depth - 1));
    }
  }

  test::TempDir dir_;
};

TEST_F(SortedCandidatesTest, RanksTheCandidatesAmongTheMatchesAsTheWholeMatchDoes) {
  Xapian::Database db(dir_.path().string());
  std::mt19937 rng(3);
  int with_hits = 0;
  for (int i = 0; i < 1000; ++i) {
    const Q q = Random(rng, 3);
    std::set<Xapian::docid> picked;
    for (unsigned n = 1 + rng() % 300; picked.size() < n;) picked.insert(1 + rng() % 1500);
    const std::vector<Xapian::docid> candidates(picked.begin(), picked.end());
    std::vector<Hit> expected;
    for (const Hit& h : Ranked(db, q)) {
      if (picked.count(h.id) != 0) expected.push_back(h);
    }
    with_hits += expected.empty() ? 0 : 1;
    EXPECT_EQ(Ranked(db, SortedCandidatesQuery(q, candidates)), expected) << q.get_description();
  }
  EXPECT_GT(with_hits, 500) << "most queries should rank some candidates";
}

// Each unit is filtered where it stands (the phrase under its scale and language branch, the
// word beside it), and no filter is laid over the whole query, whose OR Xapian would then test
// one candidate at a time.
TEST_F(SortedCandidatesTest, EachPartIsFilteredByTheCandidatesWhereItStands) {
  const Q phrase(Q::OP_PHRASE, Q("w1"), Q("w2"));
  const Q branch(Q::OP_AND_NOT, Q(Q::OP_SCALE_WEIGHT, phrase, 0.8), Q("Les"));
  const std::string description =
      SortedCandidatesQuery(Q(Q::OP_OR, branch, Q("w3")), {4, 9, 12}).get_description();
  const std::string filtered = " FILTER PostingSource(CandidateSource(3)))";
  EXPECT_NE(description.find("0.80000000000000004441 * ((w1 PHRASE 2 w2)" + filtered),
            std::string::npos)
      << "the phrase is filtered under its scale: " << description;
  EXPECT_NE(description.find("(w3" + filtered), std::string::npos)
      << "the word is filtered: " << description;
  EXPECT_EQ(description.rfind("FILTER"),
            description.find("FILTER PostingSource", description.find("(w3")))
      << "nothing filters the whole query: " << description;
}

}  // namespace
}  // namespace ch
