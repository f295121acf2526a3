// metrics.h: request counters and latency histograms per route, in Prometheus text format.
//
// Routes are registered up front (the route table), so recording is lock-free: fixed arrays of
// atomics indexed by route and by status code. Index gauges (documents, generation) are read at
// scrape time through a callback. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/http/connection_limits.h"
#include "server/services/search_types.h"

namespace ch {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // Returns the route's index for Record. Call before serving starts.
  size_t AddRoute(const std::string& name);
  void Record(size_t route, int status, double seconds);
  const std::string& RouteName(size_t route) const { return routes_.at(route)->name; }
  // Extra text appended to the exposition (gauges computed at scrape time), in the order added.
  // Call before serving starts.
  void AddGauges(std::function<std::string()> gauges) { gauges_.push_back(std::move(gauges)); }
  std::string Render() const;

 private:
  struct Route {
    std::string name;
    std::array<std::atomic<uint64_t>, 600> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> sum_micros{0};
    std::atomic<uint64_t> count{0};
  };
  std::vector<std::unique_ptr<Route>> routes_;
  std::vector<std::function<std::string()>> gauges_;
};

// The index and shard gauges (documents, generation, ready, each shard's state and failures) in
// Prometheus text, for Metrics::AddGauges.
std::string RenderIndexGauges(const IndexStatus& status);

// The waiting room's connections by state and what it refused or closed (connection_limits.h),
// which no route sees and the access log does not list, in Prometheus text.
std::string RenderConnectionGauges(const ConnectionStats& stats);

}  // namespace ch
