#include "benchmarks/search_runner.h"

#include <fstream>
#include <iostream>
#include <utility>

#include "server/http/query_string.h"
#include "server/http/request_params.h"

namespace ch::bench {

// Loads the mix; every line must parse exactly as the HTTP API would parse it.
bool LoadQueries(const std::string& path, std::vector<BenchQuery>* out) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot read the query file\n";
    return false;
  }
  std::string line;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      std::cerr << path << ":" << line_number << ": expected KIND<TAB>PARAMS\n";
      return false;
    }
    BenchQuery q{line.substr(0, tab), line.substr(tab + 1), {}};
    ch::Result<ch::SearchRequest> request =
        ch::ParseSearchParams(ch::QueryParams::FromTarget("/api/v1/search?" + q.params));
    if (!request.ok()) {
      std::cerr << path << ":" << line_number << ": " << request.status().ToString() << "\n";
      return false;
    }
    q.request = std::move(request).value();
    out->push_back(std::move(q));
  }
  if (out->empty()) {
    std::cerr << path << ": no queries\n";
    return false;
  }
  return true;
}

}  // namespace ch::bench
