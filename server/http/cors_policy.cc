#include "server/http/cors_policy.h"

#include <algorithm>

namespace ch {

bool IsApiPath(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/feed.atom";
}

std::string AllowedOrigin(const std::vector<std::string>& allowed, std::string_view path,
                          std::string_view origin) {
  if (origin.empty() || !IsApiPath(path)) return "";
  for (const std::string& entry : allowed) {
    if (entry == "*") return "*";
    if (entry == origin) return std::string(origin);
  }
  return "";
}

}  // namespace ch
