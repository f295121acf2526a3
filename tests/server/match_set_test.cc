// Match sets from bitmaps (match_set.h, doc_bitmap.h) and the facet counts taken from them
// (FacetColumn::TallyOf): every operator gives exactly the documents Xapian's own matcher
// enumerates, cached sets never outlive their generation, and each way of counting facets equals
// adding the documents one by one.
#include "server/services/match_set.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "indexer/schema.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

using Q = Xapian::Query;

std::vector<Xapian::docid> Ids(const DocBitmap& b) {
  std::vector<Xapian::docid> out;
  b.ForEach([&](Xapian::docid id) { out.push_back(id); });
  return out;
}

TEST(DocBitmapTest, SetOperationsEqualThoseOfOrderedSets) {
  std::mt19937 rng(3);
  for (int round = 0; round < 20; ++round) {
    const Xapian::docid limit = 1 + rng() % 300;
    DocBitmap a(limit), b(limit);
    std::set<Xapian::docid> sa, sb;
    for (int i = 0; i < 120; ++i) {
      const Xapian::docid x = rng() % (limit + 10), y = rng() % (limit + 10);
      a.Set(x);  // ids at or past the limit are ignored
      b.Set(y);
      if (x < limit) sa.insert(x);
      if (y < limit) sb.insert(y);
    }
    std::vector<Xapian::docid> both, either, only_a, one;
    for (Xapian::docid id = 0; id < limit; ++id) {
      const bool in_a = sa.count(id) > 0, in_b = sb.count(id) > 0;
      if (in_a && in_b) both.push_back(id);
      if (in_a || in_b) either.push_back(id);
      if (in_a && !in_b) only_a.push_back(id);
      if (in_a != in_b) one.push_back(id);
      EXPECT_EQ(a.Test(id), in_a) << "id " << id;
    }
    EXPECT_EQ(a.Count(), sa.size());
    EXPECT_EQ(a.CountAnd(b), both.size());
    DocBitmap x = a;
    x.And(b);
    EXPECT_EQ(Ids(x), both);
    x = a;
    x.Or(b);
    EXPECT_EQ(Ids(x), either);
    x = a;
    x.AndNot(b);
    EXPECT_EQ(Ids(x), only_a);
    x = a;
    x.Xor(b);
    EXPECT_EQ(Ids(x), one);
  }
}

TEST(DocBitmapTest, CombiningSetsOfTwoGenerationsIsRefused) {
  DocBitmap a(100), b(101);
  EXPECT_THROW(a.And(b), std::invalid_argument);
  EXPECT_THROW(a.CountAnd(b), std::invalid_argument);
}

// 1,500 documents (some deleted, so ids have holes) whose words follow a skewed distribution, so
// that some terms are held by most documents (cached as bitmaps) and others by a handful (read
// each time); words have positions (phrases), a date value (ranges) and facet values, some
// carried by many documents (bitmaps in the column) and some by few (id lists).
class MatchSetTest : public ::testing::Test {
 protected:
  MatchSetTest() { Write(1500, 11); }

