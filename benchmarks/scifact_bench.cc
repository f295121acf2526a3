// ch-bench-relevance: nDCG@10 and Recall@100 of our search on SciFact (BEIR), beside plain Xapian.
//
//   ch-bench-relevance [--data DIR] [--work DIR] [--taxonomy PATH] [--per-query FILE]
//                      [--k1 X] [--k2 X] [--k3 X] [--b X] [--min-normlen X] [--no-plain]
//                      [--stemming some|all-z|all|none] [--keep-stop-words] [--drop-filler-words]
//                      [--no-concepts]
//                      [--default-op or|and|elite-set] [--title-weight N]
//                      [--summary-weight N] [--body-weight N] [--reuse-index]
//                      [--devset DIR [--corpus DIR]]
//
// DATA (default ../shared/eval/scifact beside the repository) holds corpus.jsonl,
// queries.test.tsv and qrels.test.txt; nothing of it is copied into the repository.
//
// Systems, measured in the same run on the same queries and judgements:
//   ours   every document written as a resource file (scifact_corpus.h) into WORK/corpus,
//          indexed by ch::BuildIndex into WORK/index, and every query sent as the `q` of a
//          SearchRequest (relevance order, per_page 100, no facets) to ch::SearchService over an
//          IndexReader: the same path as GET /api/v1/search?q=...&per_page=100.
//   plain  plain Xapian: a TermGenerator (English stemmer, STEM_SOME, no stopper) over the title
//          and the text (100 positions apart) into WORK/plain, a QueryParser with the same
//          stemmer and strategy and Xapian's default flags and operator (OR), BM25Weight with
//          Xapian's defaults, and Enquire's first 100 documents.
// The BM25, query and field-weight options change only `ours`; their defaults are the product's
// (SearchServiceOptions in search_service.h, QueryOptions in query_builder.h and
// schema::FieldWeights).
// --reuse-index skips writing and indexing the corpus when WORK/index was built from the same
// data, taxonomy and index-time options (WORK/index-options.txt), for sweeps of query options;
// it cannot see changes to the indexer's code, so never reuse an index across them.
// Metrics and their definitions: relevance_metrics.h (trec_eval's, averaged over every judged
// query). Prints a Markdown table on stdout, progress on stderr. --per-query writes one TSV line
// per query (id, both nDCG@10, both Recall@100, relevant count, text) for looking at failures.
// --devset DIR measures the sample corpus's development set instead (devset_run.h): CORPUS
// (default corpus/ of the repository) is indexed into WORK/index and DIR's queries.tsv and
// qrels.tsv give nDCG@10 per kind of user; the same ranking options apply.
// Exit status: 0 success, 1 a run failed, 2 bad arguments.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "base/file_util.h"
#include "benchmarks/devset_run.h"
#include "benchmarks/query_reading_flags.h"
#include "benchmarks/relevance_metrics.h"
#include "benchmarks/scifact_corpus.h"
#include "indexer/index_writer.h"
#include "indexer/taxonomy.h"
#include "server/services/index_reader.h"
#include "server/services/search_service.h"

namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using ch::bench::Qrels;
using ch::bench::Query;
using ch::bench::Rankings;
using ch::bench::ScifactDocument;

constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kDepth = 100;  // documents retrieved per query
// The published Lucene BM25 on the same queries and judgements (Anserini's BEIR "flat" index,
// title and text in one field, k1 0.9, b 0.4; ../shared/eval/README.md).
constexpr double kLuceneBm25Ndcg = 0.6789;
constexpr double kLuceneBm25Recall = 0.9253;

struct Options {
  std::string data_dir = (fs::path(CH_SOURCE_DIR).parent_path() / "shared/eval/scifact").string();
  std::string work_dir;
  std::string taxonomy_path = (fs::path(CH_SOURCE_DIR) / "corpus/taxonomy.yaml").string();
  std::string per_query_path;
  std::string devset_dir;  // --devset: the development set instead of SciFact
  std::string corpus_dir = (fs::path(CH_SOURCE_DIR) / "corpus").string();
  bool plain = true;
  bool reuse_index = false;
  ch::SearchServiceOptions service;
  ch::IndexOptions index;
};

