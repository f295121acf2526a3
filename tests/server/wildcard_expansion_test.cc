// A prefix search spelled out as the SYNONYM of its terms (wildcard_expansion.h): the same matches
// and weights as Xapian's own wildcard, for every limit type; left to Xapian where its terms are
// not certain (a tie at the limit, a limit Xapian rejects, a MAX combiner) or where Xapian merges
// them into an enclosing operator; and, spelled out, its match set comes from bitmaps and its
// relevance page from impact tiers, both Xapian's.
#include "server/services/wildcard_expansion.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "server/services/facet_column.h"
#include "server/services/impact_tiers.h"
#include "server/services/match_set.h"
#include "tests/support/ranked_hits.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

using Q = Xapian::Query;
using test::Hits;

std::vector<std::string> TermsOf(const Q& q) { return {q.get_terms_begin(), q.get_terms_end()}; }

// The matches of `q` from `first`, `count` of them (0: all), ranked by BM25 (the service's
// parameters), every match examined.
Xapian::MSet AllMatches(const Xapian::Database& db, const Q& q, Xapian::doccount first = 0,
                        Xapian::doccount count = 0) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  const Bm25Parameters bm25;
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
  return enquire.get_mset(first, count == 0 ? db.get_doccount() : count, db.get_doccount());
}

// Documents whose words "w0" .. "w39" follow a skewed distribution, with 500 filler words
// ("filler0" .. "filler499") of about equal frequency, so that prefixes expand to 1 to 111
// terms, and some deleted.
class WildcardExpansionTest : public ::testing::Test {
 protected:
  WildcardExpansionTest() {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_CREATE_OR_OPEN);
    std::mt19937 rng(5);
    for (int d = 0; d < 1500; ++d) {
      Xapian::Document doc;
      for (int i = 0, n = 4 + static_cast<int>(rng() % 30); i < n; ++i) {
        const int k = static_cast<int>(rng() % 40);
        if (rng() % static_cast<unsigned>(k + 1) == 0) {
          doc.add_term("w" + std::to_string(k), 1 + rng() % 4);
        } else {
          doc.add_term("filler" + std::to_string(rng() % 500));
        }
      }
      w.add_document(doc);
    }
    for (Xapian::docid id = 3; id <= w.get_lastdocid(); id += 71) w.delete_document(id);
    w.commit();
  }
  test::TempDir dir_;
};

TEST_F(WildcardExpansionTest, SpelledOutPrefixesMatchAndWeighAsXapiansWildcards) {
  Xapian::Database db(dir_.path().string());
  struct Limit {
    Xapian::termcount terms;
    int type;
  };
  const Limit limits[] = {
      {0, Q::WILDCARD_LIMIT_ERROR},         {100, Q::WILDCARD_LIMIT_MOST_FREQUENT},
      {4, Q::WILDCARD_LIMIT_MOST_FREQUENT}, {2, Q::WILDCARD_LIMIT_MOST_FREQUENT},
      {3, Q::WILDCARD_LIMIT_FIRST},         {200, Q::WILDCARD_LIMIT_ERROR}};
  int spelled_out = 0;
  for (const char* pattern : {"w", "w1", "w2", "w3", "w39", "filler1", "filler4", "filler49"}) {
    for (const Limit& limit : limits) {
      const Q wildcard(Q::OP_WILDCARD, pattern, limit.terms, limit.type, Q::OP_SYNONYM);
      const std::optional<Q> synonym = ExpandedWildcard(db, wildcard);
      if (!synonym) continue;
      ++spelled_out;
      // One term: Xapian's SYNONYM of one term is the term (the same weight at wqf 1).
      EXPECT_TRUE(synonym->get_type() == Q::OP_SYNONYM || synonym->get_type() == Q::LEAF_TERM);
      for (const std::string& term : TermsOf(*synonym)) {
        EXPECT_EQ(term.rfind(pattern, 0), 0u) << term << " does not start with " << pattern;
      }
      for (const Q& beside : {Q(), Q("w5"), Q("filler7")}) {
        const Q typed = beside.empty() ? wildcard : Q(Q::OP_OR, wildcard, beside);
        const Q spelled = beside.empty() ? *synonym : Q(Q::OP_OR, *synonym, beside);
        EXPECT_EQ(Hits(AllMatches(db, spelled)), Hits(AllMatches(db, typed)))
            << typed.get_description() << " limit " << limit.terms << " type " << limit.type;
        EXPECT_EQ(WithExpandedWildcards(db, typed).serialise(), spelled.serialise());
      }
    }
  }
  EXPECT_GE(spelled_out, 35) << "wildcards whose terms are certain";
}

