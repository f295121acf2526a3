#include "server/services/write_limiter.h"

#include <algorithm>
#include <cmath>

namespace ch {

const WriteRate& WriteLimiter::RateFor(WriteKind kind) const {
  switch (kind) {
    case WriteKind::kToolkitCreate:
      return limits_.toolkit_create;
    case WriteKind::kToolkitWrite:
      return limits_.toolkit_write;
    case WriteKind::kSuggestion:
      return limits_.suggestion;
    case WriteKind::kCurator:
      break;
  }
  return limits_.curator;
}

int WriteLimiter::TryAcquire(WriteKind kind, const std::string& address) {
  const WriteRate& rate = RateFor(kind);
  if (rate.per_period <= 0) return 0;
  double per_second = rate.per_period / static_cast<double>(rate.period.count());
  double burst = std::max(1.0, rate.burst);
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = Clock::now();
  auto key = std::make_pair(static_cast<int>(kind), address);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_addresses) Forget(now);
    it = buckets_.emplace(key, Bucket{burst, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst, b.tokens + elapsed * per_second);
  b.updated = now;
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / per_second)));
}

void WriteLimiter::Forget(Clock::time_point now) {
  // Buckets idle for a whole period are full again: forgetting them changes nothing.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const WriteRate& rate = RateFor(static_cast<WriteKind>(it->first.first));
    it = now - it->second.updated >= rate.period ? buckets_.erase(it) : std::next(it);
  }
  while (buckets_.size() >= limits_.max_addresses) {
    auto oldest = std::min_element(buckets_.begin(), buckets_.end(), [](auto& a, auto& b) {
      return a.second.updated < b.second.updated;
    });
    buckets_.erase(oldest);
  }
}

}  // namespace ch