// One system's run over every query.
struct SystemRun {
  std::string name;
  Rankings rankings;
  double index_seconds = 0;
  bool index_reused = false;  // --reuse-index kept an earlier build
  double query_seconds = 0;   // all queries
  size_t failed_queries = 0;  // queries the system rejected (counted as empty rankings)
};

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string DescribeWeights(const ch::schema::FieldWeights& w) {
  return "title " + std::to_string(w.title) + ", summary " + std::to_string(w.summary) +
         ", keywords " + std::to_string(w.keywords) + ", source " + std::to_string(w.source) +
         ", body " + std::to_string(w.body);
}

// Everything the index depends on besides the code: a changed signature means re-indexing.
std::string IndexSignature(const Options& opt, const std::vector<ScifactDocument>& docs,
                           const ch::Taxonomy& taxonomy) {
  const ch::IndexOptions& index = opt.index;
  const ch::bench::ScifactResourceOptions resource;
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.id.size() + d.title.size() + d.text.size();
  std::string out = "data " + opt.data_dir + ", " + std::to_string(docs.size()) + " documents, " +
                    std::to_string(bytes) + " bytes\n";
  out += "taxonomy " + opt.taxonomy_path + " " + taxonomy.content_hash() + "\n";
  out += "resource type " + resource.type + ", focus area " + resource.focus_area + ", summary " +
         std::to_string(resource.summary_chars) + "\n";
  out += "spelling " + std::to_string(index.spelling) + "\n";
  out += "joined compounds " + std::to_string(index.joined_compounds) + "\n";
  out += "field weights " + DescribeWeights(index.field_weights) + "\n";
  return out;
}

// Writes the corpus and builds WORK/index, or keeps it when --reuse-index and it matches.
ch::Status PrepareIndex(const Options& opt, const std::vector<ScifactDocument>& docs,
                        const ch::Taxonomy& taxonomy, SystemRun* run) {
  const std::string corpus_dir = (fs::path(opt.work_dir) / "corpus").string();
  const std::string db_dir = (fs::path(opt.work_dir) / "index").string();
  const std::string stamp_path = (fs::path(opt.work_dir) / "index-options.txt").string();
  const std::string signature = IndexSignature(opt, docs, taxonomy);
  std::error_code ec;
  if (opt.reuse_index && fs::exists(fs::path(db_dir) / "XAPIANDB", ec)) {
    auto stamp = ch::ReadFile(stamp_path);
    if (stamp.ok() && *stamp == signature) {
      std::fprintf(stderr, "ch-bench-relevance: ours reuses %s\n", db_dir.c_str());
      run->index_reused = true;
      return ch::Status::Ok();
    }
  }
  auto start = Clock::now();
  fs::remove(stamp_path, ec);
  auto ids = ch::bench::WriteScifactCorpus(docs, corpus_dir, ch::bench::ScifactResourceOptions{});
  if (!ids.ok()) return ids.status();
  fs::remove_all(db_dir, ec);
  ch::IndexOptions index_options = opt.index;
  index_options.holder = "ch-bench-relevance";
  ch::IndexReport report;
  ch::Status built = ch::BuildIndex(corpus_dir, db_dir, taxonomy, index_options, &report);
  if (!built.ok()) {
    std::string first;
    for (const auto& d : report.diagnostics) {
      if (d.is_error()) {
        first = "\n  " + d.ToString();
        break;
      }
    }
    return ch::Status(built.code(), built.message() + first);
  }
  run->index_seconds = Since(start);
  std::fprintf(stderr, "ch-bench-relevance: ours indexed %zu documents in %.1f s\n",
               report.documents, run->index_seconds);
  return ch::WriteFileAtomic(stamp_path, signature);
}

