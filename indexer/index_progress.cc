#include "indexer/index_progress.h"

namespace ch {

const char* IndexPhaseName(IndexPhase phase) {
  switch (phase) {
    case IndexPhase::kStarting:
      return "starting";
    case IndexPhase::kScanning:
      return "scanning";
    case IndexPhase::kReading:
      return "reading";
    case IndexPhase::kIndexing:
      return "indexing";
    case IndexPhase::kCommitting:
      return "committing";
    case IndexPhase::kDone:
      return "done";
  }
  return "unknown";
}

}  // namespace ch
