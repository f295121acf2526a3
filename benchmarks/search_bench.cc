// ch-bench-search: times a fixed query mix through raw Xapian, through our SearchService, and
// through the peer systems SQLite FTS5 and Omega's quest, on the same documents, the same queries
// and the same cores.
//
//   ch-bench-search --db DIR --queries FILE [--taxonomy PATH] [--threads 1,2] [--rounds R]
//                   [--variants raw,raw-snippets,ours,ours-spy,ours-nocache,ours-cached]
//                   [--tsv FILE]
//                   [--fts5-db FILE] [--omega-db DIR] [--quest PROGRAM] [--matches]
//                   [--per-query] [--responses FILE] [--warmup FILE]
//
// The query file has one query per line, `KIND<TAB>PARAMS`, where PARAMS is the query string the
// HTTP API takes (`q=gun+violence&focus_area=gun-violence&facets=type,topic`); '#' starts a
// comment. The same file drives wrk against the server (benchmarks/wrk/search-mix.lua), so the
// in-process and HTTP figures are for exactly the same requests.
//
// Variants:
//   ours  ch::SearchService::Search on the SearchRequest that ParseSearchParams makes of PARAMS:
//         validation, query parsing with stop words and synonyms, spelling check, BM25, exact
//         disjunctive facet counts, decoding the stored resource and a snippet per hit. Without
//         the response cache (result_cache.h): every request is matched, as a distinct one is.
//   ours-spy  ours with the facet counts of before issue 15: Xapian's ValueCountMatchSpy during
//         the ranked match (FacetCounting::kSpy), the path remote shards still take.
//   ours-nocache  ours with the facet column but no tally cache (every request counts its match
//         set in a boolean pass; the browse page still uses its precomputed counts).
//   ours-cached  ours with the server's default response cache: a repeated request is answered
//         from memory, so on the fixed mix this times cache hits after the first pass.
//   raw   what a plain Xapian application does for the same request: a QueryParser (English
//         stemmer, STEM_SOME, default OR, the title:/source: prefixes), the same boolean filter
//         terms, Enquire with BM25Weight, a ValueCountMatchSpy per requested facet (so every
//         match is examined, as for ours), get_mset for the requested page and get_data() of
//         every hit. No snippets, no spelling, no synonyms, no second pass for disjunctive facets:
//         the floor under any search service on this index.
//   raw-snippets  raw, plus a highlighted snippet per hit the plain way: the body text taken
//         from the stored record and MSet::snippet(body, 240, stemmer) over all of it, with the
//         cheapest flags (no background model, not exhaustive). This is the same work as ours
//         for a results page.
//   fts5  SQLite FTS5 on the database of `ch-bench-index --variants fts5` (--fts5-db): the
//         request as SQL (peer_queries.h: q words OR'ed, phrases, prefixes and title: kept,
//         Xapian's boolean operators and +/- taken as plain words; filters as WHERE, ORDER BY
//         bm25(), snippet() per hit, conjunctive facet counts and a total only when facets are
//         asked for; no stop words, synonyms or spelling), one read-only connection per thread.
//   quest Omega's `quest` run once per query on omindex's database (--omega-db), the whole call
//         timed; q only (filters, sorting, facets and browsing are dropped: an omindex database
//         has nothing to apply them to; deep pages fetch page * per_page hits); CPU per query is
//         the quest process's own (peer_searchers.h).
//   quest-floor  `quest` with an empty query on the same database for every query of the mix:
//         the process start-up and database opening that every quest figure includes.
//
// Each variant and thread count runs the whole mix once untimed (warm caches; with --warmup FILE,
// that file instead, so that a mix of searches not seen before stays unseen), then every thread
// runs it R times, starting at a different query, each with its own Xapian objects. Later passes
// find the first's facet counts and phrase sets cached: for searches never seen before, as
// run-distinct sends them, use --rounds 1, --warmup and --server-warmers. Latency is
// per query; queries/s is all queries over the wall time of the timed part. CPU time per query
// (the thread's own, plus the child process's for quest) is reported too: on a machine shared
// with other work it compares the variants more fairly than wall time.
//
// With --matches, a last table gives the exact number of documents raw Xapian, fts5 and quest
// match for each query (filters included), to show where the translations make a peer's work
// smaller or larger than ours (Runner::CountMatches; not timed).
//
// With --responses FILE, every query's JSON response from ours (took_ms zeroed) is written to FILE
// before the timing, one line per query: `diff` two builds' files to show that a change meant to
// save time changed no result, count, snippet or score.
//
// Prints Markdown tables on stdout (overall, and per kind at the first thread count; with
// --per-query also each query's median CPU ms per variant, to see which queries a change helps);
// with --tsv, also `variant threads queries seconds qps p50_ms p95_ms p99_ms cpu_ms` lines for
// scripts. Exit status: 0 success, 1 a query failed, 2 bad arguments or inputs.
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>
#include <xapian.h>

