// client_address.h: who the client is, and whether it may write now.
//
// ClientAddress: the peer address, unless the peer is one of the trusted proxies
// (--trusted-proxy ADDR, repeatable, exact addresses); then X-Forwarded-For is read from the
// right, skipping trusted proxies, and the first other address is the client. A client that is
// not a trusted proxy cannot choose its address by sending X-Forwarded-For; an entry that is not
// an IP address falls back to the peer. So behind a proxy every client has its own limits, and an
// anonymous client cannot lock out curators by failing on the proxy's address.
//
// WriteGuard::Allow applies the per-address write limits (server/services/write_limiter.h): it
// returns true, or writes 429 rate_limited with Retry-After and returns false.
//
//   WriteGuard guard(options.write_limits, options.trusted_proxies);
//   if (!guard.Allow(req, WriteKind::kToolkitCreate, res)) return;
//
// Thread-safe.
#pragma once

#include <httplib.h>

#include <string>
#include <vector>

#include "server/services/write_limiter.h"

namespace ch {

std::string ClientAddress(const httplib::Request& req,
                          const std::vector<std::string>& trusted_proxies);

class WriteGuard {
 public:
  WriteGuard(WriteLimits limits, std::vector<std::string> trusted_proxies)
      : limiter_(limits), trusted_(std::move(trusted_proxies)) {}

  std::string ClientAddress(const httplib::Request& req) const {
    return ch::ClientAddress(req, trusted_);
  }
  bool Allow(const httplib::Request& req, WriteKind kind, httplib::Response& res) {
    return Allow(ClientAddress(req), kind, res);
  }
  bool Allow(const std::string& address, WriteKind kind, httplib::Response& res);

 private:
  WriteLimiter limiter_;
  std::vector<std::string> trusted_;
};

}  // namespace ch
