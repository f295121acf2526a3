// search_runner.h: one query of ch-bench-search's mix, how the mix is read, and the interface
// each variant implements to answer it (raw Xapian, our service, SQLite FTS5, Omega's quest).
//
// ch-bench-search makes one Runner per thread, on that thread, and times each Run() call: wall
// time, and the thread's CPU time plus ChildCpuMs() for runners whose work happens in another
// process.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "server/services/search_types.h"

namespace ch::bench {

struct BenchQuery {
  std::string kind;       // the mix's first column: single, phrase, faceted, ...
  std::string params;     // the API's query string
  SearchRequest request;  // ParseSearchParams of params
};

// Appends the mix in `path` (KIND<TAB>PARAMS per line, '#' for comments) to `out`; every line
// must parse exactly as the HTTP API would parse it. On failure says which line and why on
// stderr and returns false.
bool LoadQueries(const std::string& path, std::vector<BenchQuery>* out);

// One thread's way of answering a query. Not thread-safe: one per thread.
class Runner {
 public:
  virtual ~Runner() = default;
  // Answers `q`, reading every result as an application would. On failure returns false and
  // says why in `*error`.
  virtual bool Run(const BenchQuery& q, std::string* error) = 0;
  // CPU time that the last Run() spent in other processes (0 for in-process runners).
  virtual double ChildCpuMs() const { return 0; }
  // The exact number of documents `q` matches (after its filters), to check that the systems
  // answer comparable queries; false (and why) on failure or when the runner cannot count.
  virtual bool CountMatches(const BenchQuery& q, uint64_t* matches, std::string* error) {
    (void)q, (void)matches;
    *error = "this variant does not count matches";
    return false;
  }
};

}  // namespace ch::bench