#include "benchmarks/peer_searchers.h"
#include "benchmarks/query_reading_flags.h"
#include "benchmarks/search_runner.h"
#include "indexer/schema.h"
#include "indexer/taxonomy.h"
#include "server/http/query_string.h"
#include "server/http/request_params.h"
#include "server/http/response_json.h"
#include "server/services/facet_column.h"
#include "server/services/index_reader.h"
#include "server/services/query_builder.h"
#include "server/services/search_service.h"

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kExitOk = 0;
constexpr int kExitQueryFailed = 1;
constexpr int kExitUsage = 2;

using ch::bench::BenchQuery;
using ch::bench::LoadQueries;
using ch::bench::Runner;

struct RunResult {
  std::string variant;
  int threads = 0;
  double seconds = 0;
  std::vector<double> latencies_ms;  // every timed query, wall time
  std::vector<double> cpu_ms;        // the same queries, the thread's CPU time
  std::map<std::string, std::vector<double>> by_kind_cpu_ms;
  std::map<size_t, std::vector<double>> by_query_cpu_ms;  // query index -> its CPU times
};

// CPU time of the calling thread: unlike wall time, it does not count the time the thread waited
// for a core, so it compares variants fairly on a machine shared with other work.
double ThreadCpuMs() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

struct Sample {
  size_t query;
  double wall_ms;
  double cpu_ms;
};

class OursRunner : public Runner {
 public:
  explicit OursRunner(ch::SearchService& service) : service_(service) {}
  bool Run(const BenchQuery& q, std::string* error) override {
    ch::Result<ch::SearchResponse> r = service_.Search(q.request);
    if (!r.ok()) *error = r.status().ToString();
    return r.ok();
  }

 private:
  ch::SearchService& service_;
};

// --responses: every query's JSON response from `service`, one line each, with took_ms zeroed, so
// that two builds' outputs can be compared with diff (a change meant to be faster only must not
// change a byte).
bool WriteResponses(ch::SearchService& service, const std::vector<BenchQuery>& queries,
                    const std::string& path) {
  std::ofstream out(path);
  for (const auto& q : queries) {
    ch::Result<ch::SearchResponse> r = service.Search(q.request);
    if (!r.ok()) {
      std::cerr << q.params << ": " << r.status().ToString() << "\n";
      return false;
    }
    r->took_ms = 0;
    out << q.params << '\t' << ch::EncodeSearchResponse(*r) << '\n';
  }
  return static_cast<bool>(out);
}

class RawRunner : public Runner {
 public:
  RawRunner(const std::string& db_dir, bool snippets)
      : db_(db_dir + "/XAPIANDB"), snippets_(snippets) {
    qp_.set_stemmer(stemmer_);
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp_.set_default_op(Xapian::Query::OP_OR);
    qp_.set_database(db_);
    qp_.add_prefix("title", ch::schema::kTitleTextPrefix);
    qp_.add_prefix("source", ch::schema::kSourceTextPrefix);
  }

