// audit_log.h: one JSON line per curator change, in DATA_DIR/audit.log.
//
// Each line: {"time","key","action","id","content_hash","result","remote"} and, for an update,
// "previous_hash" (the version it replaced). Append() writes the
// line and fdatasyncs before returning, so a change acknowledged to a curator is in the log too.
// Read() pages through the log newest first. Lines that are not valid JSON (a line torn by a crash)
// are skipped; Append() first ends such a torn last line, so the entry after it is kept.
//
// The text of each version a curator saved (and of the version an update replaced) is kept in
// DATA_DIR/audit-versions/HASH.md, named by its SHA-256 (the entry's content_hash), so the
// workspace can show a diff between versions. Bounded: at most `max_versions` files and
// `max_version_bytes` in all (2,000 files, 256 MiB by default); the oldest files go first. A
// version that was pruned, or saved before versions were kept, is NotFound (the diff says so).
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"

namespace ch {

struct AuditEntry {
  std::string time;           // RFC 3339 UTC, set by Append
  std::string key;            // the API key's name
  std::string action;         // create, update, delete
  std::string id;             // resource id
  std::string content_hash;   // of the stored file ("" for a delete)
  std::string result;         // "ok" or the error code
  std::string remote;         // client address
  std::string previous_hash;  // an update's replaced version ("" otherwise; left out when "")
};

class JsonWriter;
// Writes one entry as a JSON object: the log line and the API's entries share this shape.
void WriteAuditEntry(JsonWriter& w, const AuditEntry& e);

// Which entries Read returns: "" matches any.
struct AuditFilter {
  std::string id;
  std::string key;
};

struct AuditVersionLimits {
  size_t max_versions = 2000;
  uint64_t max_version_bytes = 256ull << 20;
};

struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  size_t total = 0;
};

class AuditLog {
 public:
  explicit AuditLog(std::string data_dir, AuditVersionLimits limits = {});
  Status Append(AuditEntry entry);
  Result<AuditPage> Read(size_t page, size_t per_page, const AuditFilter& filter = {});
  // Keeps `text` as the version `hash` (its SHA-256, lowercase hex), then prunes to the limits.
  Status KeepVersion(const std::string& hash, const std::string& text);
  // The text of version `hash`: InvalidArgument for a malformed hash, NotFound when not kept.
  Result<std::string> ReadVersion(const std::string& hash);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string versions_dir_;
  AuditVersionLimits limits_;
  std::mutex mutex_;
};

}  // namespace ch