ch::Result<SystemRun> RunOurs(const Options& opt, const std::vector<ScifactDocument>& docs,
                              const std::vector<Query>& queries) {
  SystemRun run;
  run.name = "ours";
  auto taxonomy = ch::Taxonomy::Load(opt.taxonomy_path);
  if (!taxonomy.ok()) return taxonomy.status();
  CH_RETURN_IF_ERROR(PrepareIndex(opt, docs, *taxonomy, &run));
  std::unordered_map<std::string, std::string> ids;  // resource id -> SciFact id
  for (const auto& d : docs) ids[ch::bench::ResourceIdFor(d.id)] = d.id;
  const std::string db_dir = (fs::path(opt.work_dir) / "index").string();

  ch::IndexReader reader(ch::IndexReaderOptions{db_dir});
  ch::SearchService service(reader, *taxonomy, opt.service);
  auto start = Clock::now();
  for (const auto& query : queries) {
    ch::SearchRequest request;
    request.q = query.text;
    request.per_page = kDepth;
    request.facets = std::vector<std::string>{};
    ch::Result<ch::SearchResponse> response = service.Search(request);
    std::vector<std::string>& ranked = run.rankings[query.id];
    if (!response.ok()) {
      std::fprintf(stderr, "ch-bench-relevance: ours rejected query %s: %s\n", query.id.c_str(),
                   response.status().ToString().c_str());
      ++run.failed_queries;
      continue;
    }
    for (const auto& hit : response->results) {
      auto it = ids.find(hit.resource.id);
      ranked.push_back(it == ids.end() ? hit.resource.id : it->second);
    }
  }
  run.query_seconds = Since(start);
  return run;
}

ch::Result<SystemRun> RunPlain(const Options& opt, const std::vector<ScifactDocument>& docs,
                               const std::vector<Query>& queries) {
  SystemRun run;
  run.name = "plain Xapian";
  const std::string db_dir = (fs::path(opt.work_dir) / "plain").string();
  try {
    auto start = Clock::now();
    {
      Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE_OR_OVERWRITE);
      Xapian::TermGenerator generator;
      generator.set_stemmer(Xapian::Stem("english"));
      generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
      for (const auto& d : docs) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(d.title);
        generator.increase_termpos(100);
        generator.index_text(d.text);
        doc.set_data(d.id);
        doc.add_boolean_term("Q" + d.id);
        db.replace_document("Q" + d.id, doc);
      }
      db.commit();
    }
    run.index_seconds = Since(start);
    std::fprintf(stderr, "ch-bench-relevance: plain indexed %zu documents in %.1f s\n", docs.size(),
                 run.index_seconds);

    Xapian::Database db(db_dir);
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    start = Clock::now();
    for (const auto& query : queries) {
      std::vector<std::string>& ranked = run.rankings[query.id];
      Xapian::Query parsed;
      try {
        parsed = parser.parse_query(query.text);
      } catch (const Xapian::QueryParserError& e) {
        std::fprintf(stderr, "ch-bench-relevance: plain rejected query %s: %s\n", query.id.c_str(),
                     e.get_msg().c_str());
        ++run.failed_queries;
        continue;
      }
      enquire.set_query(parsed);
      Xapian::MSet mset = enquire.get_mset(0, kDepth);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        ranked.push_back(it.get_document().get_data());
      }
    }
    run.query_seconds = Since(start);
  } catch (const Xapian::Error& e) {
    return ch::Status::IOError("plain Xapian: " + e.get_description());
  }
  return run;
}

std::string Format(const char* fmt, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, value);
  return buf;
}

const std::map<std::string, Xapian::QueryParser::stem_strategy> kStemmings = {
    {"some", Xapian::QueryParser::STEM_SOME},
    {"all-z", Xapian::QueryParser::STEM_ALL_Z},
    {"all", Xapian::QueryParser::STEM_ALL},
    {"none", Xapian::QueryParser::STEM_NONE}};
const std::map<std::string, Xapian::Query::op> kOperators = {
    {"or", Xapian::Query::OP_OR},
    {"and", Xapian::Query::OP_AND},
    {"elite-set", Xapian::Query::OP_ELITE_SET}};

template <typename Map, typename Value>
std::string NameOf(const Map& names, Value value) {
  for (const auto& [name, v] : names) {
    if (v == value) return name;
  }
  return "?";
}

