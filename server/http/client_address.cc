#include "server/http/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include "server/http/api_error.h"

namespace ch {
namespace {

bool IsIpAddress(const std::string& s) {
  unsigned char buf[sizeof(in6_addr)];
  return inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t"));
  s.erase(s.find_last_not_of(" \t") + 1);
  return s;
}

bool Trusted(const std::vector<std::string>& trusted, const std::string& address) {
  return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

}  // namespace

std::string ClientAddress(const httplib::Request& req,
                          const std::vector<std::string>& trusted_proxies) {
  if (!Trusted(trusted_proxies, req.remote_addr)) return req.remote_addr;
  // Every X-Forwarded-For header, in order, as one list.
  std::vector<std::string> hops;
  size_t count = req.get_header_value_count("X-Forwarded-For");
  for (size_t i = 0; i < count; ++i) {
    std::string value = req.get_header_value("X-Forwarded-For", i);
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      hops.push_back(Trim(value.substr(start, comma - start)));
      start = comma + 1;
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (Trusted(trusted_proxies, *it)) continue;
    return IsIpAddress(*it) ? *it : req.remote_addr;
  }
  return req.remote_addr;
}

bool WriteGuard::Allow(const std::string& address, WriteKind kind, httplib::Response& res) {
  int wait = limiter_.TryAcquire(kind, address);
  if (wait == 0) return true;
  res.set_header("Retry-After", std::to_string(wait));
  WriteError(res, Status::RateLimited("too many writes from this address; try again in " +
                                      std::to_string(wait) + " seconds"));
  return false;
}

}  // namespace ch
