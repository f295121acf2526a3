// The relevance page from impact tiers (impact_tiers.h): whenever TieredRanker proves a page, it
// is exactly the page of Xapian's whole match (the same documents, weights and order), on random
// query trees of every operator the service builds, across pages, within-query frequencies and
// a new index generation; and it proves enough pages to be worth having.
#include "server/services/impact_tiers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tests/support/ranked_hits.h"
#include "tests/support/test_util.h"

namespace ch {
namespace {

using Q = Xapian::Query;

using test::Hit;
using test::Hits;

// 2,000 documents of varied length whose words follow a skewed distribution (w0 in most
// documents, w39 in a few) with varied within-document frequencies, each with one boolean
// language term (wdf 0, as the index's filter terms), some deleted so that ids have holes.
class ImpactTiersTest : public ::testing::Test {
 protected:
  ImpactTiersTest() { Write(dir_.path().string(), 2000, 17, false); }

  // With `positions`, each word at the next position. The random trees run without them: with
  // positions, Xapian 1.4.22's whole match of an AND_MAYBE of three parts credits a PHRASE part's
  // weight to documents that hold neither of its words (seen here: a document holding only w19
  // weighing 33.5 for 2.5 * ((w19 AND_MAYBE (w31 PHRASE 2 w29) AND_MAYBE Les) AND_NOT ...),
  // against 11.3 for its w19), so Xapian's own page is not the truth there.
  void Write(const std::string& dir, int documents, unsigned seed, bool positions) {
    Xapian::WritableDatabase w(dir, Xapian::DB_CREATE_OR_OPEN);
    std::mt19937 rng(seed);
    for (int d = 0; d < documents; ++d) {
      Xapian::Document doc;
      const int words = 4 + static_cast<int>(rng() % 40);
      Xapian::termpos pos = 0;
      auto add = [&](const std::string& term, Xapian::termcount wdf) {
        positions ? doc.add_posting(term, ++pos, wdf) : doc.add_term(term, wdf);
      };
      for (int i = 0; i < words; ++i) {
        const int k = static_cast<int>(rng() % 40);
        if (rng() % static_cast<unsigned>(k + 1) == 0) {
          add("w" + std::to_string(k), 1 + rng() % 4);
        } else {
          add("filler" + std::to_string(rng() % 500), 1);
        }
      }
      doc.add_boolean_term(rng() % 5 == 0 ? "Les" : "Len");
      w.add_document(doc);
    }
    for (Xapian::docid id = 5; id <= w.get_lastdocid(); id += 89) w.delete_document(id);
    w.commit();
  }

  Q Word(std::mt19937& rng) {
    const std::string word = "w" + std::to_string(rng() % 42);  // w40, w41: no document
    return rng() % 6 == 0 ? Q(word, 2) : Q(word);               // a repeated word: wqf 2
  }

  // A fixed weight for the documents holding `term`, as the word-pair bonus (word_pair_bonus.h).
  static Q FixedBonus(double weight, const std::string& term) {
    return Q(Q::OP_FILTER, Q((new Xapian::FixedWeightPostingSource(weight))->release()), Q(term));
  }

  // Trees of the operators SearchService builds (language branches under MAX, AND_MAYBE boosts,
  // scaled parts, synonyms, filters, fixed bonuses), and a few it cannot bound.
  Q Random(std::mt19937& rng, int depth) {
    if (depth == 0 || rng() % 4 == 0) {
      switch (rng() % 12) {
        case 0:
          return Q("Les");
        case 1:
          return Q(Q::OP_SYNONYM, Word(rng), Word(rng));
        case 2:
          return Q(Q::OP_PHRASE, Word(rng), Word(rng));  // its words, where they stand in order
        case 3:
          return FixedBonus(rng() % 2 == 0 ? 0.4 : 1.7, "w" + std::to_string(rng() % 40));
        default:
          return Word(rng);
      }
    }
    static const Q::op kOps[] = {Q::OP_OR,  Q::OP_AND,       Q::OP_AND_MAYBE,
                                 Q::OP_MAX, Q::OP_FILTER,    Q::OP_AND_NOT,
                                 Q::OP_OR,  Q::OP_AND_MAYBE, Q::OP_SCALE_WEIGHT};
    const Q::op op = kOps[rng() % (sizeof(kOps) / sizeof(kOps[0]))];
    if (op == Q::OP_SCALE_WEIGHT) {
      static const double kScales[] = {0.0, 0.25, 0.8, 1.0 / 3, 2.5};
      return Q(op, Random(rng, depth - 1), kScales[rng() % 5]);
    }
    std::vector<Q> subs;
    for (unsigned i = 0, n = 2 + rng() % 3; i < n; ++i) subs.push_back(Random(rng, depth - 1));
    return Q(op, subs.begin(), subs.end());
  }