// The options `ours` ran with, for the table.
std::string Describe(const Options& opt) {
  const ch::Bm25Parameters& p = opt.service.bm25;
  const ch::QueryOptions& q = opt.service.query;
  const ch::RankingOptions& r = opt.service.ranking;
  return std::string(ch::SchemeName(r.scheme)) + ", lay " + Format("%g", r.lay_weight) +
         " (narrow " + Format("%g", r.lay_narrow_weight) + ", loose share " +
         Format("%g", r.lay_loose_share) + "), all-words bonus " + Format("%g", r.all_words_bonus) +
         ", all-concepts bonus " + Format("%g", r.all_concepts_bonus) + ", exact start " +
         Format("%g", r.exact_start_weight) + " (stem " + Format("%g", r.start_stem_share) +
         "), feedback " + Format("%g", r.feedback_terms) + " terms from " +
         Format("%g", r.feedback_docs) + " docs at " + Format("%g", r.feedback_weight) + " for " +
         Format("%g", r.feedback_min_words) + "+ words, proximity " +
         Format("%g", r.proximity_weight) + " (window " + Format("%g", r.proximity.window) +
         ", up to " + Format("%g", r.proximity.max_words) + " words), word pairs " +
         Format("%g", r.word_pairs.weight) + " (up to " + Format("%g", r.word_pairs.max_words) +
         " words), audience " + Format("%g", r.audience.resident_weight) + " / " +
         Format("%g", r.audience.victim_weight) + " (" + Format("%g", r.audience.min_words) +
         "+ words" +
         (r.audience.needs_lay_match ? ", lay match" : "") + "), links " +
         Format("%g", r.linked.share) + " from the first " + Format("%g", r.linked.sources) +
         "; k1 " + Format("%g", p.k1) +
         ", k2 " + Format("%g", p.k2) + ", k3 " + Format("%g", p.k3) + ", b " + Format("%g", p.b) +
         ", min_normlen " + Format("%g", p.min_normlen) + "; stemming " +
         NameOf(kStemmings, q.stemming) + ", stop words " +
         (q.drop_stop_words ? "dropped" : "kept") +
         (q.drop_stop_words && q.drop_filler_words ? " and filler" : "") + ", concepts " +
         (q.concepts ? "on" : "off") +
         " (word concepts " + Format("%g", q.word_concept_scale) + ", short " +
         std::to_string(q.short_query_words) + "), compound parts " +
         Format("%g", q.compound_parts_scale) + ", " + NameOf(kOperators, q.default_op) +
         "; weights " + DescribeWeights(opt.index.field_weights);
}

void PrintTable(const Options& opt, const Qrels& qrels, size_t query_count,
                const std::vector<SystemRun>& runs) {
  ch::bench::MetricOptions metrics;
  std::printf("#### SciFact test: %zu queries, %zu judged\n\n", query_count, qrels.size());
  std::printf("| system | nDCG@10 | Recall@100 | index s | query ms (mean) | rejected queries |\n");
  std::printf("|---|---:|---:|---:|---:|---:|\n");
  for (const auto& run : runs) {
    ch::bench::MeanScores m = ch::bench::Evaluate(qrels, run.rankings, metrics);
    std::string name = run.name == "ours" ? "ours (" + Describe(opt) + ")" : run.name;
    std::string index_seconds = run.index_reused ? "reused" : Format("%.1f", run.index_seconds);
    std::printf("| %s | %.4f | %.4f | %s | %.2f | %zu |\n", name.c_str(), m.ndcg, m.recall,
                index_seconds.c_str(), 1000 * run.query_seconds / std::max<size_t>(1, query_count),
                run.failed_queries);
  }
  std::printf(
      "| Lucene BM25 (Anserini BEIR flat, k1 0.9, b 0.4; published) | %.4f | %.4f | - | - "
      "| - |\n\n",
      kLuceneBm25Ndcg, kLuceneBm25Recall);
  std::fflush(stdout);
}

// The rank (from 1) of the first judged document in `list`, or 0 when none is.
template <typename Judged>
size_t FirstRelevantRank(const Judged& judged, const std::vector<std::string>& list) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (judged.count(list[i]) > 0) return i + 1;
  }
  return 0;
}

ch::Status WritePerQuery(const std::string& path, const Qrels& qrels,
                         const std::vector<Query>& queries, const std::vector<SystemRun>& runs) {
  std::ofstream out(path, std::ios::trunc);
  out << "query";
  for (const auto& run : runs) {
    out << "\tndcg10 " << run.name << "\trecall100 " << run.name << "\tfirst relevant "
        << run.name << "\ttop3 " << run.name;
  }
  out << "\trelevant\ttext\n";
  static const std::vector<std::string> kNothing;
  for (const auto& query : queries) {
    auto judged = qrels.find(query.id);
    if (judged == qrels.end()) continue;
    out << query.id;
    for (const auto& run : runs) {
      auto ranked = run.rankings.find(query.id);
      const auto& list = ranked == run.rankings.end() ? kNothing : ranked->second;
      out << '\t' << Format("%.4f", ch::bench::NdcgAt(judged->second, list, 10)) << '\t'
          << Format("%.4f", ch::bench::RecallAt(judged->second, list, kDepth)) << '\t'
          << FirstRelevantRank(judged->second, list) << '\t';
      for (size_t i = 0; i < list.size() && i < 3; ++i) out << (i ? "," : "") << list[i];
    }
    out << '\t' << judged->second.size() << '\t' << query.text << '\n';
  }
  if (!out) return ch::Status::IOError("cannot write " + path);
  return ch::Status::Ok();
}

