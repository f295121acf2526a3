// startup_state.h: where the server is in its start-up, for /readyz and for the routes that must
// wait for it.
//
// The server listens at once and syncs the index with the corpus in the background
// (docs/deployment.md, "Start-up"). Meanwhile:
//   - /healthz answers 200 (the process is up);
//   - /readyz answers 503 with the sync's progress, then 200 once the sync is done;
//   - the public API serves the index that was there at start, if it held documents (a restart
//     after edits: the answers are at most as stale as the corpus changes not yet indexed);
//     without one (a first start) it answers 503 "starting" with Retry-After until the sync ends;
//   - the curator API answers 503 "starting" until the sync ends, so that no write waits behind
//     it (and a failed sync keeps it closed).
//
// Thread-safety: every method from any thread; the sync thread calls Finish once.
#pragma once

#include <atomic>
#include <mutex>
#include <string>

#include "base/status.h"
#include "indexer/index_progress.h"

namespace ch {

class StartupState {
 public:
  enum class Stage { kSyncing, kReady, kFailed };
  struct View {
    Stage stage = Stage::kReady;
    IndexProgress::Snapshot progress;
    std::string message;  // why it failed
  };

  // `syncing`: a start-up sync is about to run. `had_index`: the index held documents before it.
  StartupState(bool syncing, bool had_index)
      : stage_(syncing ? Stage::kSyncing : Stage::kReady), had_index_(had_index) {}

  // The progress the sync reports into.
  IndexProgress& progress() { return progress_; }
  // The sync ended: ready when `status` is OK, failed otherwise.
  void Finish(const Status& status);

  View Read() const;
  bool ready() const { return stage_.load() == Stage::kReady; }
  // Whether the public API may answer (the curator API waits for ready()).
  bool public_open() const { return stage_.load() != Stage::kSyncing || had_index_; }

 private:
  std::atomic<Stage> stage_;
  const bool had_index_;
  IndexProgress progress_;
  mutable std::mutex mutex_;
  std::string message_;
};

// "syncing", "ready" or "failed".
const char* StageName(StartupState::Stage stage);

}  // namespace ch
