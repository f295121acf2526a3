// audit_log.h: one JSON line per curator change, in DATA_DIR/audit.log.
//
// Each line: {"time","key","action","id","content_hash","result","remote"}. Append() writes the
// line and fdatasyncs before returning, so a change acknowledged to a curator is in the log too.
// Read() pages through the log newest first. Lines that are not valid JSON (a line torn by a crash)
// are skipped; Append() first ends such a torn last line, so the entry after it is kept.
// Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"

namespace ch {

struct AuditEntry {
  std::string time;          // RFC 3339 UTC, set by Append
  std::string key;           // the API key's name
  std::string action;        // create, update, delete
  std::string id;            // resource id
  std::string content_hash;  // of the stored file ("" for a delete)
  std::string result;        // "ok" or the error code
  std::string remote;        // client address
};

class JsonWriter;
// Writes one entry as a JSON object: the log line and the API's entries share this shape.
void WriteAuditEntry(JsonWriter& w, const AuditEntry& e);

struct AuditPage {
  std::vector<AuditEntry> entries;  // newest first
  size_t total = 0;
};

class AuditLog {
 public:
  explicit AuditLog(std::string data_dir);
  Status Append(AuditEntry entry);
  Result<AuditPage> Read(size_t page, size_t per_page);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::mutex mutex_;
};

}  // namespace ch