int Bench(const Options& opt) {
  const fs::path data(opt.data_dir);
  auto docs = ch::bench::ReadScifactCorpus((data / "corpus.jsonl").string());
  auto query_text = ch::ReadFile((data / "queries.test.tsv").string());
  auto qrels_text = ch::ReadFile((data / "qrels.test.txt").string());
  for (const ch::Status& s : {docs.status(), query_text.status(), qrels_text.status()}) {
    if (!s.ok()) {
      std::cerr << "ch-bench-relevance: " << s.message() << " (--data " << opt.data_dir << ")\n";
      return kExitUsage;
    }
  }
  auto queries = ch::bench::ParseQueries(*query_text);
  auto qrels = ch::bench::ParseQrels(*qrels_text);
  if (!queries.ok() || !qrels.ok()) {
    std::cerr << "ch-bench-relevance: "
              << (queries.ok() ? qrels.status() : queries.status()).message() << '\n';
    return kExitUsage;
  }
  std::error_code ec;
  fs::create_directories(opt.work_dir, ec);
  if (ec) {
    std::cerr << "ch-bench-relevance: cannot create --work " << opt.work_dir << '\n';
    return kExitUsage;
  }
  std::fprintf(stderr, "ch-bench-relevance: %zu documents, %zu queries, %zu judged queries\n",
               docs->size(), queries->size(), qrels->size());

  std::vector<SystemRun> runs;
  auto ours = RunOurs(opt, *docs, *queries);
  if (!ours.ok()) {
    std::cerr << "ch-bench-relevance: ours: " << ours.status().message() << '\n';
    return kExitRunFailed;
  }
  runs.push_back(std::move(ours).value());
  if (opt.plain) {
    auto plain = RunPlain(opt, *docs, *queries);
    if (!plain.ok()) {
      std::cerr << "ch-bench-relevance: " << plain.status().message() << '\n';
      return kExitRunFailed;
    }
    runs.push_back(std::move(plain).value());
  }
  PrintTable(opt, *qrels, queries->size(), runs);
  if (!opt.per_query_path.empty()) {
    ch::Status written = WritePerQuery(opt.per_query_path, *qrels, *queries, runs);
    if (!written.ok()) {
      std::cerr << "ch-bench-relevance: " << written.message() << '\n';
      return kExitRunFailed;
    }
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ch-bench-relevance: nDCG@10 and Recall@100 on SciFact, ours beside plain Xapian"};
  Options opt;
  bool no_plain = false;
  ch::Bm25Parameters& bm25 = opt.service.bm25;
  app.add_option("--data", opt.data_dir,
                 "SciFact folder (corpus.jsonl, queries.test.tsv, qrels.test.txt)")
      ->capture_default_str();
  app.add_option("--work", opt.work_dir, "scratch folder (resource files and databases)")
      ->required();
  app.add_option("--taxonomy", opt.taxonomy_path, "taxonomy file")->capture_default_str();
  app.add_option("--per-query", opt.per_query_path, "write per-query scores to this TSV file");
  app.add_flag("--no-plain", no_plain, "measure only our search");
  app.add_option("--devset", opt.devset_dir,
                 "measure this development set (queries.tsv, qrels.tsv) on --corpus instead");
  std::string devset_language, page_language;
  app.add_option("--language", devset_language,
                 "--devset: search only this language (the language= filter), e.g. es");
  app.add_option("--page-language", page_language,
                 "--devset: the page's language (lang=), preferred when no --language");
  app.add_option("--page-language-weight", opt.service.languages.page_language_weight,
                 "scale of the page language's resources when no --language is given")
      ->capture_default_str();
  app.add_option("--text-language-weight", opt.service.languages.text_language_weight,
                 "scale of the languages other than the one the query's stop words name (0: off)")
      ->capture_default_str();
  bool no_spelling_variants = false;
  app.add_flag("--no-spelling-variants", no_spelling_variants,
               "do not search British and American spellings as either");
  ch::bench::QueryReadingFlags readings;  // --no-american-spellings, --no-hyphenated-names
  readings.AddTo(app);
  bool no_joined_compounds = false;
  app.add_flag("--no-joined-compounds", no_joined_compounds,
               "index and search hyphenated words split only, not also joined (re-entry, reentry)");
  bool no_vocabulary_language = false;
  app.add_flag("--no-vocabulary-language", no_vocabulary_language,
               "do not guess a keyword search's language from its words");
  app.add_option("--corpus", opt.corpus_dir, "corpus of --devset (resources/, taxonomy.yaml)")
      ->capture_default_str();
  app.add_flag("--reuse-index", opt.reuse_index,
               "keep WORK/index when built from the same data and index options");
  app.add_option("--k1", bm25.k1, "BM25 k1 (term-frequency saturation)")->capture_default_str();
  app.add_option("--k2", bm25.k2, "BM25 k2 (query-length normalisation)")->capture_default_str();
  app.add_option("--k3", bm25.k3, "BM25 k3 (query term frequency)")->capture_default_str();
  app.add_option("--b", bm25.b, "BM25 b (document-length normalisation)")->capture_default_str();
  app.add_option("--min-normlen", bm25.min_normlen, "BM25 min_normlen")->capture_default_str();
  app.add_option("--delta", bm25.delta, "BM25+ delta")->capture_default_str();
  ch::RankingOptions& ranking = opt.service.ranking;
  std::string scheme = ch::SchemeName(ranking.scheme);
  app.add_option("--scheme", scheme,
                 "weighting: bm25, bm25+, pl2, pl2+, ineb2, bb2, dlh, dph, inl2, ifb2")
      ->capture_default_str();
  app.add_option("--lay-weight", ranking.lay_weight, "scale of lay-phrase concept terms")
      ->capture_default_str();
  app.add_option("--all-words-bonus", ranking.all_words_bonus,
                 "extra share of weight for matching every query word")
      ->capture_default_str();
  app.add_option("--lay-narrow-weight", ranking.lay_narrow_weight,
                 "scale of glossary lay-phrase concept terms (narrower subjects)")
      ->capture_default_str();
  app.add_option("--lay-loose-share", ranking.lay_loose_share,
                 "share of a lay concept's scale for a loose match (0: exact matches only)")
      ->capture_default_str();
  app.add_option("--proximity-weight", ranking.proximity_weight,
                 "extra share of two neighbouring query words' weight when they stand near each "
                 "other (0: off)")
      ->capture_default_str();
  app.add_option("--proximity-window", ranking.proximity.window,
                 "positions a pair of neighbouring query words may span for the proximity bonus")
      ->capture_default_str();
  app.add_option("--proximity-max-share", ranking.proximity.max_share,
                 "proximity bonus only for pairs with a word in at most this share of documents")
      ->capture_default_str();
  app.add_option("--proximity-max-words", ranking.proximity.max_words,
                 "proximity bonus only for queries of at most this many words (stop words aside)")
      ->capture_default_str();
  app.add_option("--word-pair-weight", ranking.word_pairs.weight,
                 "scale of a word pair's weight in short keyword searches (0: off)")
      ->capture_default_str();
  app.add_option("--word-pair-max-words", ranking.word_pairs.max_words,
                 "word-pair bonus only for searches of at most this many words")
      ->capture_default_str();
  app.add_option("--linked-share", ranking.linked.share,
                 "share of a first result's weight given to the matches it links (related; 0: off)")
      ->capture_default_str();
  app.add_option("--linked-sources", ranking.linked.sources,
                 "first results whose links (related) count for the linked bonus (0: off)")
      ->capture_default_str();
  app.add_option("--audience-resident-weight", ranking.audience.resident_weight,
                 "scale of the bonus for resources for community members in residents' "
                 "questions (0: off)")
      ->capture_default_str();
  app.add_option("--audience-victim-weight", ranking.audience.victim_weight,
                 "scale of the bonus for resources for victim service providers in victims' "
                 "questions (0: off)")
      ->capture_default_str();
  app.add_option("--audience-min-words", ranking.audience.min_words,
                 "audience bonus only for questions of at least this many words")
      ->capture_default_str();
  app.add_flag(
      "--audience-without-lay", [&ranking](int64_t) { ranking.audience.needs_lay_match = false; },
      "audience bonus also for questions in which no lay phrase matched");
  app.add_option("--all-concepts-bonus", ranking.all_concepts_bonus,
                 "extra share of weight for carrying every concept the query names")
      ->capture_default_str();
  app.add_option("--exact-start-weight", ranking.exact_start_weight,
                 "scale of the exact form of a sentence-initial word lowered for stemming")
      ->capture_default_str();
  app.add_option("--start-stem-share", ranking.start_stem_share,
                 "scale of the stem of a sentence-initial word lowered for stemming")
      ->capture_default_str();
  app.add_option("--feedback-terms", ranking.feedback_terms,
                 "pseudo-relevance feedback: terms added to long questions (0: off)")
      ->capture_default_str();
  app.add_option("--feedback-docs", ranking.feedback_docs, "feedback: first results read")
      ->capture_default_str();
  app.add_option("--feedback-min-words", ranking.feedback_min_words,
                 "feedback: only queries with at least this many words")
      ->capture_default_str();
  app.add_option("--feedback-weight", ranking.feedback_weight,
                 "feedback: scale of the best feedback term")
      ->capture_default_str();
  ch::QueryOptions& query = opt.service.query;
  bool keep_stop_words = false, drop_filler_words = false, no_concepts = false;
  std::string stemming = NameOf(kStemmings, query.stemming);
  std::string default_op = NameOf(kOperators, query.default_op);
  app.add_option("--stemming", stemming, "query stemming strategy: some, all-z, all, none")
      ->check(CLI::IsMember(kStemmings))
      ->capture_default_str();
  app.add_flag("--keep-stop-words", keep_stop_words, "search stop words too");
  app.add_flag("--drop-filler-words", drop_filler_words,
               "leave the filler of everyday English speech out (anyone, really, stuff, dont)");
  app.add_flag("--no-concepts", no_concepts, "no concept (synonym) expansion");
  app.add_option("--word-concept-scale", query.word_concept_scale,
                 "scale of the concepts a single word names beside the word (0: one SYNONYM)")
      ->capture_default_str();
  app.add_option("--compound-parts-scale", query.compound_parts_scale,
                 "scale of a hyphenated word's parts (one SYNONYM) beside its phrase and joined "
                 "form (0: off)")
      ->capture_default_str();
  app.add_option("--short-query-words", query.short_query_words,
                 "searches of up to this many words split type and audience words too")
      ->capture_default_str();
  app.add_option("--default-op", default_op, "how query words combine: or, and, elite-set")
      ->check(CLI::IsMember(kOperators))
      ->capture_default_str();
  ch::schema::FieldWeights& weights = opt.index.field_weights;
  app.add_option("--title-weight", weights.title, "wdf per title word")->capture_default_str();
  app.add_option("--summary-weight", weights.summary, "wdf per summary word")
      ->capture_default_str();
  app.add_option("--body-weight", weights.body, "wdf per body word")->capture_default_str();
  app.add_option("--keywords-weight", weights.keywords, "wdf per keyword word and tag concept")
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  opt.plain = !no_plain;
  if (no_vocabulary_language) opt.service.languages.vocabulary_language = false;
  if (!ch::ParseScheme(scheme, &ranking.scheme)) {
    std::cerr << "ch-bench-relevance: unknown --scheme " << scheme << '\n';
    return kExitUsage;
  }
  query.stemming = kStemmings.at(stemming);
  query.default_op = kOperators.at(default_op);
  if (keep_stop_words) query.drop_stop_words = false;
  if (drop_filler_words) query.drop_filler_words = true;
  if (no_concepts) query.concepts = false;
  if (no_spelling_variants) query.spelling_variants = false;
  readings.ApplyTo(query);
  if (no_joined_compounds) {
    query.joined_compounds = false;
    opt.index.joined_compounds = false;
  }
  if (!opt.devset_dir.empty()) {
    ch::bench::DevsetOptions devset{opt.corpus_dir,     opt.devset_dir, opt.work_dir,
                                    opt.per_query_path, Describe(opt),  devset_language,
                                    page_language,      opt.service,    opt.index};
    if (!devset_language.empty()) devset.description += "; language=" + devset_language;
    if (!page_language.empty()) devset.description += "; lang=" + page_language;
    return ch::bench::RunDevset(devset);
  }
  return Bench(opt);
}
