// fifo_gate.h: at most N holders at once; the others wait their turn in the order they came.
//
//   FifoGate gate(2);
//   {
//     FifoGate::Pass pass = gate.Enter();  // blocks while 2 others hold a pass
//     ... CPU-bound work ...
//   }                                      // the next in line enters
//
// Why: on a machine with few cores, a burst of CPU-bound requests that all run at once share the
// cores, so every one of them takes as long as the burst: a search of 20 ms of CPU among 8 at
// once answers after 80 ms. Let in about one per core, in arrival order, a request waits for the
// work queued before it and then runs at full speed, which shortens the slowest answers at a
// small cost in throughput (benchmarks/RESULTS.md, issue 15, Run 13).
//
// slots 0: no limit (Enter never waits). A Pass is movable, releases its slot when destroyed,
// and must not outlive the gate. Thread-safe: Enter may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace ch {

struct FifoGateStats {
  uint64_t entered = 0;  // passes handed out
  uint64_t waited = 0;   // of them, the ones that had to wait
  size_t inside = 0;     // passes held now
  size_t waiting = 0;    // callers waiting now
};

class FifoGate {
 public:
  class Pass {
   public:
    Pass(Pass&& other) noexcept : gate_(other.gate_) { other.gate_ = nullptr; }
    Pass& operator=(Pass&&) = delete;
    Pass(const Pass&) = delete;
    ~Pass() {
      if (gate_ != nullptr) gate_->Leave();
    }

   private:
    friend class FifoGate;
    explicit Pass(FifoGate* gate) : gate_(gate) {}
    FifoGate* gate_;
  };

  explicit FifoGate(size_t slots) : slots_(slots) {}
  FifoGate(const FifoGate&) = delete;
  FifoGate& operator=(const FifoGate&) = delete;

  // Waits until fewer than `slots` passes are held and every caller that came earlier has
  // entered.
  Pass Enter();
  FifoGateStats stats() const;
  size_t slots() const { return slots_; }

 private:
  void Leave();

  const size_t slots_;
  mutable std::mutex mutex_;
  std::condition_variable turn_;
  uint64_t next_ticket_ = 0;  // the ticket the next caller draws
  uint64_t left_ = 0;         // passes released so far: tickets below left_ + slots_ may enter
  FifoGateStats stats_;
};

}  // namespace ch
