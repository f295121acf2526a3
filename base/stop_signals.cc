#include "base/stop_signals.h"

#include <pthread.h>
#include <unistd.h>

namespace ch {

StopSignals::StopSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  thread_ = std::thread([this] { Wait(); });
}

StopSignals::~StopSignals() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  pthread_kill(thread_.native_handle(), SIGTERM);  // wakes sigwait; seen as closing
  thread_.join();
}

void StopSignals::OnStop(std::function<void()> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  callbacks_.push_back(std::move(callback));
}

void StopSignals::ClearCallbacks() {
  std::lock_guard<std::mutex> lock(mutex_);
  callbacks_.clear();
}

void StopSignals::RequestStop() {
  std::vector<std::function<void()>> callbacks;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (source_.stop_requested()) return;
    source_.request_stop();
    callbacks.swap(callbacks_);
  }
  for (auto& callback : callbacks) callback();
}

void StopSignals::Wait() {
  while (true) {
    int received = 0;
    if (sigwait(&set_, &received) != 0) continue;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closing_) return;
    }
    if (source_.stop_requested()) _exit(128 + received);  // the second signal
    signal_ = received;
    RequestStop();
  }
}

}  // namespace ch
