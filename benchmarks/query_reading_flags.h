// query_reading_flags.h: the switches ch-bench-relevance and ch-bench-search share for the query
// readings of issue 12's ninth round, so that both measure the same thing by the same names.
//
//   QueryReadingFlags readings;
//   readings.AddTo(app);              // --no-american-spellings, --no-hyphenated-names
//   ... app.parse ...
//   readings.ApplyTo(service_options.query);
#pragma once

#include <CLI/CLI.hpp>

#include "server/services/query_builder.h"

namespace ch::bench {

struct QueryReadingFlags {
  bool no_american_spellings = false;
  bool no_hyphenated_names = false;

  void AddTo(CLI::App& app) {
    app.add_flag("--no-american-spellings", no_american_spellings,
                 "do not read a British spelling as the American one the index holds before "
                 "parsing (QueryOptions::american_spellings)");
    app.add_flag("--no-hyphenated-names", no_hyphenated_names,
                 "do not read a word typed joined as the taxonomy's hyphenated word (\"realtime\": "
                 "\"real-time\"), nor add a hyphenated name's concept "
                 "(QueryOptions::hyphenated_names)");
  }
  void ApplyTo(QueryOptions& query) const {
    if (no_american_spellings) query.american_spellings = false;
    if (no_hyphenated_names) query.hyphenated_names = false;
  }
};

}  // namespace ch::bench