  bool Run(const BenchQuery& q, std::string* error) override {
    try {
      const ch::SearchRequest& r = q.request;
      Xapian::Query query;
      if (!BuildQuery(r, &query, error)) return false;
      Xapian::Enquire enquire(db_);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      // As ours: an empty query is browsed newest first.
      ch::SortOrder sort =
          r.sort == ch::SortOrder::kRelevance && r.q.empty() ? ch::SortOrder::kNewest : r.sort;
      if (sort == ch::SortOrder::kNewest || sort == ch::SortOrder::kOldest) {
        enquire.set_sort_by_value_then_relevance(ch::schema::kSlotPublished,
                                                 sort == ch::SortOrder::kNewest);
      } else if (sort == ch::SortOrder::kTitle) {
        enquire.set_sort_by_value_then_relevance(ch::schema::kSlotTitleSort, false);
      }
      const std::vector<std::string> facets =
          r.facets ? *r.facets : ch::SearchService::DefaultFacets();
      std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
      for (const auto& name : facets) {
        spies.push_back(
            std::make_unique<Xapian::ValueCountMatchSpy>(ch::schema::FindFacet(name)->slot));
        enquire.add_matchspy(spies.back().get());
      }
      Xapian::MSet mset = enquire.get_mset((r.page - 1) * r.per_page, r.per_page,
                                           facets.empty() ? 0 : db_.get_doccount());
      size_t bytes = 0;
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string data = it.get_document().get_data();
        bytes += data.size();
        if (snippets_) bytes += mset.snippet(BodyText(data), 240, stemmer_, 0).size();
      }
      for (const auto& spy : spies) bytes += spy->values_begin() != spy->values_end();
      sink_ += bytes;
      return true;
    } catch (const Xapian::Error& e) {
      *error = e.get_description();
      return false;
    }
  }

  bool CountMatches(const BenchQuery& q, uint64_t* matches, std::string* error) override {
    try {
      Xapian::Query query;
      if (!BuildQuery(q.request, &query, error)) return false;
      Xapian::Enquire enquire(db_);
      enquire.set_query(query);
      *matches = enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
      return true;
    } catch (const Xapian::Error& e) {
      *error = e.get_description();
      return false;
    }
  }

 private:
  // The query with the filters of `r`; false (and why) for a bad filter.
  bool BuildQuery(const ch::SearchRequest& r, Xapian::Query* query, std::string* error) {
    *query = r.q.empty() ? ch::MatchAllQuery()
                         : qp_.parse_query(r.q, Xapian::QueryParser::FLAG_DEFAULT |
                                                    Xapian::QueryParser::FLAG_WILDCARD |
                                                    Xapian::QueryParser::FLAG_PURE_NOT);
    std::string bad_param;
    ch::Result<Xapian::Query> filter = ch::BuildFilterQuery(r, "", &bad_param);
    if (!filter.ok()) {
      *error = filter.status().ToString();
      return false;
    }
    if (!filter->empty()) *query = Xapian::Query(Xapian::Query::OP_FILTER, *query, *filter);
    return true;
  }

  // The plain text of the body from the stored record, as any application storing JSON would.
  static std::string BodyText(const std::string& data) {
    rapidjson::Document doc;
    doc.Parse(data.data(), data.size());
    if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("body_text")) return {};
    return doc["body_text"].GetString();
  }

  Xapian::Database db_;
  bool snippets_;
  Xapian::Stem stemmer_{"english"};
  Xapian::QueryParser qp_;
  size_t sink_ = 0;  // keeps the compiler from dropping the data reads
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);
  return v[std::min(v.size(), std::max<size_t>(rank, 1)) - 1];
}

// Runs the mix `rounds` times on each of `threads` threads; `make_runner` is called once per
// thread, on that thread; `settle` between the untimed pass and the timed ones.
template <typename MakeRunner>
bool RunVariant(const std::string& variant, int threads, int rounds,
                const std::vector<BenchQuery>& queries, const std::vector<BenchQuery>& warmup,
                MakeRunner make_runner, const std::function<void()>& settle, RunResult* out) {
  out->variant = variant;
  out->threads = threads;
  std::vector<std::vector<Sample>> per_thread(threads);
  std::vector<std::string> errors(threads);
  auto worker = [&](int t, bool timed) {
    std::unique_ptr<Runner> runner = make_runner();
    const std::vector<BenchQuery>& list = timed ? queries : warmup;
    const size_t n = list.size();
    const size_t start = n * static_cast<size_t>(t) / static_cast<size_t>(threads);
    const int passes = timed ? rounds : 1;
    for (int pass = 0; pass < passes; ++pass) {
      for (size_t i = 0; i < n; ++i) {
        size_t index = (start + i) % n;
        auto begin = Clock::now();
        double cpu_begin = ThreadCpuMs();
        if (!runner->Run(list[index], &errors[t])) {
          errors[t] = list[index].params + ": " + errors[t];
          return;
        }
        if (timed) {
          double wall = std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
          per_thread[t].push_back({index, wall, ThreadCpuMs() - cpu_begin + runner->ChildCpuMs()});
        }
      }
    }
  };
  for (bool timed : {false, true}) {
    if (timed) settle();
    auto begin = Clock::now();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker, t, timed);
    for (auto& th : pool) th.join();
    out->seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    for (const auto& e : errors) {
      if (!e.empty()) {
        std::cerr << variant << ": query failed: " << e << "\n";
        return false;
      }
    }
  }
  for (const auto& samples : per_thread) {
    for (const Sample& sample : samples) {
      out->latencies_ms.push_back(sample.wall_ms);
      out->cpu_ms.push_back(sample.cpu_ms);
      out->by_kind_cpu_ms[queries[sample.query].kind].push_back(sample.cpu_ms);
      out->by_query_cpu_ms[sample.query].push_back(sample.cpu_ms);
    }
  }
  return true;
}

