// rate_limiter.h: slows down repeated failed attempts from one address.
//
// Each address may fail `max_failures` times within `window`; after that, Check() refuses it
// (RateLimited, with the seconds to wait) until the window since its first counted failure has
// passed (SecondsToWait > 0). A success does not erase failures (so a guessing client cannot reset
// its count with one good key of its own). At most `max_addresses` are tracked; the oldest are
// forgotten first. Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ch {

struct RateLimiterOptions {
  int max_failures = 10;
  std::chrono::seconds window{60};
  size_t max_addresses = 100000;
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RateLimiter(RateLimiterOptions options = {}) : options_(options) {}

  // 0 when `address` may try now, else how many seconds it must wait.
  int SecondsToWait(const std::string& address);
  void RecordFailure(const std::string& address);

 private:
  struct Window {
    Clock::time_point start;
    int failures = 0;
  };
  RateLimiterOptions options_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace ch