  static bool HasMax(const Q& q) {
    if (q.get_type() == Q::OP_MAX) return true;
    for (size_t i = 0; i < q.get_num_subqueries(); ++i) {
      if (HasMax(q.get_subquery(i))) return true;
    }
    return false;
  }

  // The exact ranking of `q`: Xapian's BM25 over every match.
  Xapian::MSet WholeMatch(const Xapian::Database& db, const Q& q, Xapian::doccount first,
                          Xapian::doccount count) const {
    Xapian::Enquire enquire(db);
    enquire.set_query(q);
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(bm25_.k1, bm25_.k2, bm25_.k3, bm25_.b, bm25_.min_normlen));
    // Every match examined: Xapian's pruned match (check_at_least 0) can miss a document under
    // nested AND_MAYBE (seen here: a document of the exhaustive ranking's sixth place absent
    // from the pruned page), so the exhaustive ranking is the reference.
    return enquire.get_mset(first, count, db.get_doccount());
  }

  // Pages of random queries: each one the ranker proves must equal the whole match's, and the
  // weight it reports for a page it cannot prove must not exceed the page's last place's
  // (counted in known_checked_). Returns how many it proved.
  int ExpectProvenPagesAreXapians(const Xapian::Database& db, const TieredRanker& ranker,
                                  unsigned seed, int queries) {
    std::mt19937 rng(seed);
    int proven = 0;
    for (int i = 0; i < queries; ++i) {
      const Q q = Random(rng, 3);
      const Xapian::doccount first = rng() % 3 == 0 ? 10 : 0;
      double known = 0;
      std::optional<Xapian::MSet> page = ranker.Page(q, first, 10, &known);
      if (!page) {
        const Xapian::MSet top = WholeMatch(db, q, 0, first + 10);
        // Trees with OP_MAX are left out: their bounds can exceed Xapian's weights (found by this
        // test; the search never builds MAX, which crashes Xapian 1.4.22, and RankWithWordPairs
        // checks a reported weight against the page it gives).
        if (known > 0 && top.size() == first + 10 && !HasMax(q)) {
          EXPECT_LE(known, top[first + 9].get_weight())
              << "a weight reported for the last place of the page from " << first << " of "
              << q.get_description() << " that the page does not reach";
          ++known_checked_;
        }
        continue;
      }
      ++proven;
      EXPECT_EQ(Hits(*page), Hits(WholeMatch(db, q, first, 10)))
          << "page from " << first << " of " << q.get_description();
    }
    return proven;
  }

  test::TempDir dir_;
  Bm25Parameters bm25_;
  int known_checked_ = 0;
};

TEST_F(ImpactTiersTest, ProvenPagesAreExactlyTheWholeMatchsPages) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  MatchSetCache sets(64 << 20);
  ImpactTierCache tiers(64 << 20);
  ImpactTierOptions options;
  options.share_divisor = 16;  // terms held by 1/16 of the documents keep only their best 40
  options.tier_size = 40;
  options.max_contenders = 40;  // in proportion to 2,000 documents: some pages stay unproved
  const TieredRanker ranker(db, column, &sets, {}, &tiers, bm25_, options);
  const int proven = ExpectProvenPagesAreXapians(db, ranker, 7, 600);
  EXPECT_GT(proven, 150) << "the tiers should prove a good share of these pages";
  EXPECT_GE(known_checked_, 10) << "pages not proven whose last place's weight was reported";
  EXPECT_GT(tiers.stats().hits, 0u) << "tiers are reused across searches";
  // Uncached: the same pages.
  const TieredRanker uncached(db, column, nullptr, {}, nullptr, bm25_, options);
  EXPECT_EQ(ExpectProvenPagesAreXapians(db, uncached, 7, 600), proven);
}

// Past the position limit every phrase is bounded by its words alone (a loose set, whose lower
// bounds may count documents it does not match): on documents with positions, the pages proved
// of phrases, alone and beside a word, are still Xapian's.
TEST_F(ImpactTiersTest, PhrasesPastThePositionLimitStillProveOnlyExactPages) {
  test::TempDir with_positions;
  Write(with_positions.path().string(), 2000, 17, true);
  Xapian::Database db(with_positions.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  options.max_contenders = 200;
  MatchSetOptions no_checks;
  no_checks.exact_position_checks = 1;
  const TieredRanker ranker(db, column, nullptr, no_checks, nullptr, bm25_, options);
  std::mt19937 rng(41);
  int proven = 0;
  for (int i = 0; i < 300; ++i) {
    // Common words (w0-w11): many documents hold both, so a phrase of them needs many checks.
    auto common = [&] { return Q("w" + std::to_string(rng() % 12)); };
    const Q phrase(i % 2 == 0 ? Q::OP_PHRASE : Q::OP_NEAR, common(), common());
    const Q q = i % 3 == 0 ? Q(Q::OP_OR, Word(rng), phrase) : phrase;
    double known = 0;
    std::optional<Xapian::MSet> page = ranker.Page(q, 0, 10, &known);
    if (!page) {
      const Xapian::MSet top = WholeMatch(db, q, 0, 10);
      // The whole match's cut-off: a weight that the page's last place does not reach would lose
      // matches there.
      if (top.size() == 10) {
        EXPECT_LE(known, top[9].get_weight()) << "weight reported for " << q.get_description();
      }
      continue;
    }
    ++proven;
    EXPECT_EQ(Hits(*page), Hits(WholeMatch(db, q, 0, 10))) << q.get_description();
  }
  // 0 when such phrases are left to Xapian; 209 without the second round after a refuted guess.
  EXPECT_GE(proven, 220) << "phrases past the position limit whose pages the tiers prove";
}

TEST_F(ImpactTiersTest, WiderBoundsProveFewerPagesNeverWrongOnes) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  for (Xapian::doccount tier_size : {5u, 200u}) {
    ImpactTierOptions options;
    options.share_divisor = 16;
    options.tier_size = tier_size;
    options.max_contenders = 1000;
    const TieredRanker ranker(db, column, nullptr, {}, nullptr, bm25_, options);
    ExpectProvenPagesAreXapians(db, ranker, 23, 300);
  }
}

