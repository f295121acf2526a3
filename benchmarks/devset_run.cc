#include "benchmarks/devset_run.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "base/file_util.h"
#include "benchmarks/relevance_metrics.h"
#include "indexer/taxonomy.h"
#include "server/services/index_reader.h"

namespace ch::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kDepth = 100;

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "ch-bench-relevance: devset: %s\n", message.c_str());
  return code;
}

Status BuildDevsetIndex(const DevsetOptions& opt, const Taxonomy& taxonomy,
                        const std::string& db_dir) {
  std::error_code ec;
  fs::remove_all(db_dir, ec);
  fs::create_directories(opt.work_dir, ec);
  IndexOptions index_options = opt.index;
  index_options.holder = "ch-bench-relevance";
  IndexReport report;
  Status built = BuildIndex(opt.corpus_dir, db_dir, taxonomy, index_options, &report);
  if (!built.ok()) {
    for (const auto& d : report.diagnostics) {
      if (d.is_error()) return Status(built.code(), built.message() + "\n  " + d.ToString());
    }
  }
  return built;
}

Result<Rankings> Search(const DevsetOptions& opt, const Taxonomy& taxonomy,
                        const std::string& db_dir, const std::vector<Query>& queries,
                        double* mean_ms) {
  IndexReader reader(IndexReaderOptions{db_dir});
  SearchService service(reader, taxonomy, opt.service);
  Rankings rankings;
  auto start = Clock::now();
  for (const auto& query : queries) {
    SearchRequest request;
    request.q = query.text;
    request.per_page = kDepth;
    request.facets = std::vector<std::string>{};
    if (!opt.language.empty()) request.filters["language"] = {opt.language};
    request.page_language = opt.page_language;
    Result<SearchResponse> response = service.Search(request);
    if (!response.ok())
      return Status(response.status().code(), query.id + ": " + response.status().message());
    std::vector<std::string>& ranked = rankings[query.id];
    for (const auto& hit : response->results) ranked.push_back(hit.resource.id);
  }
  *mean_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count() /
             std::max<size_t>(1, queries.size());
  return rankings;
}

void PrintTable(const std::vector<Query>& queries, const Qrels& qrels, const Rankings& rankings,
                double mean_ms, const std::string& description) {
  std::vector<std::string> groups;
  std::map<std::string, Qrels> by_group;
  for (const auto& q : queries) {
    auto judged = qrels.find(q.id);
    if (judged == qrels.end()) continue;
    if (by_group.find(q.group) == by_group.end()) groups.push_back(q.group);
    by_group[q.group][q.id] = judged->second;
  }
  MetricOptions metrics;
  std::printf("#### Development set: %zu queries, %zu judged, query ms (mean) %.2f\n\n",
              queries.size(), qrels.size(), mean_ms);
  std::printf("ranking: %s\n\n", description.c_str());
  std::printf("| user | queries | nDCG@10 | Recall@100 |\n|---|---:|---:|---:|\n");
  for (const auto& group : groups) {
    MeanScores m = Evaluate(by_group[group], rankings, metrics);
    std::printf("| %s | %zu | %.4f | %.4f |\n", group.c_str(), m.queries, m.ndcg, m.recall);
  }
  MeanScores all = Evaluate(qrels, rankings, metrics);
  std::printf("| **all** | %zu | %.4f | %.4f |\n\n", all.queries, all.ndcg, all.recall);
  std::fflush(stdout);
}

Status WritePerQuery(const std::string& path, const std::vector<Query>& queries, const Qrels& qrels,
                     const Rankings& rankings) {
  std::ofstream out(path, std::ios::trunc);
  out << "query\tuser\tndcg10\trecall100\trelevant\ttop10\ttext\n";
  for (const auto& q : queries) {
    auto judged = qrels.find(q.id);
    if (judged == qrels.end()) continue;
    auto ranked = rankings.find(q.id);
    std::vector<std::string> list =
        ranked == rankings.end() ? std::vector<std::string>{} : ranked->second;
    std::string top;
    for (size_t i = 0; i < list.size() && i < 10; ++i) {
      // Each of the first 10 with its grade (":2", ":1"; unjudged and 0 get none).
      auto grade = judged->second.find(list[i]);
      top += (i ? "," : "") + list[i];
      if (grade != judged->second.end() && grade->second > 0) top += ":" + std::to_string(grade->second);
    }
    char scores[64];
    std::snprintf(scores, sizeof scores, "%.4f\t%.4f", NdcgAt(judged->second, list, 10),
                  RecallAt(judged->second, list, kDepth));
    out << q.id << '\t' << q.group << '\t' << scores << '\t' << judged->second.size() << '\t' << top
        << '\t' << q.text << '\n';
  }
  if (!out) return Status::IOError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

int RunDevset(const DevsetOptions& opt) {
  const fs::path devset(opt.devset_dir);
  auto query_text = ReadFile((devset / "queries.tsv").string());
  auto qrels_text = ReadFile((devset / "qrels.tsv").string());
  if (!query_text.ok()) return Fail(kExitUsage, query_text.status().message());
  if (!qrels_text.ok()) return Fail(kExitUsage, qrels_text.status().message());
  auto queries = ParseGroupedQueries(*query_text);
  auto qrels = ParseQrels(*qrels_text);
  if (!queries.ok()) return Fail(kExitUsage, queries.status().message());
  if (!qrels.ok()) return Fail(kExitUsage, qrels.status().message());
  auto taxonomy = Taxonomy::Load((fs::path(opt.corpus_dir) / "taxonomy.yaml").string());
  if (!taxonomy.ok()) return Fail(kExitUsage, taxonomy.status().message());

  const std::string db_dir = (fs::path(opt.work_dir) / "index").string();
  Status built = BuildDevsetIndex(opt, *taxonomy, db_dir);
  if (!built.ok()) return Fail(kExitRunFailed, built.ToString());
  double mean_ms = 0;
  Result<Rankings> rankings = Search(opt, *taxonomy, db_dir, *queries, &mean_ms);
  if (!rankings.ok()) return Fail(kExitRunFailed, rankings.status().ToString());
  PrintTable(*queries, *qrels, *rankings, mean_ms, opt.description);
  if (!opt.per_query_path.empty()) {
    Status written = WritePerQuery(opt.per_query_path, *queries, *qrels, *rankings);
    if (!written.ok()) return Fail(kExitRunFailed, written.message());
  }
  return kExitOk;
}

}  // namespace ch::bench
