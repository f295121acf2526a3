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
  for (const auto& gauges : gauges_) out += gauges();
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

std::string RenderConnectionGauges(const ConnectionStats& stats) {
  std::string out =
      "# HELP clearinghouse_connections Open connections by state: waiting in the room (idle or "
      "reading), queued for a worker, held by a worker, or being written by the room.\n"
      "# TYPE clearinghouse_connections gauge\n";
  const std::pair<const char*, size_t> states[] = {
      {"open", stats.open}, {"idle", stats.idle},       {"queued", stats.queued},
      {"busy", stats.busy}, {"writing", stats.writing},
  };
  for (const auto& [state, count] : states) {
    out += "clearinghouse_connections{state=\"" + std::string(state) + "\"} " +
           std::to_string(count) + "\n";
  }
  out +=
      "# HELP clearinghouse_connection_kept_bytes Response bytes the room keeps for slow "
      "readers.\n"
      "# TYPE clearinghouse_connection_kept_bytes gauge\n"
      "clearinghouse_connection_kept_bytes " +
      std::to_string(stats.deferred_bytes) +
      "\n"
      "# HELP clearinghouse_connections_refused_total Requests answered by the room itself: 503 "
      "overloaded (busy), 400, 413, 431 or 501 (unreadable), 408 (timed_out).\n"
      "# TYPE clearinghouse_connections_refused_total counter\n";
  const std::pair<const char*, uint64_t> refused[] = {
      {"busy", stats.refused_busy},
      {"unreadable", stats.refused_unreadable},
      {"timed_out", stats.timed_out},
  };
  for (const auto& [reason, count] : refused) {
    out += "clearinghouse_connections_refused_total{reason=\"" + std::string(reason) + "\"} " +
           std::to_string(count) + "\n";
  }
  return out +
         "# HELP clearinghouse_connections_closed_total Connections closed by the room: idle past "
         "the keep-alive time or the cap (idle), a response past its write deadline "
         "(write_timeout)."
         "\n# TYPE clearinghouse_connections_closed_total counter\n"
         "clearinghouse_connections_closed_total{reason=\"idle\"} " +
         std::to_string(stats.idle_closed) +
         "\n"
         "clearinghouse_connections_closed_total{reason=\"write_timeout\"} " +
         std::to_string(stats.write_timed_out) + "\n";
}

}  // namespace ch
