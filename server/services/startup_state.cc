#include "server/services/startup_state.h"

namespace ch {

void StartupState::Finish(const Status& status) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    message_ = status.ok() ? "" : status.message();
  }
  stage_.store(status.ok() ? Stage::kReady : Stage::kFailed);
}

StartupState::View StartupState::Read() const {
  View view;
  view.stage = stage_.load();
  view.progress = progress_.Read();
  std::lock_guard<std::mutex> lock(mutex_);
  view.message = message_;
  return view;
}

const char* StageName(StartupState::Stage stage) {
  switch (stage) {
    case StartupState::Stage::kSyncing:
      return "syncing";
    case StartupState::Stage::kReady:
      return "ready";
    case StartupState::Stage::kFailed:
      return "failed";
  }
  return "unknown";
}

}  // namespace ch