// The terms Xapian keeps past a MOST_FREQUENT limit are certain only when the last kept is more
// frequent than the first left out; past an ERROR limit Xapian rejects the search, and a MAX
// combiner weighs each term on its own: all three are left to Xapian.
TEST(WildcardLimitTest, ATieAtTheLimitAnErrorLimitAndAMaxAreLeftToXapian) {
  test::TempDir dir;
  {
    Xapian::WritableDatabase w(dir.path().string(), Xapian::DB_CREATE_OR_OPEN);
    // ta in three documents, tb and tc in two, td in one.
    for (const std::vector<std::string>& words : std::vector<std::vector<std::string>>{
             {"ta", "tb", "tc", "td"}, {"ta", "tb", "tc"}, {"ta"}}) {
      Xapian::Document doc;
      for (const std::string& word : words) doc.add_term(word);
      w.add_document(doc);
    }
    w.commit();
  }
  Xapian::Database db(dir.path().string());
  auto expanded = [&](Xapian::termcount limit, int type, Q::op combiner = Q::OP_SYNONYM) {
    const std::optional<Q> q = ExpandedWildcard(db, Q(Q::OP_WILDCARD, "t", limit, type, combiner));
    return q ? TermsOf(*q) : std::vector<std::string>{"(left to Xapian)"};
  };
  const int most = Q::WILDCARD_LIMIT_MOST_FREQUENT;
  using Terms = std::vector<std::string>;
  EXPECT_EQ(expanded(1, most), (Terms{"ta"}));
  EXPECT_EQ(expanded(2, most), (Terms{"(left to Xapian)"})) << "tb and tc tie for second place";
  EXPECT_EQ(expanded(3, most), (Terms{"ta", "tb", "tc"})) << "kept in term order";
  EXPECT_EQ(expanded(4, most), (Terms{"ta", "tb", "tc", "td"}));
  EXPECT_EQ(expanded(0, most), (Terms{"(left to Xapian)"})) << "Xapian reads 0 as a limit here";
  EXPECT_EQ(expanded(0, Q::WILDCARD_LIMIT_ERROR), (Terms{"ta", "tb", "tc", "td"})) << "no limit";
  EXPECT_EQ(expanded(3, Q::WILDCARD_LIMIT_ERROR), (Terms{"(left to Xapian)"}));
  EXPECT_EQ(expanded(2, Q::WILDCARD_LIMIT_FIRST), (Terms{"ta", "tb"}));
  EXPECT_EQ(expanded(0, Q::WILDCARD_LIMIT_ERROR, Q::OP_MAX), (Terms{"(left to Xapian)"}));
  EXPECT_EQ(expanded(0, Q::WILDCARD_LIMIT_ERROR, Q::OP_OR), (Terms{"(left to Xapian)"}));
  EXPECT_FALSE(ExpandedWildcard(db, Q(Q::OP_WILDCARD, "zz"))) << "no term starts with zz";
  EXPECT_FALSE(ExpandedWildcard(db, Q("ta"))) << "not a wildcard";
}

// Limits of 255 and more are serialised in several bytes (encode_length): read back whole.
TEST(WildcardLimitTest, LimitsOfSeveralBytesAreReadBack) {
  test::TempDir dir;
  {
    Xapian::WritableDatabase w(dir.path().string(), Xapian::DB_CREATE_OR_OPEN);
    for (int i = 0; i < 400; ++i) {
      Xapian::Document doc;
      doc.add_term("p" + std::to_string(1000 + i));
      if (i < 300) doc.add_term("p" + std::to_string(1000 + i + 1));  // p1001..p1300 in two
      w.add_document(doc);
    }
    w.commit();
  }
  Xapian::Database db(dir.path().string());
  const int most = Q::WILDCARD_LIMIT_MOST_FREQUENT;
  auto count = [&](Xapian::termcount limit, int type) {
    const std::optional<Q> q = ExpandedWildcard(db, Q(Q::OP_WILDCARD, "p", limit, type));
    return q ? static_cast<int>(TermsOf(*q).size()) : -1;
  };
  EXPECT_EQ(count(300, most), 300) << "p1001..p1300, each in two documents";
  EXPECT_EQ(count(299, most), -1) << "a tie at the limit";
  EXPECT_EQ(count(400, most), 400);
  EXPECT_EQ(count(70000, most), 400);
  EXPECT_EQ(count(256, Q::WILDCARD_LIMIT_FIRST), 256);
  EXPECT_EQ(count(399, Q::WILDCARD_LIMIT_ERROR), -1);
}

