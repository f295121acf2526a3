// peer_searchers.h: ch-bench-search's runners for the peer systems, SQLite FTS5 and Omega's
// quest; how each translates our requests, and what it drops, is in peer_queries.h.
//
//   fts5   one SQLite connection per thread (SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX) on
//          the database ch-bench-index's fts5 variant writes. Per query: BuildFts5Search, then
//          prepare, bind and step the page statement (id, title and snippet of every hit) and,
//          when facets are asked for, the counts statement; statements are prepared per query,
//          as an application building its SQL from the request would.
//   quest  one `quest` process per query on the database omindex writes, its output read
//          through a pipe to the end; the time is the whole call (start-up, opening the
//          database, parsing, matching, printing). ChildCpuMs() is the process's user + system
//          time (wait4). With `floor` set the runner ignores the request and runs an empty
//          query: the start-up floor a reader can subtract from quest's figures.
//
//   auto runner = MakeFts5Runner("build/bench/peers-1k/db-fts5/fts5.sqlite");
//   std::string error;
//   if (!runner->Run(query, &error)) ...
//
// A runner that cannot open its database fails every Run() with the reason.
#pragma once

#include <memory>
#include <string>

#include "benchmarks/search_runner.h"

namespace ch::bench {

std::unique_ptr<Runner> MakeFts5Runner(const std::string& db_path);

// `quest` is the program to run (looked up in PATH when it has no slash).
std::unique_ptr<Runner> MakeQuestRunner(const std::string& quest, const std::string& db_dir,
                                        bool floor);

}  // namespace ch::bench
