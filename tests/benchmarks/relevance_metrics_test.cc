// The relevance benchmark's metrics on a hand-made set of judgements whose nDCG and recall were
// worked out on paper (trec_eval's definitions: gain = grade, discount log2(rank + 1)).
#include "benchmarks/relevance_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace ch::bench {
namespace {

constexpr double kExact = 1e-12;

// q1: two relevant documents (d1, d2) and one judged not relevant (d3).
// q2: graded, a = 2 and b = 1.  q3: judged, never ranked.  q4: only a non-relevant judgement.
constexpr char kQrels[] =
    "q1 0 d1 1\n"
    "q1 0 d2 1\n"
    "q1 0 d3 0\n"
    "q2 0 a 2\n"
    "q2 0 b 1\n"
    "q3 0 x 1\n"
    "q4 0 y 0\n";

Qrels TestQrels() {
  Result<Qrels> qrels = ParseQrels(kQrels);
  EXPECT_TRUE(qrels.ok()) << qrels.status().ToString();
  return qrels.value();
}

// Ranked d3 (not relevant), d1 (relevant, rank 2), d4 (unjudged), d2 (relevant, rank 4).
const std::vector<std::string> kQ1Ranking = {"d3", "d1", "d4", "d2"};

TEST(RelevanceMetricsTest, NdcgDiscountsEachRelevantDocumentByItsRank) {
  Qrels qrels = TestQrels();
  // DCG = 1/log2(3) + 1/log2(5); ideal = 1 + 1/log2(3).
  const double expected = (1 / std::log2(3.0) + 1 / std::log2(5.0)) / (1 + 1 / std::log2(3.0));
  EXPECT_NEAR(NdcgAt(qrels["q1"], kQ1Ranking, 10), expected, kExact);
  EXPECT_NEAR(NdcgAt(qrels["q1"], kQ1Ranking, 10), 0.650920929807, 1e-12);
  // At depth 3 only d1 counts; the ideal still has both relevant documents.
  EXPECT_NEAR(NdcgAt(qrels["q1"], kQ1Ranking, 3), (1 / std::log2(3.0)) / (1 + 1 / std::log2(3.0)),
              kExact);
}

TEST(RelevanceMetricsTest, NdcgIsOneForTheIdealRankingAndZeroWithoutRelevantDocuments) {
  Qrels qrels = TestQrels();
  EXPECT_NEAR(NdcgAt(qrels["q1"], {"d2", "d1", "d3"}, 10), 1.0, kExact);
  EXPECT_EQ(NdcgAt(qrels["q1"], {"d3", "d4"}, 10), 0.0);
  EXPECT_EQ(NdcgAt(qrels["q1"], {}, 10), 0.0);
  EXPECT_EQ(NdcgAt(qrels["q4"], {"y"}, 10), 0.0);  // nothing relevant: no ideal to divide by
}

TEST(RelevanceMetricsTest, GradedGainIsLinearOrExponential) {
  Qrels qrels = TestQrels();
  const std::vector<std::string> ranked = {"b", "a"};  // the worse one first
  // Linear: DCG = 1 + 2/log2(3), ideal = 2 + 1/log2(3).
  EXPECT_NEAR(NdcgAt(qrels["q2"], ranked, 10, Gain::kLinear),
              (1 + 2 / std::log2(3.0)) / (2 + 1 / std::log2(3.0)), kExact);
  EXPECT_NEAR(NdcgAt(qrels["q2"], ranked, 10, Gain::kLinear), 0.859718699852, 1e-12);
  // Exponential (2^rel - 1): DCG = 1 + 3/log2(3), ideal = 3 + 1/log2(3).
  EXPECT_NEAR(NdcgAt(qrels["q2"], ranked, 10, Gain::kExponential),
              (1 + 3 / std::log2(3.0)) / (3 + 1 / std::log2(3.0)), kExact);
  // Binary judgements score the same either way.
  EXPECT_EQ(NdcgAt(qrels["q1"], kQ1Ranking, 10, Gain::kLinear),
            NdcgAt(qrels["q1"], kQ1Ranking, 10, Gain::kExponential));
}

TEST(RelevanceMetricsTest, RecallCountsRelevantDocumentsWithinTheDepth) {
  Qrels qrels = TestQrels();
  EXPECT_EQ(RecallAt(qrels["q1"], kQ1Ranking, 100), 1.0);
  EXPECT_EQ(RecallAt(qrels["q1"], kQ1Ranking, 3), 0.5);  // d2 is at rank 4
  EXPECT_EQ(RecallAt(qrels["q1"], kQ1Ranking, 1), 0.0);  // d3 is judged not relevant
  EXPECT_EQ(RecallAt(qrels["q2"], {"a"}, 100), 0.5);
  EXPECT_EQ(RecallAt(qrels["q4"], {"y"}, 100), 0.0);
}

TEST(RelevanceMetricsTest, DuplicateDocumentsCountOnceAtTheirFirstRank) {
  Qrels qrels = TestQrels();
  EXPECT_NEAR(NdcgAt(qrels["q1"], {"d1", "d1", "d2"}, 10), 1.0, kExact);
  EXPECT_EQ(RecallAt(qrels["q1"], {"d1", "d1", "d2"}, 2), 1.0);
}

TEST(RelevanceMetricsTest, MeansCoverEveryJudgedQueryWithARelevantDocument) {
  Qrels qrels = TestQrels();
  Rankings run;
  run["q1"] = kQ1Ranking;
  run["q2"] = {"b", "a"};
  run["q5"] = {"d1"};  // no judgements: ignored
  // q3 is not ranked and scores 0; q4 has nothing relevant and is left out.
  MeanScores m = Evaluate(qrels, run, {});
  EXPECT_EQ(m.queries, 3u);
  const double q1 = (1 / std::log2(3.0) + 1 / std::log2(5.0)) / (1 + 1 / std::log2(3.0));
  const double q2 = (1 + 2 / std::log2(3.0)) / (2 + 1 / std::log2(3.0));
  EXPECT_NEAR(m.ndcg, (q1 + q2 + 0) / 3, kExact);
  EXPECT_NEAR(m.ndcg, 0.503546543220, 1e-12);
  EXPECT_NEAR(m.recall, (1.0 + 1.0 + 0) / 3, kExact);

  MetricOptions shallow;
  shallow.ndcg_depth = 1;
  shallow.recall_depth = 1;
  MeanScores top = Evaluate(qrels, run, shallow);
  EXPECT_NEAR(top.ndcg, (0 + 1.0 / 2 + 0) / 3, kExact);  // q2: b (1) where a (2) belonged
  EXPECT_NEAR(top.recall, (0 + 0.5 + 0) / 3, kExact);
}

TEST(RelevanceMetricsTest, ParsesTrecAndBeirQrels) {
  Result<Qrels> trec = ParseQrels("1 0 31715818 1\r\n\n3 0 14717500 2\n");
  ASSERT_TRUE(trec.ok());
  EXPECT_EQ(trec->at("1").at("31715818"), 1);
  EXPECT_EQ(trec->at("3").at("14717500"), 2);
  Result<Qrels> beir = ParseQrels("query-id\tcorpus-id\tscore\n1\t31715818\t1\n");
  ASSERT_TRUE(beir.ok());
  EXPECT_EQ(beir->at("1").at("31715818"), 1);
  Result<Qrels> bad = ParseQrels("1 0 31715818 yes\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(ParseQrels("1 0\n").ok());
}

TEST(RelevanceMetricsTest, ParsesQueriesWithTabs) {
  Result<std::vector<Query>> queries =
      ParseQueries("1\t0-dimensional biomaterials show inductive properties.\n\n3\tA b\tc\n");
  ASSERT_TRUE(queries.ok());
  ASSERT_EQ(queries->size(), 2u);
  EXPECT_EQ((*queries)[0].id, "1");
  EXPECT_EQ((*queries)[0].text, "0-dimensional biomaterials show inductive properties.");
  EXPECT_EQ((*queries)[1].text, "A b\tc");
  EXPECT_FALSE(ParseQueries("no tab here\n").ok());
}

TEST(RelevanceMetricsTest, ParsesQueriesGroupedByKindOfUser) {
  Result<std::vector<Query>> queries =
      ParseGroupedQueries("id\tuser\tquery\nres-01\tresident\thow do we stop it\n\n");
  ASSERT_TRUE(queries.ok()) << queries.status().ToString();
  ASSERT_EQ(queries->size(), 1u);
  EXPECT_EQ((*queries)[0].id, "res-01");
  EXPECT_EQ((*queries)[0].group, "resident");
  EXPECT_EQ((*queries)[0].text, "how do we stop it");
  EXPECT_FALSE(ParseGroupedQueries("res-01\tno group\n").ok());
  Result<Qrels> qrels = ParseQrels("query_id\tdoc_id\tgrade\nres-01\tsome-doc\t2\n");
  ASSERT_TRUE(qrels.ok()) << qrels.status().ToString();
  EXPECT_EQ(qrels->at("res-01").at("some-doc"), 2);
}

}  // namespace
}  // namespace ch::bench