TEST_F(ImpactTiersTest, ANewGenerationGetsNewTiers) {
  MatchSetCache sets(64 << 20);
  ImpactTierCache tiers(64 << 20);
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  {
    Xapian::Database db(dir_.path().string());
    const TieredRanker ranker(db, FacetColumn::Load(db), &sets, {}, &tiers, bm25_, options);
    ExpectProvenPagesAreXapians(db, ranker, 31, 200);
  }
  // Documents whose w0 and w1 weigh more than any before: the old tiers would miss them.
  {
    Xapian::WritableDatabase w(dir_.path().string(), Xapian::DB_OPEN);
    for (int i = 0; i < 30; ++i) {
      Xapian::Document doc;
      doc.add_term("w0", 9);
      doc.add_term("w1", 9);
      doc.add_boolean_term("Len");
      w.add_document(doc);
    }
    w.commit();
  }
  Xapian::Database db(dir_.path().string());
  const TieredRanker ranker(db, FacetColumn::Load(db), &sets, {}, &tiers, bm25_, options);
  std::optional<Xapian::MSet> page = ranker.Page(Q(Q::OP_OR, Q("w0"), Q("w1")), 0, 10);
  ASSERT_TRUE(page.has_value()) << "a page of two tiered words";
  EXPECT_EQ(Hits(*page), Hits(WholeMatch(db, Q(Q::OP_OR, Q("w0"), Q("w1")), 0, 10)));
  EXPECT_GT(*page->begin(), 2000u) << "the new documents lead the page";
  ExpectProvenPagesAreXapians(db, ranker, 37, 200);
}

TEST_F(ImpactTiersTest, OperatorsItCannotBoundAreLeftToXapian) {
  Xapian::Database db(dir_.path().string());
  const TieredRanker ranker(db, FacetColumn::Load(db), nullptr, {}, nullptr, bm25_);
  // A wildcard whose terms are combined by MAX is not spelled out (wildcard_expansion.h).
  const Q max_of_terms(Q::OP_WILDCARD, "w1", 0, Q::WILDCARD_LIMIT_ERROR, Q::OP_MAX);
  EXPECT_FALSE(ranker.Page(max_of_terms, 0, 10));
  EXPECT_FALSE(ranker.Page(Q::MatchAll, 0, 10));
  EXPECT_FALSE(ranker.Page(Q(Q::OP_OR, Q("w0"), max_of_terms), 0, 10));
  Bm25Parameters k2 = bm25_;
  k2.k2 = 1;  // a per-document part no term's tier bounds
  const TieredRanker with_k2(db, FacetColumn::Load(db), nullptr, {}, nullptr, k2);
  EXPECT_FALSE(with_k2.Page(Q("w0"), 0, 10));
  ImpactTierOptions off;
  off.share_divisor = 0;
  const TieredRanker disabled(db, FacetColumn::Load(db), nullptr, {}, nullptr, bm25_, off);
  EXPECT_FALSE(disabled.Page(Q("w0"), 0, 10));
}

// The word-pair bonus of short searches (a fixed weight per document holding the pair) is bounded
// like a word, with every one of its documents in its tier: a search whose words prove their page
// still proves it with the bonus added, and the page is exact.
TEST_F(ImpactTiersTest, FixedBonusesAreBoundedLikeWords) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  const TieredRanker ranker(db, column, nullptr, {}, nullptr, bm25_, options);
  int proven = 0;
  for (int a = 0; a < 40; a += 3) {
    const std::string first_word = "w" + std::to_string(a), second = "w" + std::to_string(a + 1);
    const Q words(Q::OP_OR, Q(first_word), Q(second));
    if (!ranker.Page(words, 0, 10)) continue;
    const Q bonus(Q::OP_OR, FixedBonus(0.9, "w" + std::to_string((a + 7) % 40)),
                  FixedBonus(0.3, first_word));
    const Q searched(Q::OP_AND_MAYBE, words, bonus);
    std::optional<Xapian::MSet> page = ranker.Page(searched, 0, 10);
    ASSERT_TRUE(page.has_value()) << "with its bonus: " << searched.get_description();
    EXPECT_EQ(Hits(*page), Hits(WholeMatch(db, searched, 0, 10)));
    ++proven;
  }
  EXPECT_GE(proven, 3) << "searches of two words whose pages the tiers prove";
}