// Waits until `service`'s tier warmer has warmed a generation and gone idle (nothing queued and
// no tier built for a second), for at most `limit`.
void AwaitTierWarmer(const ch::SearchService& service, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  uint64_t built = ~uint64_t{0};
  while (Clock::now() < deadline) {
    const ch::ImpactTierWarmerStats stats = service.tier_warmer_stats();
    if (stats.generations > 0 && stats.queued == 0 && stats.built == built) {
      std::cerr << "ch-bench-search: " << stats.built << " impact tiers built in the background\n";
      return;
    }
    built = stats.built;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  std::cerr << "ch-bench-search: the tier warmer was still busy after " << limit.count()
            << " s; timing anyway\n";
}

std::vector<int> ParseThreadList(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    try {
      int n = std::stoi(item);
      if (n < 1 || n > 256) return {};
      out.push_back(n);
    } catch (const std::exception&) {
      return {};
    }
  }
  return out;
}

std::string Fixed(double v, int digits = 2) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
  return buffer;
}

// The --per-query table: each query's median CPU ms per variant, at `threads` threads.
void PrintPerQuery(const std::vector<BenchQuery>& queries, const std::vector<std::string>& variants,
                   const std::vector<RunResult>& results, int threads) {
  std::cout << "\nMedian CPU ms per query (" << threads << " thread(s))\n\n| kind | PARAMS |";
  for (const auto& v : variants) std::cout << ' ' << v << " |";
  std::cout << "\n|---|---|";
  for (size_t i = 0; i < variants.size(); ++i) std::cout << "---:|";
  std::cout << "\n";
  for (size_t q = 0; q < queries.size(); ++q) {
    std::cout << "| " << queries[q].kind << " | `" << queries[q].params << "` |";
    for (const auto& v : variants) {
      for (const auto& r : results) {
        if (r.variant != v || r.threads != threads) continue;
        auto it = r.by_query_cpu_ms.find(q);
        std::cout << ' '
                  << (it == r.by_query_cpu_ms.end() ? "-" : Fixed(Percentile(it->second, 50), 3))
                  << " |";
      }
    }
    std::cout << "\n";
  }
}

