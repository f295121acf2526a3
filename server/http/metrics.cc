#include "server/http/metrics.h"

#include <cstdio>

namespace ch {

size_t Metrics::AddRoute(const std::string& name) {
  for (size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i]->name == name) return i;
  }
  routes_.push_back(std::make_unique<Route>());
  routes_.back()->name = name;
  return routes_.size() - 1;
}

void Metrics::Record(size_t route, int status, double seconds) {
  if (route >= routes_.size()) return;
  Route& r = *routes_[route];
  if (status >= 0 && status < 600) r.by_status[status].fetch_add(1, std::memory_order_relaxed);
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  r.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  r.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  r.count.fetch_add(1, std::memory_order_relaxed);
}

std::string Metrics::Render() const {
  std::string out;
  char line[256];
  out += "# HELP clearinghouse_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE clearinghouse_http_requests_total counter\n";
  for (const auto& r : routes_) {
    for (int status = 0; status < 600; ++status) {
      uint64_t n = r->by_status[status].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::snprintf(line, sizeof line,
                    "clearinghouse_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
                    r->name.c_str(), status, static_cast<unsigned long long>(n));
      out += line;
    }
  }
  out += "# HELP clearinghouse_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE clearinghouse_http_request_duration_seconds histogram\n";
  for (const auto& r : routes_) {
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += r->buckets[b].load(std::memory_order_relaxed);
      char le[32];
      if (b < kBuckets.size()) {
        std::snprintf(le, sizeof le, "%g", kBuckets[b]);
      } else {
        std::snprintf(le, sizeof le, "+Inf");
      }
      std::snprintf(line, sizeof line,
                    "clearinghouse_http_request_duration_seconds_bucket{route=\"%s\",le=\"%s\"} "
                    "%llu\n",
                    r->name.c_str(), le, static_cast<unsigned long long>(cumulative));
      out += line;
    }
    std::snprintf(line, sizeof line,
                  "clearinghouse_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n"
                  "clearinghouse_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
                  r->name.c_str(), r->sum_micros.load(std::memory_order_relaxed) / 1e6,
                  r->name.c_str(),
                  static_cast<unsigned long long>(r->count.load(std::memory_order_relaxed)));
    out += line;
  }
  if (gauges_) out += gauges_();
  return out;
}

namespace {
std::string ShardGauges(const std::vector<ShardHealth>& shards) {
  if (shards.empty()) return "";
  std::string out =
      "# HELP clearinghouse_shard_up 1 when the remote shard answers.\n"
      "# TYPE clearinghouse_shard_up gauge\n";
  for (const auto& s : shards) {
    out += "clearinghouse_shard_up{shard=\"" + s.name + "\"} " + (s.up ? "1" : "0") + "\n";
  }
  out +=
      "# HELP clearinghouse_shard_failures_total Times the remote shard was found down.\n"
      "# TYPE clearinghouse_shard_failures_total counter\n";
  for (const auto& s : shards) {
    out += "clearinghouse_shard_failures_total{shard=\"" + s.name + "\"} " +
           std::to_string(s.failures) + "\n";
  }
  return out;
}
}  // namespace

std::string RenderIndexGauges(const IndexStatus& status) {
  return ShardGauges(status.shards) +
         "# HELP clearinghouse_index_documents Documents in the live index.\n"
         "# TYPE clearinghouse_index_documents gauge\n"
         "clearinghouse_index_documents " +
         std::to_string(status.documents) +
         "\n"
         "# HELP clearinghouse_index_generation Change generation of the live index.\n"
         "# TYPE clearinghouse_index_generation gauge\n"
         "clearinghouse_index_generation " +
         std::to_string(status.generation) +
         "\n"
         "# HELP clearinghouse_index_ready 1 when the index is open and searchable.\n"
         "# TYPE clearinghouse_index_ready gauge\n"
         "clearinghouse_index_ready " +
         std::string(status.ready ? "1" : "0") + "\n";
}

}  // namespace ch