// Under a SYNONYM, MAX or PHRASE Xapian merges a wildcard's terms into the enclosing operator:
// left as typed. Under a scale it is spelled out, with the same scale.
TEST_F(WildcardExpansionTest, OnlyWildcardsStandingOnTheirOwnAreSpelledOut) {
  Xapian::Database db(dir_.path().string());
  const Q wildcard(Q::OP_WILDCARD, "w1", 100, Q::WILDCARD_LIMIT_MOST_FREQUENT);
  for (const Q& merged : {Q(Q::OP_SYNONYM, wildcard, Q("w5")), Q(Q::OP_MAX, wildcard, Q("w5")),
                          Q(Q::OP_ELITE_SET, wildcard, Q("w5"))}) {
    EXPECT_EQ(WithExpandedWildcards(db, merged).serialise(), merged.serialise())
        << merged.get_description();
  }
  const Q scaled(Q::OP_AND_NOT, Q(Q::OP_OR, Q("w4"), Q(Q::OP_SCALE_WEIGHT, wildcard, 0.375)),
                 Q("w7"));
  const Q spelled = WithExpandedWildcards(db, scaled);
  EXPECT_EQ(spelled.get_description().find("WILDCARD"), std::string::npos)
      << spelled.get_description();
  EXPECT_EQ(Hits(AllMatches(db, spelled)), Hits(AllMatches(db, scaled)));
}

// The match set of a wildcard is the union of its terms' sets: the documents Xapian matches,
// through the bitmap cache (and Xapian's boolean pass where the terms are not certain).
TEST_F(WildcardExpansionTest, AWildcardsMatchSetIsXapians) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  MatchSetCache cache(16 << 20);
  const MatchSetEvaluator sets(db, column, &cache);
  for (const Q& q : {Q(Q::OP_WILDCARD, "w1", 100, Q::WILDCARD_LIMIT_MOST_FREQUENT),
                     Q(Q::OP_WILDCARD, "filler1", 100, Q::WILDCARD_LIMIT_MOST_FREQUENT),
                     Q(Q::OP_WILDCARD, "filler2", 5, Q::WILDCARD_LIMIT_FIRST),
                     Q(Q::OP_AND, Q(Q::OP_WILDCARD, "w2"), Q("w0"))}) {
    std::vector<Xapian::docid> expected;
    const Xapian::MSet all = AllMatches(db, q);
    for (auto it = all.begin(); it != all.end(); ++it) expected.push_back(*it);
    std::sort(expected.begin(), expected.end());
    std::vector<Xapian::docid> got;
    sets.Evaluate(q).ForEach([&](Xapian::docid id) { got.push_back(id); });
    EXPECT_EQ(got, expected) << q.get_description();
  }
}

// Spelled out, a prefix search's relevance page comes from the impact tiers, its SYNONYM's tier
// weighed from its terms' postings during the search (with a warmer to ask, as the service
// runs): pages proved for nearly every search, each exactly Xapian's page of the wildcard.
TEST_F(WildcardExpansionTest, PrefixSearchPagesComeFromTheTiersAndAreXapians) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  struct Sink : ImpactTierRequests {
    void Request(const std::string&, const Xapian::Query&) override { ++asked; }
    int asked = 0;
  } sink;
  MatchSetCache sets(16 << 20);
  ImpactTierCache tiers(16 << 20);
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  const TieredRanker ranker(db, column, &sets, {}, &tiers, Bm25Parameters{}, options, &sink);
  std::mt19937 rng(9);
  int proven = 0, searches = 0;
  for (int i = 0; i < 120; ++i) {
    // Prefixes of several words (w1 .. w3: 11 each; filler5 .. filler49: 11 or 1): "w0" would be
    // the word w0, whose tier is the warmer's to build, and "filler1" .. "filler4" tie at the
    // limit.
    const std::string pattern = i % 3 == 0 ? "filler" + std::to_string(5 + rng() % 45)
                                           : "w" + std::to_string(1 + rng() % 3);
    const Q wildcard(Q::OP_WILDCARD, pattern, 100, Q::WILDCARD_LIMIT_MOST_FREQUENT);
    const Q word("w" + std::to_string(20 + rng() % 20));
    const Q q = i % 2 == 0 ? wildcard : Q(Q::OP_OR, wildcard, word);
    ++searches;
    const Xapian::doccount first = i % 4 == 1 ? 10 : 0;
    std::optional<Xapian::MSet> page = ranker.Page(q, first, 10);
    if (!page) continue;
    ++proven;
    EXPECT_EQ(Hits(*page), Hits(AllMatches(db, q, first, 10)))
        << q.get_description() << " from " << first;
  }
  EXPECT_GE(proven, searches * 95 / 100) << "prefix searches whose pages the tiers prove";
  EXPECT_EQ(sink.asked, 0) << "every prefix's tier built during its search";
}

}  // namespace
}  // namespace ch
