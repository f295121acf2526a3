// curator_access.h: who may change the library. Authenticates curator keys, throttles addresses
// that keep failing, and records every change in the audit log; the curator routes call it before
// and after each CuratorService call, so these rules live in one service and not in HTTP code.
//
//   CuratorAccess access(keys, limiter, audit);
//   int retry_after = 0;
//   Result<std::string> key = access.Authenticate(token, client_address, &retry_after);
//   ... change the library ...
//   access.Record({.key = *key, .action = "update", ...});
//
// Errors of Authenticate: RateLimited (too many failures from `client`; *retry_after_seconds
// says how long to wait), Unauthenticated (no or bad key; counted against `client`), and the key
// store's IOError/Corruption. Record never fails the request: an audit log that cannot be written
// is reported on `log` (an operator's problem, not the curator's).
// The stores are not owned and must outlive this object. Thread-safe (the stores are).
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "base/status.h"
#include "server/services/api_keys.h"
#include "server/services/audit_log.h"
#include "server/services/rate_limiter.h"

namespace ch {

class CuratorAccess {
 public:
  CuratorAccess(ApiKeyStore& keys, RateLimiter& limiter, AuditLog& audit,
                std::ostream* log = nullptr);

  // The key's name for a curator's bearer token sent from `client` (an address).
  Result<std::string> Authenticate(std::string_view token, const std::string& client,
                                   int* retry_after_seconds);
  // Appends one entry (its time is set by the log).
  void Record(AuditEntry entry);
  Result<AuditPage> ReadAudit(size_t page, size_t per_page, const AuditFilter& filter = {}) {
    return audit_.Read(page, per_page, filter);
  }
  // Keeps a version's text for the audit page's diffs; a failure is reported on `log` only.
  void KeepVersion(const std::string& hash, const std::string& text);
  Result<std::string> ReadVersion(const std::string& hash) { return audit_.ReadVersion(hash); }

 private:
  ApiKeyStore& keys_;
  RateLimiter& limiter_;
  AuditLog& audit_;
  std::ostream* log_;
};

}  // namespace ch
