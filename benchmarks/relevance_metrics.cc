#include "benchmarks/relevance_metrics.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace ch::bench {
namespace {

// The first `k` documents of a ranking, a document ranked twice counting once (as trec_eval).
std::vector<const std::string*> TopDistinct(const std::vector<std::string>& ranked, size_t k) {
  std::vector<const std::string*> top;
  std::set<std::string_view> seen;
  for (const auto& doc : ranked) {
    if (top.size() == k) break;
    if (seen.insert(doc).second) top.push_back(&doc);
  }
  return top;
}

// Splits `text` into lines without their "\n" or "\r\n".
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> out;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.push_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return out;
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

double GainOf(int grade, Gain gain) {
  if (grade <= 0) return 0;
  return gain == Gain::kLinear ? grade : std::exp2(grade) - 1;
}

double Discount(size_t rank) {  // rank is 1-based
  return std::log2(static_cast<double>(rank) + 1);
}

}  // namespace

Result<Qrels> ParseQrels(std::string_view text) {
  Qrels qrels;
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (IsBlank(line)) continue;
    std::istringstream fields{std::string(line)};
    std::vector<std::string> f;
    for (std::string field; fields >> field;) f.push_back(field);
    if (number == 1 && f.size() == 3 && (f[0] == "query-id" || f[0] == "query_id")) continue;
    // TREC: query 0 doc grade. BEIR's TSV: query doc grade.
    if (f.size() != 4 && f.size() != 3) {
      return Status::InvalidArgument("qrels line " + std::to_string(number) +
                                     ": expected 'QUERY 0 DOC GRADE'");
    }
    const std::string& doc = f[f.size() - 2];
    int grade = 0;
    try {
      size_t used = 0;
      grade = std::stoi(f.back(), &used);
      if (used != f.back().size()) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
      return Status::InvalidArgument("qrels line " + std::to_string(number) + ": grade '" +
                                     f.back() + "' is not a whole number");
    }
    qrels[f[0]][doc] = grade;
  }
  return qrels;
}

Result<std::vector<Query>> ParseQueries(std::string_view text) {
  std::vector<Query> queries;
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (IsBlank(line)) continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) {
      return Status::InvalidArgument("queries line " + std::to_string(number) +
                                     ": expected 'ID<TAB>TEXT'");
    }
    queries.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1)), ""});
  }
  return queries;
}

Result<std::vector<Query>> ParseGroupedQueries(std::string_view text) {
  std::vector<Query> queries;
  int number = 0;
  for (std::string_view line : Lines(text)) {
    ++number;
    if (IsBlank(line)) continue;
    size_t tab1 = line.find('\t');
    size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos || tab1 == 0 || tab2 == tab1 + 1) {
      return Status::InvalidArgument("queries line " + std::to_string(number) +
                                     ": expected 'ID<TAB>USER<TAB>TEXT'");
    }
    Query q{std::string(line.substr(0, tab1)), std::string(line.substr(tab2 + 1)),
            std::string(line.substr(tab1 + 1, tab2 - tab1 - 1))};
    if (number == 1 && q.id == "id" && q.group == "user") continue;  // the header
    queries.push_back(std::move(q));
  }
  return queries;
}

double NdcgAt(const std::map<std::string, int>& judged, const std::vector<std::string>& ranked,
              size_t k, Gain gain) {
  std::vector<int> grades;
  for (const auto& [doc, grade] : judged) {
    if (grade > 0) grades.push_back(grade);
  }
  std::sort(grades.rbegin(), grades.rend());
  double ideal = 0;
  for (size_t i = 0; i < grades.size() && i < k; ++i) {
    ideal += GainOf(grades[i], gain) / Discount(i + 1);
  }
  if (ideal <= 0) return 0;

  double dcg = 0;
  std::vector<const std::string*> top = TopDistinct(ranked, k);
  for (size_t i = 0; i < top.size(); ++i) {
    auto it = judged.find(*top[i]);
    if (it != judged.end()) dcg += GainOf(it->second, gain) / Discount(i + 1);
  }
  return dcg / ideal;
}

double RecallAt(const std::map<std::string, int>& judged, const std::vector<std::string>& ranked,
                size_t k) {
  size_t relevant = 0;
  for (const auto& [doc, grade] : judged) relevant += grade > 0;
  if (relevant == 0) return 0;
  size_t found = 0;
  for (const std::string* doc : TopDistinct(ranked, k)) {
    auto it = judged.find(*doc);
    found += it != judged.end() && it->second > 0;
  }
  return static_cast<double>(found) / static_cast<double>(relevant);
}

MeanScores Evaluate(const Qrels& qrels, const Rankings& rankings, const MetricOptions& options) {
  MeanScores mean;
  static const std::vector<std::string> kNothing;
  for (const auto& [query, judged] : qrels) {
    bool any_relevant =
        std::any_of(judged.begin(), judged.end(), [](const auto& j) { return j.second > 0; });
    if (!any_relevant) continue;
    auto it = rankings.find(query);
    const std::vector<std::string>& ranked = it == rankings.end() ? kNothing : it->second;
    mean.ndcg += NdcgAt(judged, ranked, options.ndcg_depth, options.gain);
    mean.recall += RecallAt(judged, ranked, options.recall_depth);
    ++mean.queries;
  }
  if (mean.queries > 0) {
    mean.ndcg /= static_cast<double>(mean.queries);
    mean.recall /= static_cast<double>(mean.queries);
  }
  return mean;
}

}  // namespace ch::bench