// Documents of the given texts, one word per position, each padded with filler words to 12 so that
// every document has the same length and a word's weight depends only on its frequency.
void WriteTexts(const std::string& dir, const std::vector<std::string>& texts) {
  Xapian::WritableDatabase w(dir, Xapian::DB_CREATE_OR_OPEN);
  for (size_t d = 0; d < texts.size(); ++d) {
    Xapian::Document doc;
    std::istringstream words(texts[d]);
    Xapian::termpos pos = 0;
    for (std::string word; words >> word;) doc.add_posting(word, ++pos);
    while (pos < 12) doc.add_posting("filler" + std::to_string(d % 7), ++pos);
    w.add_document(doc);
  }
  w.commit();
}

// Documents of the given groups of texts, in order (WriteTexts).
void WriteParts(const std::string& dir, std::initializer_list<std::vector<std::string>> parts) {
  std::vector<std::string> texts;
  for (const auto& part : parts) texts.insert(texts.end(), part.begin(), part.end());
  WriteTexts(dir, texts);
}

// The first 10 of Xapian's BM25 ranking of every match of `q`.
std::vector<Hit> ExactFirstPage(const Xapian::Database& db, const Q& q,
                                const Bm25Parameters& bm25) {
  Xapian::Enquire enquire(db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(
      Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
  return Hits(enquire.get_mset(0, 10, db.get_doccount()));
}

std::vector<std::string> Repeat(int times, const std::string& text) {
  return std::vector<std::string>(static_cast<size_t>(times), text);
}

// A document in neither word's tier can outweigh every tiered one by holding both words: the
// matches in both words' sets outside the tiers join the contenders, and the page is proved,
// exact, and led by them.
TEST(ImpactTierRestTest, MatchesInNoTierThatCanReachThePageContendForIt) {
  test::TempDir dir;
  WriteParts(dir.path().string(),
             {Repeat(20, "alpha alpha alpha alpha alpha"),  // alpha's tier
              Repeat(20, "beta beta beta beta beta"),       // beta's tier
              Repeat(6, "alpha alpha alpha alpha beta beta beta beta"), Repeat(150, "alpha"),
              Repeat(150, "beta"), Repeat(150, "other")});
  Xapian::Database db(dir.path().string());
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 10;  // alpha and beta keep 10 of their 20 heaviest documents
  const Bm25Parameters bm25;
  const TieredRanker ranker(db, FacetColumn::Load(db), nullptr, {}, nullptr, bm25, options);
  const Q both(Q::OP_OR, Q("alpha"), Q("beta"));
  std::optional<Xapian::MSet> page = ranker.Page(both, 0, 10);
  ASSERT_TRUE(page.has_value()) << "the six documents holding both words are few enough";
  EXPECT_EQ(Hits(*page), ExactFirstPage(db, both, bm25));
  for (Xapian::doccount i = 0; i < 6; ++i) {
    EXPECT_GE(*(*page)[i], 41u) << "place " << i << " holds one word only";
    EXPECT_LE(*(*page)[i], 46u) << "place " << i << " holds one word only";
  }
}

// A phrase weighs as its words do where they stand in order (Xapian adds their weights): it is
// bounded as the AND of its words within its match set, and its page proved and exact, a short
// one too when fewer documents match than the page holds. A phrase that would need more
// position checks than the facet counts make exactly is bounded by its words alone, and its
// page still proved and exact, although the documents with the largest lower bounds (alpha and
// beta apart) do not match it.
TEST(ImpactTierRestTest, PhrasesAreBoundedByTheirWordsWhereTheyStandInOrder) {
  test::TempDir dir;
  WriteParts(dir.path().string(), {Repeat(30, "alpha beta alpha"), Repeat(30, "beta alpha beta"),
                                   Repeat(40, "beta beta delta delta alpha alpha alpha"),  // apart
                                   // apart, and heavier in both words than any match: both tiers
                                   Repeat(10, "beta beta beta beta delta alpha alpha alpha alpha"),
                                   Repeat(3, "alpha gamma"), Repeat(20, "gamma"),
                                   Repeat(100, "alpha"), Repeat(100, "beta")});
  Xapian::Database db(dir.path().string());
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 10;
  const Bm25Parameters bm25;
  auto whole = [&](const Q& q) { return ExactFirstPage(db, q, bm25); };
  const TieredRanker ranker(db, FacetColumn::Load(db), nullptr, {}, nullptr, bm25, options);
  for (const Q& phrase : {Q(Q::OP_PHRASE, Q("alpha"), Q("beta")),
                          Q(Q::OP_OR, Q("gamma"), Q(Q::OP_PHRASE, Q("alpha"), Q("beta"))),
                          Q(Q::OP_NEAR, Q("beta"), Q("alpha"))}) {
    std::optional<Xapian::MSet> page = ranker.Page(phrase, 0, 10);
    ASSERT_TRUE(page.has_value()) << phrase.get_description();
    EXPECT_EQ(Hits(*page), whole(phrase)) << phrase.get_description();
  }
  const Q few(Q::OP_PHRASE, Q("alpha"), Q("gamma"));
  std::optional<Xapian::MSet> short_page = ranker.Page(few, 0, 10);
  ASSERT_TRUE(short_page.has_value()) << "every one of its 3 matches contends";
  EXPECT_EQ(Hits(*short_page), whole(few));
  EXPECT_EQ(short_page->size(), 3u);

  MatchSetOptions few_checks;
  few_checks.exact_position_checks = 20;  // alpha and beta stand together in 60 documents
  const TieredRanker limited(db, FacetColumn::Load(db), nullptr, few_checks, nullptr, bm25,
                             options);
  for (const Q& phrase : {Q(Q::OP_PHRASE, Q("alpha"), Q("beta")),
                          Q(Q::OP_OR, Q("gamma"), Q(Q::OP_PHRASE, Q("alpha"), Q("beta")))}) {
    std::optional<Xapian::MSet> page = limited.Page(phrase, 0, 10);
    ASSERT_TRUE(page.has_value()) << "past the position limit: " << phrase.get_description();
    EXPECT_EQ(Hits(*page), whole(phrase)) << phrase.get_description();
  }
  EXPECT_TRUE(limited.Page(few, 0, 10).has_value()) << "3 position checks";
}

// Units whose tiers were asked for, recorded.
struct RecordedRequests : ImpactTierRequests {
  void Request(const std::string& generation, const Xapian::Query& unit) override {
    units.push_back(unit.get_description());
    generations.push_back(generation);
  }
  std::vector<std::string> units, generations;
};

// A ranker given a sink for requests, as the search service's is (its tier warmer): w0 is frequent
// at these options (its tier is asked for), w36-w39 rare (built at once).
struct RankerWithRequests {
  RankerWithRequests(const std::string& db_dir, const Bm25Parameters& bm25)
      : db(db_dir),
        column(FacetColumn::Load(db)),
        ranker(db, column, nullptr, {}, &tiers, bm25, options, &requests) {}
  static ImpactTierOptions Options() {
    ImpactTierOptions o;
    o.share_divisor = 16;
    o.tier_size = 40;
    o.search_synonym_postings = 0;  // every frequent prefix's tier asked for, as large ones are
    return o;
  }
  bool FrequentWord(const char* word) const {
    return TieredRanker::Frequent(db.get_termfreq(word), db.get_doccount(), options);
  }
  Xapian::Database db;
  std::shared_ptr<const FacetColumn> column;
  ImpactTierCache tiers{64 << 20};
  ImpactTierOptions options = Options();
  RecordedRequests requests;
  const TieredRanker ranker;
};

// With a sink for requests (the background warmer, impact_tier_warmer.h), a search never builds a
// frequent word's tier: it asks for it and leaves the page to the whole match. A rare word's tier
// (all its documents, cheap) is built at once. Once the asked-for tier is built, the page comes
// from the tiers.
TEST_F(ImpactTiersTest, ASearchAsksForAFrequentWordsMissingTierInsteadOfBuildingIt) {
  RankerWithRequests r(dir_.path().string(), bm25_);
  const auto& [db, column, tiers, requests, ranker] =
      std::tie(r.db, r.column, r.tiers, r.requests, r.ranker);
  ASSERT_TRUE(r.FrequentWord("w0"));
  EXPECT_FALSE(ranker.Page(Q("w0"), 0, 10).has_value()) << "w0's tier is not built yet";
  ASSERT_EQ(requests.units, std::vector<std::string>{Q("w0").get_description()});
  EXPECT_EQ(requests.generations.front(), column->key());
  EXPECT_EQ(tiers.stats().entries, 0u) << "the search built no tier";

  const Q rare("w39");
  ASSERT_FALSE(r.FrequentWord("w39"));
  std::optional<Xapian::MSet> rare_page = ranker.Page(rare, 0, 3);
  ASSERT_TRUE(rare_page.has_value()) << "a rare word's tier is built at once";
  EXPECT_EQ(Hits(*rare_page), Hits(WholeMatch(db, rare, 0, 3)));
  EXPECT_EQ(requests.units.size(), 1u) << "nothing asked for the rare word";

  ranker.Tier(Q("w0"));  // as the warmer does
  std::optional<Xapian::MSet> page = ranker.Page(Q("w0"), 0, 10);
  ASSERT_TRUE(page.has_value()) << "the asked-for tier, once built, proves the page";
  EXPECT_EQ(Hits(*page), Hits(WholeMatch(db, Q("w0"), 0, 10)));
  EXPECT_EQ(requests.units.size(), 1u);
}

TEST_F(ImpactTiersTest, AMissingTierStillLeavesAWeightThePageReachesAndBuildsNothing) {
  RankerWithRequests r(dir_.path().string(), bm25_);
  const auto& [db, column, tiers, requests, ranker] =
      std::tie(r.db, r.column, r.tiers, r.requests, r.ranker);
  ASSERT_TRUE(r.FrequentWord("w0"));
  // Beside rare words, whose tiers are built at once, w0's missing tier weighs at least 0: the
  // lower bounds hold and give a weight the page's last place reaches.
  const std::vector<Q> words = {Q("w0"), Q("w36"), Q("w37"), Q("w38")};
  const Q mixed(Q::OP_OR, words.begin(), words.end());
  for (const char* rare_word : {"w36", "w37", "w38"}) ASSERT_FALSE(r.FrequentWord(rare_word));
  const Xapian::MSet top = WholeMatch(db, mixed, 0, 5);
  ASSERT_EQ(top.size(), 5u);
  double known = 0;
  EXPECT_FALSE(ranker.Page(mixed, 0, 5, &known).has_value()) << "w0's tier is missing";
  EXPECT_GT(known, 0) << "the rare words' tiers give a lower bound";
  EXPECT_LE(known, top[4].get_weight()) << "a weight above the page's last place";
  EXPECT_EQ(tiers.Get(TieredRanker::TierKey(column->key(), Q("w0"))), nullptr)
      << "the search built w0's tier";
  EXPECT_EQ(requests.units, std::vector<std::string>{Q("w0").get_description()});
}

// A tier's cache key names its generation and unit, and gives both back (the warmer rebuilds the
// previous generation's units from the keys).
// Documents holding both words of a SYNONYM weigh more in it than either word's heaviest
// document: bounded by the sum of their words' weights, they contend and lead its page, which is
// proved while the synonym's own tier is asked for.
TEST(ImpactTierRestTest, ASynonymsBoundAddsItsWordsWeights) {
  test::TempDir dir;
  WriteParts(dir.path().string(),
             {Repeat(10, "alpha alpha alpha beta beta beta"), Repeat(10, "alpha alpha alpha alpha"),
              Repeat(10, "beta beta beta beta"), Repeat(100, "alpha"), Repeat(100, "beta"),
              Repeat(900, "other")});
  Xapian::Database db(dir.path().string());
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 15;  // each word's tier: its 10 heaviest and 5 of the documents with both
  const Bm25Parameters bm25;
  ImpactTierCache tiers(16 << 20);
  RecordedRequests requests;
  const TieredRanker ranker(db, FacetColumn::Load(db), nullptr, {}, &tiers, bm25, options,
                            &requests);
  ranker.Tier(Q("alpha"));
  ranker.Tier(Q("beta"));
  const Q synonym(Q::OP_SYNONYM, Q("alpha"), Q("beta"));
  std::optional<Xapian::MSet> page = ranker.Page(synonym, 0, 10);
  ASSERT_TRUE(page.has_value()) << "bounded by its words' tiers while its own is asked for";
  ASSERT_EQ(requests.units.size(), 1u);
  EXPECT_EQ(Hits(*page), ExactFirstPage(db, synonym, bm25));
  for (Xapian::doccount i = 0; i < 10; ++i) {
    EXPECT_LE(*(*page)[i], 10u) << "place " << i << " holds one word only";
  }
}

// A SYNONYM whose own tier the warmer has not built yet is bounded by its words' tiers (Xapian
// weighs it as one term of their summed frequency and a lower idf, never more than their weights
// summed): its pages are proved meanwhile, and each is Xapian's.
TEST_F(ImpactTiersTest, ASynonymIsBoundedByItsWordsTiersUntilItsOwnIsBuilt) {
  RankerWithRequests r(dir_.path().string(), bm25_);
  for (int w = 0; w < 40; ++w) r.ranker.Tier(Q("w" + std::to_string(w)));  // the words warmed
  std::mt19937 rng(53);
  int proven = 0;
  for (int i = 0; i < 200; ++i) {
    // Common words: such a synonym is frequent, so its own tier is asked for, not built here.
    auto common = [&] { return Q("w" + std::to_string(rng() % 8)); };
    const Q synonym(Q::OP_SYNONYM, common(), common());
    const Q q = i % 2 == 0 ? synonym : Q(Q::OP_OR, Word(rng), synonym);
    std::optional<Xapian::MSet> page = r.ranker.Page(q, 0, 10);
    if (!page) continue;
    ++proven;
    EXPECT_EQ(Hits(*page), Hits(WholeMatch(r.db, q, 0, 10))) << q.get_description();
  }
  // 101 with the synonym left unbounded (its documents all contend).
  EXPECT_GT(proven, 130) << "synonyms whose pages their words' tiers prove";
  EXPECT_FALSE(r.requests.units.empty()) << "the synonyms' own tiers are still asked for";
}

// A word's tier is weighed from its postings and the column's document lengths
// (bm25_postings.h), not by a Xapian ranking of the word alone: the same documents, the same
// weights to the last bit and the same floor, for rare words (every document) and frequent ones
// (the best 40, equal weights in id order as Xapian orders them), with two sets of parameters.
TEST_F(ImpactTiersTest, AWordsTierIsXapiansRankingOfTheWordAlone) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    ASSERT_EQ(column->length(*p), p.get_doclength()) << "the column's length of document " << *p;
  }
  Bm25Parameters other;
  other.k1 = 1.2;
  other.k3 = 0;
  other.b = 0.75;
  other.min_normlen = 0.3;
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  int frequent = 0;
  for (const Bm25Parameters& bm25 : {bm25_, other}) {
    const TieredRanker ranker(db, column, nullptr, {}, nullptr, bm25, options);
    for (int k = 0; k < 40; ++k) {
      const std::string word = "w" + std::to_string(k);
      const Xapian::doccount documents = db.get_termfreq(word);
      const bool many = TieredRanker::Frequent(documents, db.get_doccount(), options);
      frequent += many ? 1 : 0;
      const Xapian::doccount kept = many ? options.tier_size : documents;
      Xapian::Enquire enquire(db);
      enquire.set_query(Q(word));
      enquire.set_weighting_scheme(
          Xapian::BM25Weight(bm25.k1, bm25.k2, bm25.k3, bm25.b, bm25.min_normlen));
      const Xapian::MSet ranked = enquire.get_mset(0, kept + 1, Xapian::doccount{0});
      std::vector<std::pair<Xapian::docid, double>> expected;
      for (Xapian::doccount i = 0; i < ranked.size() && i < kept; ++i) {
        expected.emplace_back(*ranked[i], ranked[i].get_weight());
      }
      std::sort(expected.begin(), expected.end());
      const std::shared_ptr<const ImpactTier> tier = ranker.Tier(Q(word));
      std::vector<std::pair<Xapian::docid, double>> got;
      for (size_t i = 0; i < tier->ids.size(); ++i)
        got.emplace_back(tier->ids[i], tier->weights[i]);
      EXPECT_EQ(got, expected) << word << " with k1 " << bm25.k1;
      EXPECT_EQ(tier->floor, ranked.size() > kept ? ranked[kept].get_weight() : 0)
          << word << " with k1 " << bm25.k1;
    }
  }
  EXPECT_GT(frequent, 10) << "frequent words keep only their best documents";
  EXPECT_LT(frequent, 70) << "rare words keep all of theirs";
}

