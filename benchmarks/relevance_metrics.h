// relevance_metrics.h: TREC-style relevance judgements, rankings and the two measures the
// relevance benchmark reports, nDCG@k and Recall@k.
//
//   Result<Qrels> qrels = ParseQrels(ReadFile("qrels.test.txt").value());
//   Rankings run;                       // query id -> document ids, best first
//   run["1"] = {"31715818", "4983"};
//   MeanScores m = Evaluate(*qrels, run, {});   // m.ndcg, m.recall, averaged over judged queries
//
// Definitions (those of trec_eval's ndcg_cut and recall, as used by BEIR through pytrec_eval):
//   DCG@k   = sum over ranks r = 1..k of gain(rel of the document at r) / log2(r + 1)
//   IDCG@k  = the same over the judged grades sorted best first (the ideal ranking)
//   nDCG@k  = DCG@k / IDCG@k, 0 when no document is judged relevant
//   Recall@k = relevant documents in the first k / all relevant documents (grade > 0)
// gain(rel) is rel (kLinear, trec_eval's and BEIR's) or 2^rel - 1 (kExponential, Burges et al.);
// the two agree on binary judgements such as SciFact's. Unjudged documents have grade 0. A query
// with judgements but no ranking scores 0; a ranking for a query without judgements is ignored.
// Duplicate document ids in a ranking count once, at their first rank.
//
// Plain values and pure functions: thread-compatible.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace ch::bench {

// query id -> document id -> grade (0 = judged not relevant).
using Qrels = std::map<std::string, std::map<std::string, int>>;
// query id -> document ids, best first.
using Rankings = std::map<std::string, std::vector<std::string>>;

struct Query {
  std::string id;
  std::string text;
  std::string group;  // kind of user ("resident", "analyst", ...); "" when the file has none
};

enum class Gain { kLinear, kExponential };

struct MetricOptions {
  size_t ndcg_depth = 10;     // k of nDCG@k
  size_t recall_depth = 100;  // k of Recall@k
  Gain gain = Gain::kLinear;
};

// "QUERY 0 DOC GRADE" lines (TREC qrels; the second column is ignored); blank lines and a
// "query-id corpus-id score" or "query_id doc_id grade" header (BEIR's TSV form, our development
// set's) are skipped. InvalidArgument names the line.
Result<Qrels> ParseQrels(std::string_view text);
// "ID<TAB>TEXT" lines; blank lines are skipped. InvalidArgument names a line without a tab.
Result<std::vector<Query>> ParseQueries(std::string_view text);
// "ID<TAB>GROUP<TAB>TEXT" lines (benchmarks/relevance/queries.tsv), with an optional first line
// "id<TAB>user<TAB>query" as header; blank lines are skipped. InvalidArgument names a line without
// the three fields.
Result<std::vector<Query>> ParseGroupedQueries(std::string_view text);

double NdcgAt(const std::map<std::string, int>& judged, const std::vector<std::string>& ranked,
              size_t k, Gain gain = Gain::kLinear);
double RecallAt(const std::map<std::string, int>& judged, const std::vector<std::string>& ranked,
                size_t k);

struct MeanScores {
  double ndcg = 0;     // mean nDCG@ndcg_depth
  double recall = 0;   // mean Recall@recall_depth
  size_t queries = 0;  // judged queries averaged over (those with at least one relevant document)
};

// Means over every query in `qrels` that has a relevant document, whether ranked or not.
MeanScores Evaluate(const Qrels& qrels, const Rankings& rankings, const MetricOptions& options);

}  // namespace ch::bench
