#include "server/services/curator_access.h"

#include <iostream>

namespace ch {

CuratorAccess::CuratorAccess(ApiKeyStore& keys, RateLimiter& limiter, AuditLog& audit,
                             std::ostream* log)
    : keys_(keys), limiter_(limiter), audit_(audit), log_(log ? log : &std::cerr) {}

Result<std::string> CuratorAccess::Authenticate(std::string_view token, const std::string& client,
                                                int* retry_after_seconds) {
  *retry_after_seconds = 0;
  if (int wait = limiter_.SecondsToWait(client); wait > 0) {
    *retry_after_seconds = wait;
    return Status::RateLimited("too many failed attempts from this address; try again in " +
                               std::to_string(wait) + " seconds");
  }
  Result<std::string> key = keys_.Authenticate(std::string(token));
  if (!key.ok() && key.status().code() == Status::Code::kUnauthenticated) {
    limiter_.RecordFailure(client);
  }
  return key;
}

void CuratorAccess::KeepVersion(const std::string& hash, const std::string& text) {
  Status kept = audit_.KeepVersion(hash, text);
  if (!kept.ok() && log_) *log_ << "audit versions: " << kept.ToString() << std::endl;
}

void CuratorAccess::Record(AuditEntry entry) {
  Status logged = audit_.Append(std::move(entry));
  if (!logged.ok()) *log_ << "audit log: " << logged.ToString() << std::endl;
}

}  // namespace ch