// A SYNONYM of words is weighed from their postings too (bm25_postings.h, ForEachOfSynonym):
// the same documents, weights to the last bit and floor as Xapian's ranking of the synonym alone,
// for synonyms of two to twelve words, common and rare, a word given twice (its wdf counted
// twice, past some documents' lengths) and a word no document holds.
TEST_F(ImpactTiersTest, ASynonymsTierIsXapiansRankingOfTheSynonymAlone) {
  Xapian::Database db(dir_.path().string());
  std::shared_ptr<const FacetColumn> column = FacetColumn::Load(db);
  ImpactTierOptions options;
  options.share_divisor = 16;
  options.tier_size = 40;
  const TieredRanker ranker(db, column, nullptr, {}, nullptr, bm25_, options);
  std::mt19937 rng(61);
  int frequent = 0;
  for (int i = 0; i < 150; ++i) {
    std::vector<Q> words;
    for (unsigned k = 0, n = 2 + rng() % 11; k < n; ++k) words.push_back(Word(rng));
    if (i % 5 == 0) words.push_back(words.front());
    const Q synonym(Q::OP_SYNONYM, words.begin(), words.end());
    Xapian::Enquire enquire(db);
    enquire.set_query(synonym);
    enquire.set_weighting_scheme(
        Xapian::BM25Weight(bm25_.k1, bm25_.k2, bm25_.k3, bm25_.b, bm25_.min_normlen));
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount(), Xapian::doccount{0});
    const bool many = TieredRanker::Frequent(all.size(), db.get_doccount(), options);
    frequent += many ? 1 : 0;
    const Xapian::doccount kept = many ? options.tier_size : all.size();
    std::vector<std::pair<Xapian::docid, double>> expected;
    for (Xapian::doccount k = 0; k < all.size() && k < kept; ++k) {
      expected.emplace_back(*all[k], all[k].get_weight());
    }
    std::sort(expected.begin(), expected.end());
    const std::shared_ptr<const ImpactTier> tier = ranker.Tier(synonym);
    std::vector<std::pair<Xapian::docid, double>> got;
    for (size_t k = 0; k < tier->ids.size(); ++k) got.emplace_back(tier->ids[k], tier->weights[k]);
    EXPECT_EQ(got, expected) << synonym.get_description();
    EXPECT_EQ(tier->floor, all.size() > kept ? all[kept].get_weight() : 0)
        << synonym.get_description();
  }
  EXPECT_GT(frequent, 50) << "synonyms keeping only their best documents";
  EXPECT_LT(frequent, 150) << "synonyms keeping all of theirs";
}

