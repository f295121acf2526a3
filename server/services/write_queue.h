// write_queue.h: one thread that runs write jobs one at a time, in submission order.
//
// Xapian allows one writer per database; the server funnels every curator write through this
// queue so that the single IndexWriter is only ever used from one thread. Submit returns a future
// for the job's result; the caller waits on it (a curator's request is answered only once its
// change is committed). Jobs still queued at destruction run before the thread exits.
//
// Thread-safe: Submit from any thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

namespace ch {

class WriteQueue {
 public:
  WriteQueue();
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  template <typename F>
  auto Submit(F job) -> std::future<decltype(job())> {
    using T = decltype(job());
    auto task = std::make_shared<std::packaged_task<T()>>(std::move(job));
    std::future<T> result = task->get_future();
    Enqueue([task] { (*task)(); });
    return result;
  }

 private:
  void Enqueue(std::function<void()> job);
  void Run();

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace ch
