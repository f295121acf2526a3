// devset_run.h: the relevance development set of the sample corpus (benchmarks/relevance/), run
// through our indexer and search service, with nDCG@10 per kind of user.
//
//   DevsetOptions opt;                        // corpus/, benchmarks/relevance/, a work folder
//   opt.work_dir = "build/bench/devset";
//   int status = RunDevset(opt);              // prints a Markdown table on stdout
//
// The corpus folder (resources/ and taxonomy.yaml) is indexed by ch::BuildIndex into
// WORK/index, rebuilt on every run (it is 128 documents: well under a second). Every query of
// DEVSET/queries.tsv ("id, user, query") is sent as the `q` of a SearchRequest (relevance order,
// per_page 100, no facets, `language` and `page_language` when set), as
// GET /api/v1/search?q=...&language=...&lang=... would be, and scored against
// DEVSET/qrels.tsv (graded 0/1/2, linear gain as trec_eval). The table has one row per kind of
// user, in file order, and one for all queries. --per-query writes one TSV line per query.
//
// Returns the process exit status: 0 success, 1 a run failed, 2 unreadable or malformed input.
// Not thread-safe (writes to stdout and the work folder).
#pragma once

#include <string>

#include "indexer/index_writer.h"
#include "server/services/search_service.h"

namespace ch::bench {

struct DevsetOptions {
  std::string corpus_dir;      // holds resources/ and taxonomy.yaml
  std::string devset_dir;      // holds queries.tsv and qrels.tsv
  std::string work_dir;        // WORK/index is (re)built here
  std::string per_query_path;  // "" for none
  std::string description;     // the ranking options, printed above the table
  std::string language;        // the `language` filter of every query ("" for none)
  std::string page_language;   // the page's language of every query (SearchRequest)
  SearchServiceOptions service;
  IndexOptions index;
};

int RunDevset(const DevsetOptions& options);

}  // namespace ch::bench
