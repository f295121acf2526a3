#include "base/fifo_gate.h"

namespace ch {

FifoGate::Pass FifoGate::Enter() {
  std::unique_lock<std::mutex> lock(mutex_);
  ++stats_.entered;
  if (slots_ == 0) return Pass(nullptr);
  const uint64_t ticket = next_ticket_++;
  if (ticket >= left_ + slots_) {
    ++stats_.waited;
    ++stats_.waiting;
    turn_.wait(lock, [&] { return ticket < left_ + slots_; });
    --stats_.waiting;
  }
  ++stats_.inside;
  return Pass(this);
}

void FifoGate::Leave() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++left_;
    --stats_.inside;
  }
  turn_.notify_all();  // the next ticket's holder is among the waiters
}

FifoGateStats FifoGate::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

}  // namespace ch