  void Write(int documents, unsigned seed) {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_CREATE_OR_OPEN);
    std::mt19937 rng(seed);
    for (int d = 0; d < documents; ++d) {
      Xapian::Document doc;
      Xapian::termpos pos = 1;
      for (int i = 0; i < 12; ++i) {
        // Word k with probability about 1 / (k + 1): w0 in most documents, w39 in a few.
        const int k = static_cast<int>(rng() % 40);
        if (rng() % static_cast<unsigned>(k + 1) == 0)
          doc.add_posting("w" + std::to_string(k), pos);
        ++pos;
      }
      doc.add_value(schema::kSlotPublished, std::to_string(2000 + rng() % 25));
      for (const schema::Facet& facet : schema::Facets()) {
        std::string values = "v" + std::to_string(rng() % 3);
        if (rng() % 4 == 0)
          values += schema::kFacetSeparator + ("rare" + std::to_string(rng() % 50));
        doc.add_value(facet.slot, values);
      }
      w.add_document(doc);
    }
    for (Xapian::docid id = 7; id <= w.get_lastdocid(); id += 97) w.delete_document(id);
    w.commit();
  }

  static std::vector<Xapian::docid> XapiansMatches(const Xapian::Database& db, const Q& q) {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    std::vector<Xapian::docid> out;
    for (auto it = mset.begin(); it != mset.end(); ++it) out.push_back(*it);
    std::sort(out.begin(), out.end());
    return out;
  }

  Q Word(std::mt19937& rng) { return Q("w" + std::to_string(rng() % 45)); }  // w40+: no document

  Q Random(std::mt19937& rng, int depth) {
    if (depth == 0 || rng() % 4 == 0) {
      switch (rng() % 10) {
        case 0:
          return Q::MatchAll;
        case 1:
          return Q::MatchNothing;
        case 2:
          return Q(Q::OP_PHRASE, Word(rng), Word(rng));
        case 3: {
          const Q pair[] = {Word(rng), Word(rng)};
          return Q(Q::OP_NEAR, pair, pair + 2, 3);
        }
        case 4:
          return Q(Q::OP_WILDCARD, "w1");
        case 5:
          return Q(Q::OP_VALUE_GE, schema::kSlotPublished, std::to_string(2000 + rng() % 25));
        default:
          return Word(rng);
      }
    }
    static const Q::op kOps[] = {Q::OP_OR,        Q::OP_AND,         Q::OP_FILTER,  Q::OP_AND_NOT,
                                 Q::OP_AND_MAYBE, Q::OP_XOR,         Q::OP_SYNONYM, Q::OP_MAX,
                                 Q::OP_ELITE_SET, Q::OP_SCALE_WEIGHT};
    const Q::op op = kOps[rng() % (sizeof(kOps) / sizeof(kOps[0]))];
    if (op == Q::OP_SCALE_WEIGHT) return Q(op, Random(rng, depth - 1), rng() % 2 ? 0.0 : 2.5);
    std::vector<Q> subs;
    for (unsigned i = 0, n = 2 + rng() % 3; i < n; ++i) subs.push_back(Random(rng, depth - 1));
    if (op == Q::OP_SYNONYM || op == Q::OP_ELITE_SET) {  // of terms only, as parsers make them
      subs.clear();
      for (unsigned i = 0, n = 2 + rng() % 3; i < n; ++i) subs.push_back(Word(rng));
    }
    return Q(op, subs.begin(), subs.end());
  }

  test::TempDir dir_;
};

TEST_F(MatchSetTest, EveryOperatorGivesXapiansOwnMatchSet) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  MatchSetCache cache(64 << 20);
  const MatchSetEvaluator cached(db, column, &cache);
  const MatchSetEvaluator uncached(db, column, nullptr);
  std::mt19937 rng(5);
  for (int i = 0; i < 400; ++i) {
    const Q q = Random(rng, 3);
    const std::vector<Xapian::docid> expected = XapiansMatches(db, q);
    EXPECT_EQ(Ids(uncached.Evaluate(q)), expected) << q.get_description();
    EXPECT_EQ(Ids(cached.Evaluate(q)), expected) << q.get_description();
    EXPECT_EQ(Ids(cached.Evaluate(q)), expected) << "from the cache: " << q.get_description();
  }
  EXPECT_GT(cache.stats().hits, 0u) << "frequent terms and Xapian's subqueries were reused";
}

