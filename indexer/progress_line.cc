#include "indexer/progress_line.h"

#include <unistd.h>

#include <cstdio>

namespace ch {
namespace {

using Clock = std::chrono::steady_clock;

void Print(const IndexProgress::Snapshot& now, double seconds) {
  const char* name = IndexPhaseName(now.phase);
  const bool documents = now.phase == IndexPhase::kIndexing;
  const char* unit = documents ? "documents" : "files";
  if (now.total == 0) {
    std::fprintf(stderr, "\r\033[K%s %zu %s", name, now.done, unit);
    return;
  }
  double rate = seconds > 0 ? now.done / seconds : 0;
  std::fprintf(stderr, "\r\033[K%s %zu/%zu %s, %.0f %s/s", name, now.done, now.total, unit, rate,
               documents ? "docs" : "files");
  if (rate > 0 && now.done < now.total) {
    std::fprintf(stderr, ", ETA %.0f s", (now.total - now.done) / rate);
  }
}

}  // namespace

ProgressLine::ProgressLine(const IndexProgress& progress) : progress_(progress) {
  if (::isatty(STDERR_FILENO)) thread_ = std::thread([this] { Run(); });
}

ProgressLine::~ProgressLine() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

double ProgressLine::seconds() const {
  return std::chrono::duration<double>(Clock::now() - start_).count();
}

void ProgressLine::Run() {
  IndexPhase phase = IndexPhase::kStarting;
  Clock::time_point phase_start = Clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return done_; })) {
    IndexProgress::Snapshot now = progress_.Read();
    if (now.phase == IndexPhase::kDone) break;
    if (now.phase != phase) {
      phase = now.phase;
      phase_start = Clock::now();
    }
    Print(now, std::chrono::duration<double>(Clock::now() - phase_start).count());
    std::fflush(stderr);
  }
  std::fputs("\r\033[K", stderr);  // clear the line for what follows
}

}  // namespace ch