// A prefix* spelled out as a frequent SYNONYM of words (wildcard_expansion.h) has its tier built
// during the search from its words' postings, up to search_synonym_postings postings, instead of
// being asked for (its words' tiers bound a synonym of many words too loosely): its pages are
// proved at once, and are Xapian's. Past the limit it is asked for, as is a SYNONYM the query
// holds itself (its words' tiers bound it meanwhile).
TEST_F(ImpactTiersTest, AFrequentPrefixIsWeighedDuringTheSearch) {
  RankerWithRequests asked(dir_.path().string(), bm25_);
  RankerWithRequests built(dir_.path().string(), bm25_);
  built.options.search_synonym_postings = 1000000;
  const TieredRanker ranker(built.db, built.column, nullptr, {}, &built.tiers, bm25_, built.options,
                            &built.requests);
  const Q prefix(Q::OP_WILDCARD, "w1", 100, Q::WILDCARD_LIMIT_MOST_FREQUENT);  // w1, w10 .. w19
  ASSERT_TRUE(built.FrequentWord("w1"));
  std::optional<Xapian::MSet> page = ranker.Page(prefix, 0, 10);
  ASSERT_TRUE(page.has_value()) << "its tier built during the search";
  EXPECT_EQ(Hits(*page), Hits(WholeMatch(built.db, prefix, 0, 10)));
  EXPECT_TRUE(built.requests.units.empty()) << "nothing asked of the warmer";

  const Q synonym(Q::OP_SYNONYM, Q("w1"), Q("w10"));
  EXPECT_FALSE(ranker.Page(synonym, 0, 10).has_value()) << "the query's own synonym";
  ASSERT_FALSE(built.requests.units.empty());
  EXPECT_EQ(built.requests.units.front(), synonym.get_description());

  EXPECT_FALSE(asked.ranker.Page(prefix, 0, 10).has_value()) << "past the limit (0): asked for";
  ASSERT_FALSE(asked.requests.units.empty());
  EXPECT_NE(asked.requests.units.front().find("w10 SYNONYM w11"), std::string::npos)
      << asked.requests.units.front();
}