TEST_F(MatchSetTest, EvaluationRestrictedToASampleIsExactWithinIt) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  MatchSetCache cache(64 << 20);
  std::mt19937 rng(13);
  for (uint32_t every : {2u, 3u, 7u}) {
    MatchSetEvaluator sets(db, column, &cache);
    sets.RestrictToSample(every);
    const DocBitmap& sample = sets.sample();
    std::vector<Xapian::docid> documents, sampled;
    column->all_documents().ForEach([&](Xapian::docid id) { documents.push_back(id); });
    for (size_t i = 0; i < documents.size(); i += every) sampled.push_back(documents[i]);
    ASSERT_EQ(Ids(sample), sampled) << "every " << every << "-th document, in id order";
    for (int i = 0; i < 100; ++i) {
      const Q q = Random(rng, 3);
      DocBitmap got = sets.Evaluate(q);
      got.And(sample);
      std::vector<Xapian::docid> expected;
      for (Xapian::docid id : XapiansMatches(db, q)) {
        if (sample.Test(id)) expected.push_back(id);
      }
      EXPECT_EQ(Ids(got), expected) << "every " << every << ": " << q.get_description();
    }
  }
}

TEST_F(MatchSetTest, PositionChecksCountTheDocumentsHoldingEveryWordOfEachPhrase) {
  Xapian::Database db(dir_.path().string());
  const MatchSetEvaluator sets(db, FacetColumn::Load(db), nullptr);
  const Q pair[] = {Q("w0"), Q("w1")};
  const Q phrase(Q::OP_PHRASE, pair, pair + 2);
  const uint64_t both = XapiansMatches(db, Q(Q::OP_AND, pair, pair + 2)).size();
  ASSERT_GT(both, 0u);
  EXPECT_EQ(sets.PositionChecks(phrase), both);
  EXPECT_EQ(sets.PositionChecks(Q(Q::OP_OR, phrase, Q(Q::OP_SCALE_WEIGHT, phrase, 2.0))), both)
      << "a phrase twice in a query (once per language branch) is checked once";
  EXPECT_EQ(sets.PositionChecks(Q(Q::OP_AND, pair, pair + 2)), 0u) << "no positions to check";
}

TEST_F(MatchSetTest, OnlyFrequentTermsAreKeptInTheCache) {
  Xapian::Database db(dir_.path().string());
  MatchSetCache cache(64 << 20);
  const MatchSetEvaluator sets(db, FacetColumn::Load(db), &cache, MatchSetOptions{});
  ASSERT_GT(db.get_termfreq("w0") * 128, db.get_doccount());
  std::string rare;  // a word fewer than 1 / 128 of the documents hold
  for (auto t = db.allterms_begin("w"); t != db.allterms_end("w"); ++t) {
    if (t.get_termfreq() * 128 < db.get_doccount()) rare = *t;
  }
  ASSERT_FALSE(rare.empty());
  sets.Evaluate(Q(rare));
  EXPECT_EQ(cache.stats().entries, 0u) << "a rare term is read each time, not cached";
  sets.Evaluate(Q("w0"));
  EXPECT_EQ(cache.stats().entries, 1u) << "a frequent term's bitmap is cached";
}

TEST_F(MatchSetTest, ACachedSetIsNotReusedForTheNextGeneration) {
  MatchSetCache cache(64 << 20);
  std::vector<Xapian::docid> before;
  {
    Xapian::Database db(dir_.path().string());
    before = Ids(MatchSetEvaluator(db, FacetColumn::Load(db), &cache).Evaluate(Q("w0")));
    EXPECT_EQ(before, XapiansMatches(db, Q("w0")));
  }
  {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_OPEN);
    Xapian::Document doc;
    doc.add_posting("w0", 1);
    w.add_document(doc);
    w.commit();
  }
  Xapian::Database db(dir_.path().string());
  const std::vector<Xapian::docid> after =
      Ids(MatchSetEvaluator(db, FacetColumn::Load(db), &cache).Evaluate(Q("w0")));
  EXPECT_EQ(after, XapiansMatches(db, Q("w0")))
      << "the new document must be in the set: the cache is keyed by generation";
  EXPECT_EQ(after.size(), before.size() + 1);
}

