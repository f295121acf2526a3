// store_support.h: what every ToolkitStore implementation needs alike (toolkit_store.h).
//
// NowMs() is the wall clock in Unix milliseconds, the unit of Toolkit::created_at_ms and
// updated_at_ms. NoSuchToolkit(id) is the one NotFound message of the stores. Guarded(body) runs
// a store operation and turns any exception (std::bad_alloc, in practice) into Internal, so that
// none leaves a store, as the interface promises. Header-only; thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <string>

#include "base/status.h"

namespace ch::internal {

inline int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

inline Status NoSuchToolkit(const std::string& id) {
  return Status::NotFound("no toolkit with id '" + id + "'");
}

template <typename T, typename F>
T Guarded(F&& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("toolkit store: ") + e.what());
  } catch (...) {
    return Status::Internal("toolkit store: unknown exception");
  }
}

}  // namespace ch::internal