// A SYNONYM of words weighs the same wherever its words stand in the query: one key, one tier.
TEST(ImpactTierKeyTest, ASynonymsKeyIgnoresWhereItsWordsStand) {
  const Q first(Q::OP_SYNONYM, Q("w1", 1, 1), Q("w2", 1, 2));
  const Q fourth(Q::OP_SYNONYM, Q("w1", 1, 4), Q("w2", 2, 5));
  EXPECT_EQ(TieredRanker::TierKey("g", first), TieredRanker::TierKey("g", fourth));
  EXPECT_NE(TieredRanker::TierKey("g", first),
            TieredRanker::TierKey("g", Q(Q::OP_SYNONYM, Q("w1"), Q("w3"))));
  EXPECT_NE(TieredRanker::TierKey("g", first), TieredRanker::TierKey("h", first));
  const Q phrases(Q::OP_SYNONYM, Q(Q::OP_PHRASE, Q("w1", 1, 1), Q("w2", 1, 2)), Q("w3", 1, 3));
  EXPECT_EQ(TieredRanker::UnitOfKey(TieredRanker::TierKey("g", phrases)).serialise(),
            phrases.serialise())
      << "a synonym of a phrase keeps its whole form";
}

TEST_F(ImpactTiersTest, TierKeysGiveBackTheirGenerationAndUnit) {
  const Q word("w3");
  const Q synonym(Q::OP_SYNONYM, Q("w1"), Q("w2"));
  const Q bonus = FixedBonus(0.25, "w4");
  for (const Q& unit : {word, synonym, bonus}) {
    const std::string key = TieredRanker::TierKey("gen|1|2|3", unit);
    EXPECT_EQ(TieredRanker::GenerationOfKey(key), "gen|1|2|3");
    EXPECT_EQ(TieredRanker::UnitOfKey(key).get_description(), unit.get_description());
  }
  EXPECT_TRUE(TieredRanker::UnitOfKey("no unit here").empty());
  EXPECT_TRUE(TieredRanker::UnitOfKey("gen\nxw3").empty()) << "not a tier key's unit tag";
}

}  // namespace
}  // namespace ch
