// file_util.h: small, careful file-system helpers.
//
// ReadFile reads a whole file, refusing files above `max_bytes` (ResourceExhausted) so that one
// huge file cannot exhaust memory. WriteFileAtomic writes through a temporary file in the same
// folder, fsyncs it, renames it over the target and fsyncs the folder, so a crash leaves either
// the old or the new content, never a mix. Errors are IOError naming the path and errno text.
// Thread-safe; concurrent writers of the same path must be serialised by the caller.
#pragma once

#include <cstddef>
#include <string>

#include "base/status.h"

namespace ch {

inline constexpr size_t kNoSizeLimit = static_cast<size_t>(-1);

Result<std::string> ReadFile(const std::string& path, size_t max_bytes = kNoSizeLimit);
Status WriteFileAtomic(const std::string& path, const std::string& contents);
// fsync of a directory, so that renames and creations inside it are durable.
Status SyncDirectory(const std::string& dir);

}  // namespace ch
