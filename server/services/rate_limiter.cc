#include "server/services/rate_limiter.h"

namespace ch {

int RateLimiter::SecondsToWait(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = windows_.find(address);
  if (it == windows_.end()) return 0;
  auto elapsed = Clock::now() - it->second.start;
  if (elapsed >= options_.window) {
    windows_.erase(it);
    return 0;
  }
  if (it->second.failures < options_.max_failures) return 0;
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::seconds>(options_.window - elapsed).count() + 1);
}

void RateLimiter::RecordFailure(const std::string& address) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto now = Clock::now();
  auto it = windows_.find(address);
  if (it == windows_.end() || now - it->second.start >= options_.window) {
    if (windows_.size() >= options_.max_addresses) {
      auto oldest = windows_.begin();
      for (auto w = windows_.begin(); w != windows_.end(); ++w) {
        if (w->second.start < oldest->second.start) oldest = w;
      }
      windows_.erase(oldest);
    }
    windows_[address] = Window{now, 1};
    return;
  }
  ++it->second.failures;
}

}  // namespace ch
