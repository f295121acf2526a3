// write_limiter.h: how many writes one client address may make, per kind of write.
//
// Each (kind, address) has a token bucket: `burst` writes at once, refilled at `per_period`
// writes per `period`. TryAcquire takes one token, or says how many seconds until one is free.
// Defaults (per address):
//   toolkit creations (create, copy)        20 per hour, burst 20: bounds the store's growth
//                                           (100 toolkits of 256 KB grew it by 31 MB)
//   other toolkit writes (PUT, PATCH,       120 per minute, burst 60
//     DELETE, draft)
//   curator calls (all, before the key      600 per minute, burst 600: the single write queue
//     is checked)                           stays free for other curators
//   suggestions from the public             10 per hour, burst 5: a person suggests a few
//                                           resources; a script is stopped early
// The address is the client's (client_address.h: behind a trusted proxy, from X-Forwarded-For).
// At most `max_addresses` buckets are kept; full buckets are forgotten first, then the oldest.
//
// Thread-safe (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace ch {

enum class WriteKind { kToolkitCreate, kToolkitWrite, kCurator, kSuggestion };

struct WriteRate {
  double per_period = 0;  // 0: unlimited
  std::chrono::seconds period{60};
  double burst = 1;
};

struct WriteLimits {
  WriteRate toolkit_create{20, std::chrono::hours(1), 20};
  WriteRate toolkit_write{120, std::chrono::minutes(1), 60};
  WriteRate curator{600, std::chrono::minutes(1), 600};
  WriteRate suggestion{10, std::chrono::hours(1), 5};
  size_t max_addresses = 100000;
};

class WriteLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit WriteLimiter(WriteLimits limits = {}) : limits_(limits) {}

  // 0 when `address` may write now (a token is taken), else the seconds to wait (>= 1).
  int TryAcquire(WriteKind kind, const std::string& address);

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  const WriteRate& RateFor(WriteKind kind) const;
  void Forget(Clock::time_point now);

  WriteLimits limits_;
  std::mutex mutex_;
  std::map<std::pair<int, std::string>, Bucket> buckets_;
};

}  // namespace ch