// The --matches table: how many documents each system finds for each query of the mix.
bool PrintMatches(const std::vector<BenchQuery>& queries,
                  const std::vector<std::pair<std::string, std::unique_ptr<Runner>>>& counters) {
  std::cout << "\nMatches per query (exact counts; raw is Xapian's QueryParser on our index)\n\n"
               "| kind | PARAMS |";
  for (const auto& [name, runner] : counters) std::cout << ' ' << name << " |";
  std::cout << "\n|---|---|";
  for (size_t i = 0; i < counters.size(); ++i) std::cout << "---:|";
  std::cout << "\n";
  for (const auto& q : queries) {
    std::cout << "| " << q.kind << " | `" << q.params << "` |";
    for (const auto& [name, runner] : counters) {
      uint64_t matches = 0;
      std::string error;
      if (!runner->CountMatches(q, &matches, &error)) {
        std::cerr << name << ": counting failed for " << q.params << ": " << error << "\n";
        return false;
      }
      std::cout << ' ' << matches << " |";
    }
    std::cout << "\n";
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"time a query mix through raw Xapian, our search service, SQLite FTS5 and quest"};
  std::string db_dir, queries_path, taxonomy_path = "corpus/taxonomy.yaml", threads_text = "1,2";
  std::string variants_text = "raw,raw-snippets,ours", tsv_path, fts5_db, omega_db;
  std::string quest_program = "quest", warmup_path;
  int rounds = 3;
  app.add_option("--db", db_dir, "index folder (holding XAPIANDB)")->required();
  app.add_option("--queries", queries_path, "query mix: KIND<TAB>PARAMS per line")->required();
  app.add_option("--taxonomy", taxonomy_path, "taxonomy file");
  app.add_option("--threads", threads_text, "comma-separated thread counts");
  app.add_option("--rounds", rounds, "timed passes over the mix per thread")
      ->check(CLI::Range(1, 1000));
  app.add_option("--variants", variants_text,
                 "comma-separated: raw, raw-snippets, ours, ours-spy, ours-nocache, ours-cached, "
                 "fts5, quest, quest-floor");
  app.add_option("--fts5-db", fts5_db, "fts5: the SQLite file ch-bench-index's fts5 variant wrote");
  app.add_option("--omega-db", omega_db, "quest, quest-floor: the database omindex wrote");
  app.add_option("--quest", quest_program, "quest, quest-floor: the quest program to run");
  app.add_option("--tsv", tsv_path, "also write machine-readable results here");
  app.add_option("--warmup", warmup_path,
                 "the untimed pass runs this query file instead of the mix (a mix of searches not "
                 "seen before: benchmarks/make-distinct-mix)");
  bool previous_ranking = false;
  app.add_flag("--previous-ranking", previous_ranking,
               "ours: the query additions of issue 12's first round only (no loose or narrower "
               "lay matches, the first word by its stem only), to compare costs in one run");
  bool before_round3 = false;
  bool before_plain5 = false;
  size_t tier_cache_mb = 0;
  Xapian::doccount tier_size = 0;
  size_t max_contenders = 0;
  app.add_option("--impact-tier-cache-mb", tier_cache_mb,
                 "ours, ours-nocache: rank faceted searches from impact tiers (impact_tiers.h) "
                 "kept in this many megabytes (default 0: Xapian's whole match, as the server)");
  app.add_option("--tier-size", tier_size, "with --impact-tier-cache-mb: documents per tier")
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--max-contenders", max_contenders,
                 "with --impact-tier-cache-mb: contenders past which a page is left to Xapian "
                 "(default: ImpactTierOptions')")
      ->check(CLI::Range(1, 1000000));
  bool server_warmers = false;
  app.add_flag("--server-warmers", server_warmers,
               "with --impact-tier-cache-mb, ours: load the facet column and build the frequent "
               "words' tiers in the background as the server does, and wait for them before "
               "timing (without it the untimed pass loads the column and a search builds the "
               "tiers it needs, so a mix never seen before times tier building)");
  app.add_flag("--before-spelling-variants", before_plain5,
               "ours: no British/American spelling variants and no keyword-language guess (as "
               "before issue 12's plain5 round)");
  ch::bench::QueryReadingFlags readings;  // --no-american-spellings, --no-hyphenated-names
  readings.AddTo(app);
  app.add_flag("--before-word-concepts", before_round3,
               "ours: a word naming a concept merged with it in one SYNONYM, as before issue 12's "
               "third round (word_concept_scale 0, short_query_words 0), to compare costs");
  double compound_parts_scale = ch::QueryOptions().compound_parts_scale;
  app.add_option("--compound-parts-scale", compound_parts_scale,
                 "ours: the scale of a hyphenated word's parts (QueryOptions::compound_parts_scale; "
                 "0: as before issue 12's SciFact eighth round)")
      ->capture_default_str();
  ch::ProximityOptions proximity;
  double proximity_weight = ch::RankingOptions().proximity_weight;
  app.add_option("--proximity-weight", proximity_weight,
                 "ours: the proximity bonus's scale (RankingOptions::proximity_weight; issue 12's "
                 "fifth round measured its cost)")
      ->capture_default_str();
  app.add_option("--proximity-max-forms", proximity.max_forms,
                 "ours: forms searched per word for the proximity bonus")
      ->capture_default_str();
  app.add_option("--proximity-window", proximity.window, "ours: the proximity bonus's window")
      ->capture_default_str();
  app.add_option("--proximity-max-words", proximity.max_words,
                 "ours: the proximity bonus only for searches of at most this many words")
      ->capture_default_str();
  double audience_weight = ch::RankingOptions().audience.victim_weight;
  app.add_option("--audience-weight", audience_weight,
                 "ours: the audience bonus's scale for residents' and victims' questions "
                 "(RankingOptions::audience; 0: off)")
      ->capture_default_str();
  double word_pair_weight = ch::RankingOptions().word_pairs.weight;
  app.add_option("--word-pair-weight", word_pair_weight,
                 "ours: the word-pair bonus's scale (RankingOptions::word_pairs; 0: off)")
      ->capture_default_str();
  double linked_share = ch::RankingOptions().linked.share;
  app.add_option("--linked-share", linked_share,
                 "ours: the share of a first result's weight its linked matches get "
                 "(RankingOptions::linked; 0: off)")
      ->capture_default_str();
  app.add_option("--proximity-max-share", proximity.max_share,
                 "ours: the proximity bonus pairs a word only with one in at most this share of "
                 "the documents")
      ->capture_default_str();
  std::string responses_path;
  app.add_option("--responses", responses_path,
                 "write every query's JSON response from ours (took_ms zeroed) to this file first, "
                 "to compare two builds' results with diff");
  bool per_query = false;
  app.add_flag("--per-query", per_query,
               "also print the median CPU ms of each query of the mix, per variant (at the first "
               "thread count)");
  bool count_matches = false;
  app.add_flag("--matches", count_matches,
               "also print how many documents raw, fts5 and quest match for each query");
  std::vector<std::string> shard_texts;
  app.add_option("--shard", shard_texts,
                 "ours: search these remote shards (host:port, in order) as the server's "
                 "--shard does; raw: give --db a folder whose XAPIANDB stub names them");
  CLI11_PARSE(app, argc, argv);
  if (server_warmers && tier_cache_mb == 0) {
    std::cerr << "--server-warmers: needs --impact-tier-cache-mb (the tiers it would build)\n";
    return kExitUsage;
  }

  std::vector<int> thread_counts = ParseThreadList(threads_text);
  if (thread_counts.empty()) {
    std::cerr << "--threads: expected comma-separated numbers from 1 to 256\n";
    return kExitUsage;
  }
  std::vector<std::string> variants;
  {
    std::stringstream in(variants_text);
    std::string v;
    while (std::getline(in, v, ',')) {
      if (v != "raw" && v != "raw-snippets" && v != "ours" && v != "ours-spy" &&
          v != "ours-nocache" && v != "ours-cached" && v != "fts5" && v != "quest" &&
          v != "quest-floor") {
        std::cerr << "--variants: unknown variant '" << v
                  << "'; variants are raw, raw-snippets, ours, ours-spy, ours-nocache, "
                     "ours-cached, fts5, "
                     "quest, quest-floor\n";
        return kExitUsage;
      }
      if (v == "fts5" && fts5_db.empty()) {
        std::cerr << "--variants fts5 needs --fts5-db\n";
        return kExitUsage;
      }
      if ((v == "quest" || v == "quest-floor") && omega_db.empty()) {
        std::cerr << "--variants " << v << " needs --omega-db\n";
        return kExitUsage;
      }
      variants.push_back(v);
    }
  }
  std::vector<BenchQuery> queries;
  if (!LoadQueries(queries_path, &queries)) return kExitUsage;
  std::vector<BenchQuery> warmup = queries;
  if (!warmup_path.empty() && !LoadQueries(warmup_path, &warmup)) return kExitUsage;
  ch::Result<ch::Taxonomy> taxonomy = ch::Taxonomy::Load(taxonomy_path);
  if (!taxonomy.ok()) {
    std::cerr << taxonomy.status().ToString() << "\n";
    return kExitUsage;
  }
  ch::IndexReaderOptions reader_options;
  reader_options.db_dir = db_dir;
  reader_options.poll_interval = std::chrono::milliseconds(1000);
  for (const auto& text : shard_texts) {
    ch::Result<ch::ShardAddress> address = ch::ParseShardAddress(text);
    if (!address.ok()) {
      std::cerr << "--shard: " << address.status().message() << "\n";
      return kExitUsage;
    }
    reader_options.remote.shards.push_back(*address);
  }
  // The remote shards' local spelling and synonym database (remote_shards.h), removed at exit.
  const std::filesystem::path aux_dir =
      std::filesystem::temp_directory_path() / ("ch-bench-aux-" + std::to_string(getpid()));
  struct RemoveAtExit {
    std::filesystem::path path;
    ~RemoveAtExit() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } remove_aux{aux_dir};
  if (!shard_texts.empty()) {
    reader_options.remote.aux_dir = aux_dir.string();
    reader_options.remote.taxonomy = &*taxonomy;
  }
  ch::IndexReader reader(reader_options);
  ch::SearchServiceOptions service_options;
  if (previous_ranking) {
    service_options.ranking.lay_loose_share = 0;
    service_options.ranking.lay_narrow_weight = 0;
    service_options.ranking.exact_start_weight = 0;
    service_options.ranking.start_stem_share = 1;
  }
  if (tier_cache_mb > 0) service_options.facet_store.impact_tier_bytes = tier_cache_mb << 20;
  if (tier_size > 0) service_options.impact_tiers.tier_size = tier_size;
  if (max_contenders > 0) service_options.impact_tiers.max_contenders = max_contenders;
  readings.ApplyTo(service_options.query);
  if (before_plain5) {
    service_options.query.spelling_variants = false;
    service_options.languages.vocabulary_language = false;
  }
  if (before_round3) {
    service_options.query.word_concept_scale = 0;
    service_options.query.short_query_words = 0;
  }
  service_options.query.compound_parts_scale = compound_parts_scale;
  service_options.ranking.proximity_weight = proximity_weight;
  service_options.ranking.proximity.max_forms = proximity.max_forms;
  service_options.ranking.proximity.window = proximity.window;
  service_options.ranking.proximity.max_share = proximity.max_share;
  service_options.ranking.proximity.max_words = proximity.max_words;
  service_options.ranking.word_pairs.weight = word_pair_weight;
  service_options.ranking.linked.share = linked_share;
  service_options.ranking.audience.resident_weight = audience_weight;
  service_options.ranking.audience.victim_weight = audience_weight;
  // `ours` matches every request: the response cache would answer a repeated mix from memory.
  service_options.result_cache.bytes = 0;
  // Unless --server-warmers, the untimed pass loads the facet column, as before the warmer: four
  // services loading it in the background at once would be timed as the first variant's CPU.
  service_options.warm_facet_columns = server_warmers;
  ch::SearchService service(reader, *taxonomy, service_options);
  ch::SearchServiceOptions cached_options = service_options;
  cached_options.result_cache = ch::ResultCacheOptions{};
  cached_options.warm_facet_columns = false;
  ch::SearchService cached_service(reader, *taxonomy, cached_options);
  ch::SearchServiceOptions spy_options;
  spy_options.facet_counting = ch::FacetCounting::kSpy;
  spy_options.result_cache.bytes = 0;
  ch::SearchService spy_service(reader, *taxonomy, spy_options);
  ch::SearchServiceOptions nocache_options;
  nocache_options.facet_store.cache_bytes = 0;
  nocache_options.result_cache.bytes = 0;
  nocache_options.warm_facet_columns = false;
  nocache_options.impact_tiers = service_options.impact_tiers;
  nocache_options.facet_store.impact_tier_bytes = service_options.facet_store.impact_tier_bytes;
  ch::SearchService nocache_service(reader, *taxonomy, nocache_options);
  uint64_t documents = 0;
  try {
    Xapian::Database db(db_dir + "/XAPIANDB");
    documents = db.get_doccount();
    // What a server pays once per index generation for the column path (issue 15).
    if (db.size() == 1) {
      const auto start = std::chrono::steady_clock::now();
      std::shared_ptr<const ch::FacetColumn> column = ch::FacetColumn::Load(db);
      std::cerr << "ch-bench-search: facet column of " << documents << " documents loaded in "
                << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                             start)
                       .count()
                << " ms, " << column->memory_bytes() / 1024 << " KiB\n";
    }
  } catch (const Xapian::Error& e) {
    std::cerr << db_dir << ": " << e.get_description() << "\n";
    return kExitUsage;
  }

  if (!responses_path.empty() && !WriteResponses(service, queries, responses_path)) {
    return kExitQueryFailed;
  }
  std::vector<RunResult> results;
  for (int threads : thread_counts) {
    for (const auto& variant : variants) {
      std::cerr << "ch-bench-search: " << variant << " with " << threads << " thread(s)\n";
      RunResult result;
      const bool snippets = variant == "raw-snippets";
      auto make_runner = [&]() -> std::unique_ptr<Runner> {
        if (variant == "ours") return std::make_unique<OursRunner>(service);
        if (variant == "ours-spy") return std::make_unique<OursRunner>(spy_service);
        if (variant == "ours-nocache") return std::make_unique<OursRunner>(nocache_service);
        if (variant == "ours-cached") return std::make_unique<OursRunner>(cached_service);
        if (variant == "fts5") return ch::bench::MakeFts5Runner(fts5_db);
        if (variant == "quest" || variant == "quest-floor") {
          return ch::bench::MakeQuestRunner(quest_program, omega_db, variant == "quest-floor");
        }
        return std::make_unique<RawRunner>(db_dir, snippets);
      };
      auto settle = [&] {
        if (server_warmers && variant == "ours") AwaitTierWarmer(service, std::chrono::minutes(15));
      };
      bool ok = RunVariant(variant, threads, rounds, queries, warmup, make_runner, settle, &result);
      if (!ok) return kExitQueryFailed;
      results.push_back(std::move(result));
    }
  }

  auto find = [&](const std::string& variant, int threads) -> const RunResult* {
    for (const auto& r : results) {
      if (r.variant == variant && r.threads == threads) return &r;
    }
    return nullptr;
  };
  auto mean = [](const std::vector<double>& v) {
    double sum = 0;
    for (double x : v) sum += x;
    return v.empty() ? 0 : sum / static_cast<double>(v.size());
  };
  const std::vector<std::string> baselines = {"raw", "raw-snippets"};
  std::cout << "Search (in-process; quest runs a process per query): " << queries.size()
            << " queries x " << rounds << " rounds per thread, " << documents << " documents\n\n"
            << "| variant | threads | queries | qps | p50 ms | p95 ms | p99 ms | p99 / p50 | "
               "CPU ms per query |";
  for (const auto& b : baselines) std::cout << " qps / " << b << " | CPU / " << b << " |";
  std::cout << "\n|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  for (size_t i = 0; i < baselines.size(); ++i) std::cout << "---:|---:|";
  std::cout << "\n";
  std::ofstream tsv;
  if (!tsv_path.empty()) tsv.open(tsv_path);
  for (const auto& r : results) {
    double qps = static_cast<double>(r.latencies_ms.size()) / r.seconds;
    double p50 = Percentile(r.latencies_ms, 50), p95 = Percentile(r.latencies_ms, 95),
           p99 = Percentile(r.latencies_ms, 99), cpu = mean(r.cpu_ms);
    std::cout << "| " << r.variant << " | " << r.threads << " | " << r.latencies_ms.size() << " | "
              << Fixed(qps, 1) << " | " << Fixed(p50, 3) << " | " << Fixed(p95, 3) << " | "
              << Fixed(p99, 3) << " | " << Fixed(p99 / p50) << "x | " << Fixed(cpu, 3) << " |";
    for (const auto& b : baselines) {
      const RunResult* base = find(b, r.threads);
      if (!base) {
        std::cout << " - | - |";
        continue;
      }
      double base_qps = static_cast<double>(base->latencies_ms.size()) / base->seconds;
      std::cout << ' ' << Fixed(qps / base_qps) << "x | " << Fixed(cpu / mean(base->cpu_ms))
                << "x |";
    }
    std::cout << "\n";
    if (tsv) {
      tsv << r.variant << '\t' << r.threads << '\t' << r.latencies_ms.size() << '\t'
          << Fixed(r.seconds, 3) << '\t' << Fixed(qps, 2) << '\t' << Fixed(p50, 4) << '\t'
          << Fixed(p95, 4) << '\t' << Fixed(p99, 4) << '\t' << Fixed(cpu, 4) << '\n';
    }
  }
  // Where the time goes: CPU time per kind of query, at the first thread count.
  const int first_threads = thread_counts.front();
  std::cout << "\nMedian CPU ms per query by kind (" << first_threads << " thread(s))\n\n| kind |";
  for (const auto& v : variants) std::cout << ' ' << v << " |";
  std::cout << "\n|---|";
  for (size_t i = 0; i < variants.size(); ++i) std::cout << "---:|";
  std::cout << "\n";
  std::map<std::string, std::map<std::string, double>> kind_cpu;  // kind -> variant -> ms
  for (const auto& r : results) {
    if (r.threads != first_threads) continue;
    for (const auto& [kind, samples] : r.by_kind_cpu_ms) {
      kind_cpu[kind][r.variant] = Percentile(samples, 50);
    }
  }
  for (const auto& [kind, by_variant] : kind_cpu) {
    std::cout << "| " << kind << " |";
    for (const auto& v : variants) std::cout << ' ' << Fixed(by_variant.at(v), 3) << " |";
    std::cout << "\n";
  }
  if (per_query) PrintPerQuery(queries, variants, results, first_threads);
  if (!count_matches) return kExitOk;
  std::vector<std::pair<std::string, std::unique_ptr<Runner>>> counters;
  auto selected = [&](const char* v) {
    return std::find(variants.begin(), variants.end(), v) != variants.end();
  };
  if (selected("raw") || selected("raw-snippets")) {
    counters.emplace_back("raw", std::make_unique<RawRunner>(db_dir, false));
  }
  if (selected("fts5")) counters.emplace_back("fts5", ch::bench::MakeFts5Runner(fts5_db));
  if (selected("quest")) {
    counters.emplace_back("quest", ch::bench::MakeQuestRunner(quest_program, omega_db, false));
  }
  return counters.empty() || PrintMatches(queries, counters) ? kExitOk : kExitQueryFailed;
}