// A phrase past the position limit that few of its candidates hold is counted exactly, and its set
// is kept for the ranking: Xapian's ranked match checks nearly every candidate of such a phrase
// anyway (MatchSetOptions::rare_phrase_checks). One that many hold, one with too many candidates
// and one without a cache to keep it in are still counted from a sample.
TEST_F(MatchSetTest, APhraseFewOfItsCandidatesHoldIsCountedExactlyPastThePositionLimit) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  const Q pair[] = {Q("w0"), Q("w1")};
  const Q phrase(Q::OP_PHRASE, pair, pair + 2);
  const uint64_t candidates = XapiansMatches(db, Q(Q::OP_AND, pair, pair + 2)).size();
  const std::vector<Xapian::docid> held = XapiansMatches(db, phrase);
  ASSERT_GT(held.size(), 0u);
  ASSERT_LT(held.size() * 2, candidates) << "the fixture needs a phrase few candidates hold";
  const double share = static_cast<double>(held.size()) / static_cast<double>(candidates);
  FacetTally expected = column->NewTally();
  for (Xapian::docid id : held) column->Add(id, &expected);

  MatchSetOptions options;
  options.exact_position_checks = candidates / 3;
  options.rare_phrase_checks = candidates;
  options.pilot_checks = 0;  // the pilot checks every candidate, so its share is exact
  options.rare_phrase_share = share * 1.01;
  MatchSetCache cache(64 << 20);
  const FacetTally rare = CountFacets(db, column, &cache, options, phrase);
  EXPECT_EQ(rare.sample_every, 1u) << "a phrase few candidates hold is counted exactly";
  EXPECT_EQ(rare.documents, held.size());
  EXPECT_EQ(rare.counts, expected.counts);
  const MatchSetEvaluator ranking(db, column, &cache, options);
  EXPECT_TRUE(ranking.Known(phrase)) << "its exact set is kept for the ranking";
  EXPECT_EQ(ranking.PositionChecks(phrase), 0u);

  const auto sampled = [&](const MatchSetOptions& o, MatchSetCache* c) {
    return CountFacets(db, column, c, o, phrase).sample_every > 1;
  };
  MatchSetOptions common = options;
  common.rare_phrase_share = share * 0.99;
  MatchSetCache empty(64 << 20);
  EXPECT_TRUE(sampled(common, &empty)) << "more of its candidates hold it than the share allows";
  MatchSetOptions large = options;
  large.rare_phrase_checks = candidates - 1;
  MatchSetCache empty2(64 << 20);
  EXPECT_TRUE(sampled(large, &empty2)) << "more candidates than rare_phrase_checks";
  EXPECT_TRUE(sampled(options, nullptr)) << "without a cache the set could not be kept";
  MatchSetOptions off = options;
  off.rare_phrase_checks = 0;
  MatchSetCache empty3(64 << 20);
  EXPECT_TRUE(sampled(off, &empty3)) << "rare_phrase_checks 0 turns it off";
}

TEST_F(MatchSetTest, EveryWayOfCountingFacetsEqualsAddingEachDocument) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  const MatchSetEvaluator sets(db, column, nullptr);
  std::mt19937 rng(9);
  for (int i = 0; i < 60; ++i) {
    const DocBitmap matched = sets.Evaluate(Random(rng, 2));
    FacetTally expected = column->NewTally();
    matched.ForEach([&](Xapian::docid id) { column->Add(id, &expected); });
    for (auto method : {FacetColumn::TallyMethod::kAuto, FacetColumn::TallyMethod::kWalkDocuments,
                        FacetColumn::TallyMethod::kValueSets}) {
      const FacetTally tally = column->TallyOf(matched, method);
      EXPECT_EQ(tally.documents, expected.documents);
      EXPECT_EQ(tally.counts, expected.counts) << "method " << static_cast<int>(method);
    }
  }
}

}  // namespace
}  // namespace ch
