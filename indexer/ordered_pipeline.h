// ordered_pipeline.h: work on two cores, in order: produce on a worker thread, consume on the
// caller's.
//
// RunOrderedPipeline(count, depth, produce, consume) calls produce(i) for i = 0..count-1 on one
// new thread and consume(i, item) with each result, in the same order, on the calling thread,
// with at most `depth` items produced and not yet consumed (so memory stays bounded). A full
// index build uses it to turn resources into Xapian documents while the caller's thread hands the
// previous ones to Xapian's inverter, which is single-threaded per database.
//
// Errors: an exception thrown by produce(i) is rethrown by RunOrderedPipeline once items before
// i are consumed; an exception thrown by consume stops the worker (it finishes at most the item
// in hand) and is rethrown. Either way the worker thread has been joined when the function
// returns or throws. Items must be movable; `produce` and `consume` must not share unguarded
// state, and an item must not keep references into state the worker goes on changing (a
// Xapian::Document the worker still points to, for example).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace ch {

template <typename Item, typename Produce, typename Consume>
void RunOrderedPipeline(size_t count, size_t depth, Produce&& produce, Consume&& consume) {
  if (depth == 0) depth = 1;
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Item> ready;
  std::exception_ptr produce_error;
  bool worker_done = false;
  bool stop = false;

  std::thread worker([&] {
    for (size_t i = 0; i < count; ++i) {
      std::optional<Item> item;
      try {
        item.emplace(produce(i));
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        produce_error = std::current_exception();
        break;
      }
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return stop || ready.size() < depth; });
      if (stop) break;
      ready.push_back(std::move(*item));
      changed.notify_all();
    }
    std::lock_guard<std::mutex> lock(mutex);
    worker_done = true;
    changed.notify_all();
  });

  auto stop_worker = [&] {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
      changed.notify_all();
    }
    worker.join();
  };

  try {
    for (size_t i = 0; i < count; ++i) {
      std::optional<Item> item;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return !ready.empty() || worker_done; });
        if (ready.empty()) break;  // the worker stopped early: produce threw
        item.emplace(std::move(ready.front()));
        ready.pop_front();
        changed.notify_all();
      }
      consume(i, std::move(*item));
    }
  } catch (...) {
    stop_worker();
    throw;
  }
  stop_worker();
  if (produce_error) std::rethrow_exception(produce_error);
}

}  // namespace ch
